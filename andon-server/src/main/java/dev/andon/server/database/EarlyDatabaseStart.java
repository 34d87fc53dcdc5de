package dev.andon.server.database;

import dev.andon.server.AndonProperties;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded PostgreSQL on its own thread as soon as the settings are known, so that
 * PostgreSQL's start overlaps Spring's context creation instead of following it. The data source
 * then takes the running database from here (or starts one itself when nothing was started early).
 */
public final class EarlyDatabaseStart {
    private static CompletableFuture<EmbeddedDatabase> pending;
    private static CompletableFuture<String> migrated;

    private EarlyDatabaseStart() {}

    public static ApplicationListener<ApplicationEnvironmentPreparedEvent> listener() {
        return event -> begin(event.getEnvironment());
    }

    static synchronized void begin(Environment environment) {
        AndonProperties properties = Binder.get(environment).bind("andon", AndonProperties.class)
                .orElseGet(() -> new AndonProperties(null, null, null));
        if (properties.database().external() || !environment.getProperty("spring.datasource.url", "").isBlank()) {
            return;
        }
        java.util.concurrent.Executor ownThread = command -> new Thread(command, "embedded-postgres-start").start();
        pending = CompletableFuture.supplyAsync(() -> EmbeddedDatabase.start(properties.dataDir(), properties.database().embeddedPort()), ownThread);
        // Migrating is the next thing the context would wait for: do it here too, on the idle core.
        String[] locations = environment.getProperty("spring.flyway.locations", "classpath:db/migration").split(",");
        migrated = pending.thenApply(database -> {
            return schemaVersion(Flyway.configure().dataSource(database.jdbcUrl(), "postgres", database.password())
                    .locations(locations).load().migrate());
        });
    }

    /** The schema version after a migration: the target, or the initial one when nothing was pending. */
    public static String schemaVersion(MigrateResult result) {
        return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    }

    /**
     * The schema version the early start migrated to, once; empty when there was no early start
     * or its migration failed (then the normal Flyway start runs and reports the failure).
     */
    public static synchronized Optional<String> migratedVersion() {
        if (migrated == null) {
            return Optional.empty();
        }
        CompletableFuture<String> future = migrated;
        migrated = null;
        try {
            return Optional.ofNullable(future.join());
        } catch (CompletionException e) {
            return Optional.empty();
        }
    }

    /** The database started early, once; empty when none was started. Rethrows its start failure as is. */
    static synchronized Optional<EmbeddedDatabase> take() {
        if (pending == null) {
            return Optional.empty();
        }
        CompletableFuture<EmbeddedDatabase> future = pending;
        pending = null;
        try {
            return Optional.of(future.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
