package dev.andon.server.database;

import dev.andon.server.AndonProperties;
import java.util.Optional;
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
        pending = CompletableFuture.supplyAsync(() -> EmbeddedDatabase.start(properties.dataDir(), properties.database().embeddedPort()),
                command -> new Thread(command, "embedded-postgres-start").start());
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
