package dev.andon.server.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.AndonApplication;
import dev.andon.server.support.AndonServerTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Two nodes on one database: only one runs the local location's checks, so targets are not probed twice. */
class LocalProberLeaseTest extends AndonServerTest {

    @Autowired
    LocalProber prober;

    @Test
    void aSecondNodeLeavesTheLocalChecksToTheFirst() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        post("/api/v1/services", "{\"slug\":\"lease-%s\",\"name\":\"Lease\"}".formatted(id));
        post("/api/v1/checks", """
                {"slug": "lease-%s", "service": "lease-%s", "tcp": {"host": "127.0.0.1", "port": 9}, "interval": "1h"}""".formatted(id, id));
        prober.reload();
        assertThat(prober.scheduler().size()).isPositive();

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(AndonApplication.class).properties(
                "server.port=0", "andon.database.url=" + databaseUrl(), "andon.database.user=postgres",
                "andon.admin-password=" + ADMIN_PASSWORD).run()) {
            LocalProber secondProber = second.getBean(LocalProber.class);
            secondProber.reload();
            assertThat(secondProber.scheduler().size()).isZero();
        }
        assertThat(prober.scheduler().size()).isPositive();
    }
}
