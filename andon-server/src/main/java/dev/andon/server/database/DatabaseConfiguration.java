package dev.andon.server.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.andon.server.AndonProperties;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One setting chooses the database: {@code andon.database.url} (or {@code spring.datasource.url})
 * for an external PostgreSQL, otherwise the embedded one in the data directory.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {
    /** How often Hikari retires idle connections (a system property of Hikari's, read when a pool starts). */
    static final String HOUSEKEEPING_PERIOD = "com.zaxxer.hikari.housekeeping.periodMs";

    @Bean(destroyMethod = "close")
    EmbeddedDatabaseHolder embeddedDatabase(AndonProperties properties, @Value("${spring.datasource.url:}") String springUrl) {
        if (properties.database().external() || !springUrl.isBlank()) {
            return new EmbeddedDatabaseHolder(null);
        }
        return new EmbeddedDatabaseHolder(EarlyDatabaseStart.take()
                .orElseGet(() -> EmbeddedDatabase.start(properties.dataDir(), properties.database().embeddedPort())));
    }

    @Bean
    DataSource dataSource(AndonProperties properties, EmbeddedDatabaseHolder embedded,
                          @Value("${spring.datasource.url:}") String springUrl,
                          @Value("${spring.datasource.username:}") String springUser,
                          @Value("${spring.datasource.password:}") String springPassword,
                          @Value("${andon.database.pool-size:24}") int poolSize) {
        // Connections opened by a burst (startup's schedulers, a storm) go after 10 s unused, checked
        // every 5 s: each idle one is a PostgreSQL backend of ~20 MB resident (bench/startup.sh).
        if (System.getProperty(HOUSEKEEPING_PERIOD) == null) {
            System.setProperty(HOUSEKEEPING_PERIOD, "5000");
        }
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("andon");
        dataSource.setMaximumPoolSize(poolSize);
        dataSource.setMinimumIdle(1);
        dataSource.setIdleTimeout(java.time.Duration.ofSeconds(10).toMillis());
        if (embedded.database() != null) {
            dataSource.setJdbcUrl(embedded.database().jdbcUrl());
            dataSource.setUsername("postgres");
            dataSource.setPassword(embedded.database().password());
        } else if (properties.database().external()) {
            dataSource.setJdbcUrl(properties.database().url());
            dataSource.setUsername(properties.database().user());
            dataSource.setPassword(properties.database().password());
        } else {
            dataSource.setJdbcUrl(springUrl);
            dataSource.setUsername(springUser);
            dataSource.setPassword(springPassword);
        }
        return dataSource;
    }

    /** Keeps the embedded database (or nothing, for an external one) as a bean so it is closed last. */
    public record EmbeddedDatabaseHolder(EmbeddedDatabase database) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (database != null) {
                database.close();
            }
        }
    }
}
