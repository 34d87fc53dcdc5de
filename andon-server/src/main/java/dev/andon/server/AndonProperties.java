package dev.andon.server;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code andon.*} setting (also settable as {@code ANDON_*} environment variables); each one is
 * described in docs/CONFIG.md.
 */
@ConfigurationProperties("andon")
public record AndonProperties(Path dataDir, Database database, String adminPassword) {

    public AndonProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        database = database == null ? new Database(null, null, null, 0) : database;
    }

    /** External PostgreSQL when {@code url} is set; otherwise the embedded one in the data directory. */
    public record Database(String url, String user, String password, int embeddedPort) {
        public boolean external() {
            return url != null && !url.isBlank();
        }
    }
}
