package dev.andon.server.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import dev.andon.server.support.PageSession;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The signed-in pages that manage a status page, through forms as a browser posts them. */
class StatusPageAdminPagesTest extends AndonServerTest {

    @Test
    void adminCreatesAPageAddsAComponentAndOverridesIt() {
        String slug = "forms-" + UUID.randomUUID().toString().substring(0, 8);
        PageSession session = pageSession();
        session.signIn("admin", ADMIN_PASSWORD, "/status-pages");
        assertThat(session.get("/status-pages").body()).contains("New status page").contains("href=\"/status-pages\"");
        HttpResponse<String> created = session.post("/status-pages", "slug", slug, "title", "Forms Inc", "time_zone", "UTC", "listed", "true");
        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(created.headers().firstValue("Location").orElse("")).endsWith("/status-pages/" + slug);
        session.get("/status-pages/" + slug);
        assertThat(session.post("/status-pages/" + slug + "/components", "name", "Login").statusCode()).isEqualTo(302);
        HttpResponse<String> detail = session.get("/status-pages/" + slug);
        assertThat(detail.body()).contains("Login").contains("All Systems Operational");
        String id = detail.body().replaceAll("(?s).*components/(\\d+)/override.*", "$1");
        session.post("/status-pages/" + slug + "/components/" + id + "/override", "status", "major_outage", "reason", "Login broken");
        assertThat(session.get("/status/" + slug).body()).contains("Major outage").contains("Major System Outage");
        HttpResponse<String> refused = session.post("/status-pages/" + slug + "/components/" + id + "/override", "status", "major_outage");
        assertThat(refused.headers().firstValue("Location").orElse("")).contains("error=");
    }
}
