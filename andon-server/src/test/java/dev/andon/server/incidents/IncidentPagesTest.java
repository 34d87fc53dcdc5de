package dev.andon.server.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.PageSession;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The incident pages over plain HTTP, signed in, posting forms with the session's CSRF token as a browser would. */
class IncidentPagesTest extends IncidentFixtures {

    private PageSession admin() {
        PageSession session = pageSession();
        session.signIn("admin", ADMIN_PASSWORD, "/incidents");
        return session;
    }

    private static String text(HttpResponse<String> response) {
        return response.body().replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    @Test
    void anIncidentIsDeclaredFromAnAlertAndRunFromItsPage() {
        long alert = alert(api, "Checkout errors " + id, Instant.now());
        PageSession admin = admin();
        assertThat(admin.get("/alerts/" + alert).body()).contains("href=\"/incidents/new?alert=" + alert + "\"");

        HttpResponse<String> form = admin.get("/incidents/new?alert=" + alert);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(text(form)).contains("value=\"Checkout errors " + id + "\"").contains("name=\"alertId\" value=\"" + alert + "\"")
                .contains("<option value=\"" + api + "\" selected>").contains("Complete outage").contains("The service is down for everyone")
                .contains("value=\"" + web + "\"").contains("id=\"blast-radius\"");

        HttpResponse<String> declared = admin.post("/incidents", "title", "Checkout errors " + id, "severity", "SEV1", "services", api,
                "customerImpact", "Payments fail", "alertId", Long.toString(alert));
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(302);
        String location = declared.headers().firstValue("Location").orElseThrow();
        long number = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));

        admin.get("/incidents/" + number);
        admin.post("/incidents/" + number + "/roles", "role", "operations", "user", bob);
        assertThat(admin.post("/incidents/" + number + "/roles", "role", "communications", "user", bob).statusCode()).isEqualTo(302);
        HttpResponse<String> page = admin.get("/incidents/" + number);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(text(page)).contains("<title>INC-" + number + ": Checkout errors " + id + " · Andon</title>")
                .contains("class=\"sev sev-critical\"").contains("SEV1 · Complete outage").contains("Payments fail")
                .contains("id=\"role-warning\"").contains(bob + " should not be both operations lead and communications lead")
                .contains("href=\"/services/" + api + "\"").contains("href=\"/alerts/" + alert + "\"")
                .contains("Alert #" + alert + " attached").contains("time to detect").contains("Unsubscribe")
                .contains("href=\"/api/v1/incidents/" + number + "/timeline.md\"")
                .contains("We are investigating reports").contains("href=\"/incidents\" aria-current=\"page\">Incidents</a>");
        assertThat(text(admin.get("/incidents/" + number + "?updateStatus=monitoring"))).contains("A fix has been applied");

        assertThat(admin.post("/incidents/" + number + "/notes", "body", "Restarted the pool", "at", "2000-01-01T00:00").statusCode()).isEqualTo(302);
        assertThat(admin.post("/incidents/" + number + "/updates", "audience", "public", "status", "monitoring", "body", "Recovering").statusCode())
                .isEqualTo(302);
        page = admin.get("/incidents/" + number + "?source=incident");
        assertThat(text(page)).contains("2000-01-01 00:00:00").contains("Restarted the pool").contains("Recovering")
                .contains("class=\"status status-degraded\">monitoring");
        assertThat(admin.post("/incidents/" + number + "/roles", "role", "chef", "user", bob).headers().firstValue("Location").orElse(""))
                .contains("error=");

        assertThat(text(admin.get("/incidents"))).contains("href=\"/incidents/" + number + "\">INC-" + number + ": Checkout errors " + id + "</a>");
        assertThat(text(admin.get("/services/" + api))).contains("id=\"incidents-title\"").contains("INC-" + number);
        HttpResponse<String> report = admin.get("/reports/incidents?days=90");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(text(report)).contains("Incident report").contains("href=\"/services/" + api + "\"");
    }
}
