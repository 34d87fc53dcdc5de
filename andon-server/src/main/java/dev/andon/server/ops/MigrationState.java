package dev.andon.server.ops;

import dev.andon.server.database.EarlyDatabaseStart;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Remembers the schema version this node migrated to at start, so /readyz can compare it with the
 * database in one cheap query instead of re-scanning every migration script on each probe.
 */
@Configuration(proxyBeanMethods = false)
public class MigrationState {
    private volatile String expectedVersion;

    @Bean
    FlywayMigrationStrategy recordingMigrationStrategy() {
        return flyway -> {
            // The embedded database may have been migrated already, in parallel with the context.
            expectedVersion = EarlyDatabaseStart.migratedVersion()
                    .orElseGet(() -> EarlyDatabaseStart.schemaVersion(flyway.migrate()));
        };
    }

    /** The version this node's migrations end at; null before migration ran. */
    public String expectedVersion() {
        return expectedVersion;
    }
}
