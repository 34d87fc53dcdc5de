package dev.andon.server.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * One real PostgreSQL per test JVM (a cold start costs ~1.6 s), with a migrated template database;
 * each test that needs isolation gets a fresh copy of it in milliseconds.
 */
public final class TestPostgres {
    private static final String TEMPLATE = "andon_template";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestPostgres() {}

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
                execute("create database " + TEMPLATE);
                Flyway.configure().dataSource(postgres.getDatabase("postgres", TEMPLATE))
                        .locations("classpath:db/migration").load().migrate();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgres;
    }

    /** A new, migrated, empty database; returns its JDBC URL (user postgres, no password). */
    public static synchronized String newDatabase() {
        String name = "andon_test_" + COUNTER.incrementAndGet();
        postgres();
        execute("create database " + name + " template " + TEMPLATE);
        return postgres.getJdbcUrl("postgres", name);
    }

    public static DataSource dataSource(String jdbcUrl) {
        String name = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        return postgres().getDatabase("postgres", name);
    }

    /** Runs a statement as the superuser on the maintenance database (to cut a test database off, say). */
    public static void admin(String statement) {
        postgres();
        execute(statement);
    }

    private static void execute(String statement) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }
}
