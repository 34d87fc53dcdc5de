package dev.andon.server.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs PostgreSQL from inside the JVM on a data directory that is kept between runs, with the
 * durability a production database needs (zonky's defaults are tuned for tests: fsync and
 * synchronous_commit off). Also cleans up after a JVM killed with -9, whose postmaster lives on.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final String DATABASE = "andon";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path dataDir, int port) {
        Path pgData = dataDir.toAbsolutePath().resolve("postgres");
        try {
            Files.createDirectories(pgData);
            stopOrphanedPostmaster(pgData);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("shared_buffers", "32MB")
                    .setServerConfig("io_workers", "1")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedDatabase database = new EmbeddedDatabase(builder.start());
            database.verifyDurable();
            database.createDatabaseIfMissing();
            log.info("Embedded PostgreSQL ready on port {} with data in {}", database.port(), pgData);
            return database;
        } catch (Exception e) {
            throw new DatabaseStartException(explain(e, pgData), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", DATABASE);
    }

    private void verifyDurable() throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit")) {
                try (ResultSet result = statement.executeQuery("show " + setting)) {
                    result.next();
                    if (!"on".equals(result.getString(1))) {
                        throw new IllegalStateException(setting + " is " + result.getString(1) + ", expected on: acknowledged data could be lost");
                    }
                }
            }
        }
    }

    private void createDatabaseIfMissing() throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (result.next()) {
                    return;
                }
            }
            statement.execute("create database " + DATABASE);
        }
    }

    /**
     * A JVM killed with -9 leaves its postmaster running on our data directory; a new one cannot
     * start beside it. Ask the old one for a fast shutdown (SIGINT), and force it only if it hangs.
     */
    static void stopOrphanedPostmaster(Path pgData) throws IOException, InterruptedException {
        Optional<Long> pid = postmasterPid(pgData);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().command().map(command -> command.contains("postgres")).orElse(false));
        if (process.isEmpty()) {
            return; // a stale pid file: PostgreSQL itself recovers from it
        }
        log.warn("Found PostgreSQL (pid {}) left running on {} by a previous Andon that did not stop cleanly; stopping it", pid.get(), pgData);
        new ProcessBuilder("kill", "-INT", pid.get().toString()).inheritIO().start().waitFor();
        if (!waitForExit(process.get(), Duration.ofSeconds(30))) {
            log.warn("PostgreSQL (pid {}) did not stop in 30 s; sending SIGQUIT (immediate shutdown, recovery on next start)", pid.get());
            new ProcessBuilder("kill", "-QUIT", pid.get().toString()).inheritIO().start().waitFor();
            if (!waitForExit(process.get(), Duration.ofSeconds(10))) {
                throw new IllegalStateException("PostgreSQL pid " + pid.get() + " still runs on " + pgData + "; stop it by hand");
            }
        }
    }

    static Optional<Long> postmasterPid(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || lines.getFirst().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(lines.getFirst().trim()));
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return !process.isAlive();
    }

    private static String explain(Exception e, Path pgData) {
        StringBuilder message = new StringBuilder("Embedded PostgreSQL could not start in " + pgData + ": " + rootMessage(e) + ".");
        if (runningAsRoot() && !unshareWorks()) {
            message.append(" Andon runs as root, so PostgreSQL must start in a user namespace (unshare -U), and this machine blocks it.");
        }
        message.append(" To use an external PostgreSQL (14 or newer) instead, set ANDON_DATABASE_URL=jdbc:postgresql://HOST:5432/andon")
                .append(" with ANDON_DATABASE_USER and ANDON_DATABASE_PASSWORD (see docs/CONFIG.md).");
        return message.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean unshareWorks() {
        try {
            Process process = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true).start();
            return process.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    /** PostgreSQL did not start; the message says why and how to use an external database. */
    public static final class DatabaseStartException extends RuntimeException {
        DatabaseStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
