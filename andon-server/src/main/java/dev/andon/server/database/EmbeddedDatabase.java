package dev.andon.server.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
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
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    public static EmbeddedDatabase start(Path dataDir, int port) {
        Path pgData = dataDir.toAbsolutePath().resolve("postgres");
        try {
            Files.createDirectories(pgData);
            stopOrphanedPostmaster(pgData);
            String password = password(dataDir.toAbsolutePath().resolve("postgres-password"));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setConnectConfig("password", password)
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("shared_buffers", "32MB")
                    // Idle memory (bench/startup.sh): reads go through the backends themselves, not
                    // an I/O worker process, and there is no logical-replication launcher (Andon
                    // subscribes to nothing). Each would be one more idle process of ~10 MB.
                    .setServerConfig("io_method", "sync")
                    .setServerConfig("max_logical_replication_workers", "0")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky's own JVM hook would stop PostgreSQL while Spring is still shutting down
                    // (the result writer's last batch, say); ours below runs after Spring is done.
                    .setRegisterShutdownHook(false);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedDatabase database = new EmbeddedDatabase(builder.start(), password);
            // Spring runs shutdown handlers after every application context has closed, and also
            // when the context never started, so PostgreSQL is never left running behind us.
            org.springframework.boot.SpringApplication.getShutdownHandlers().add(database::closeQuietly);
            database.requirePassword(pgData);
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

    /** The password of the postgres user; never logged, kept in DATA_DIR/postgres-password (mode 600). */
    public String password() {
        return password;
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", DATABASE);
    }

    /**
     * initdb trusts every local connection; on a shared host that would make any local account a
     * database superuser. On first start set the generated password and switch to scram-sha-256.
     */
    private void requirePassword(Path pgData) throws Exception {
        Path hba = pgData.resolve("pg_hba.conf");
        String rules = Files.readString(hba);
        if (!rules.lines().anyMatch(line -> !line.startsWith("#") && line.contains("trust"))) {
            return;
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("alter user postgres password '" + password.replace("'", "''") + "'");
            Files.writeString(hba, rules.lines()
                    .map(line -> line.startsWith("#") ? line : line.replaceAll("\\btrust\\b", "scram-sha-256"))
                    .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
            statement.execute("select pg_reload_conf()");
        }
    }

    /** Reads the stored database password, or creates one readable by this user only. */
    private static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        String password = java.util.HexFormat.of().formatHex(random);
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n");
        return password;
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
        // A live JVM holds zonky's lock file for as long as it uses the data directory: then the
        // postmaster is not an orphan but another Andon's database, and must not be touched.
        try (FileChannel channel = FileChannel.open(pgData.resolve("epg-lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(channel)) {
            if (lock == null) {
                throw new IllegalStateException("another Andon is already running on this data directory (its PostgreSQL has pid "
                        + pid.get() + "); stop it first, or give this one its own ANDON_DATA_DIR");
            }
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

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very JVM
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

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            log.warn("stopping the embedded PostgreSQL failed: {}", e.toString());
        }
    }

    /** PostgreSQL did not start; the message says why and how to use an external database. */
    public static final class DatabaseStartException extends RuntimeException {
        DatabaseStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
