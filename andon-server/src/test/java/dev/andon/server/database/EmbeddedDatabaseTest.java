package dev.andon.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database keeps every acknowledged commit across a kill -9 of the JVM, and the next
 * start copes with the postmaster the killed JVM left running.
 */
class EmbeddedDatabaseTest {
    @TempDir
    Path dataDir;

    @Test
    void whenPostgresCannotStartOneErrorNamesTheCauseAndTheExternalDatabaseSetting() throws Exception {
        Path notADirectory = java.nio.file.Files.writeString(dataDir.resolve("occupied"), "a file where the data directory should be");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedDatabase.start(notADirectory, 0))
                .isInstanceOf(EmbeddedDatabase.DatabaseStartException.class)
                .hasMessageContaining("Embedded PostgreSQL could not start in " + notADirectory.resolve("postgres"))
                .hasMessageContaining("ANDON_DATABASE_URL");
    }

    @Test
    void aSecondStartOnTheSameDataDirectoryLeavesTheRunningDatabaseAlone() throws Exception {
        try (EmbeddedDatabase running = EmbeddedDatabase.start(dataDir, 0)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 0))
                    .isInstanceOf(EmbeddedDatabase.DatabaseStartException.class)
                    .hasMessageContaining("another Andon is already running on this data directory");
            try (Connection connection = DriverManager.getConnection(running.jdbcUrl(), "postgres", running.password());
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("select 1")) {
                assertThat(result.next()).as("the first database still answers").isTrue();
            }
        }
    }

    @Test
    void acknowledgedCommitsSurviveKillNineAndTheOrphanedPostmasterIsHandled() throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                EmbeddedDatabaseChild.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int lastAcknowledged = 0;
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    lastAcknowledged = Integer.parseInt(line.substring(4));
                    if (lastAcknowledged >= 300) {
                        child.destroyForcibly(); // SIGKILL, mid-stream: no shutdown hook runs
                        break;
                    }
                } else {
                    lines.add(line);
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lastAcknowledged).as("child output: %s", lines).isGreaterThanOrEqualTo(300);
        long orphan = EmbeddedDatabase.postmasterPid(dataDir.resolve("postgres")).orElseThrow();
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("the killed JVM leaves its postmaster running").contains(true);

        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0);
             Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", database.password());
             Statement statement = connection.createStatement()) {
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            try (ResultSet result = statement.executeQuery("select count(*), max(n) from acknowledged")) {
                result.next();
                assertThat(result.getInt(2)).isGreaterThanOrEqualTo(lastAcknowledged);
                assertThat(result.getInt(1)).isEqualTo(result.getInt(2));
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), "postgres", "wrong"))
                    .as("local connections need the password").isInstanceOf(java.sql.SQLException.class);
            assertThat(java.nio.file.Files.getPosixFilePermissions(dataDir.resolve("postgres-password")))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            try (ResultSet fsync = statement.executeQuery("show fsync")) {
                fsync.next();
                assertThat(fsync.getString(1)).isEqualTo("on");
            }
        }

        try (EmbeddedDatabase restarted = EmbeddedDatabase.start(dataDir, 0);
             Connection connection = DriverManager.getConnection(restarted.jdbcUrl(), "postgres", restarted.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select count(*) from acknowledged")) {
            result.next();
            assertThat(result.getInt(1)).as("data is kept between clean restarts").isGreaterThanOrEqualTo(lastAcknowledged);
        }
    }
}
