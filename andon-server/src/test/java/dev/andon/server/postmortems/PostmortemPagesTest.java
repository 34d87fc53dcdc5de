package dev.andon.server.postmortems;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.incidents.IncidentSeverity;
import dev.andon.server.incidents.Incidents;
import dev.andon.server.support.PageSession;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The library, patterns, action-item and team pages over plain HTTP, signed in, posting forms with the CSRF token as a browser would. */
class PostmortemPagesTest extends PostmortemFixtures {
    @Autowired
    ActionItems actionItems;

    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    private PageSession admin() {
        PageSession session = pageSession();
        session.signIn("admin", ADMIN_PASSWORD, "/postmortems");
        return session;
    }

    private static String text(HttpResponse<String> response) {
        return response.body().replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    private ActionItems.ActionItem item(Long postmortem, String title, LocalDate due, String status) {
        ActionItems.ActionItem item = actionItems.create("admin", postmortem, null, null, new ActionItems.Draft(title, "", alice, team, due, "high",
                "prevent", "https://tracker.example.com/" + title.replace(' ', '-')));
        return status.equals("open") ? item : actionItems.change("admin", item.id(), new ActionItems.Change(null, null, null, null, null, null, null, null,
                status));
    }

    @Test
    void theLibrarySearchesAndMarksOverduePostmortems() {
        Incidents.Incident incident = resolvedIncident("Queue stuck " + id, IncidentSeverity.SEV2, List.of(api), 3);
        long overdue = postmortem(incident, "Queue consumers stalled", "draft", Instant.now().minus(Duration.ofDays(2)),
                "The consumers stalled on a poison " + word + " message.", "", List.of("queue"), null);
        factor(overdue, "technical", "No dead-letter queue", "Retries were unbounded");
        PageSession admin = admin();

        HttpResponse<String> page = admin.get("/postmortems?q=" + word);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(text(page)).contains("<title>Postmortems (filtered) · Andon</title>")
                .contains("href=\"/postmortems/" + overdue + "\">INC-" + incident.number() + ": Queue consumers stalled</a>")
                .contains("<mark>" + word + "</mark>").contains("class=\"sev sev-error\"").contains("class=\"status status-muted\">Draft")
                .contains("class=\"status status-down\">Overdue").contains("href=\"/services/" + api + "\"")
                .contains("href=\"/postmortems?factorType=technical\">Technical").contains("1 postmortem, best match first")
                .contains("href=\"/postmortems\" aria-current=\"page\">Library</a>");
        assertThat(text(admin.get("/postmortems?service=" + api + "&factorType=technical&severity=SEV2&status=draft&tag=queue")))
                .contains("INC-" + incident.number() + ": Queue consumers stalled").contains("<option value=\"" + api + "\" selected>");
        assertThat(text(admin.get("/postmortems?service=" + api + "&severity=SEV1"))).contains("No postmortem matches");

        HttpResponse<String> bad = admin.get("/postmortems?severity=SEV9");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(text(bad)).contains("Severity: 'SEV9' is not one of SEV1, SEV2, SEV3, SEV4, SEV5");
    }

    @Test
    void thePatternsPageChartsFactorsRepeatedServicesCompletionAndTimeToPublish() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String repeated = "Connection pool exhausted " + id;
        long first = 0;
        for (int n = 0; n < 3; n++) {
            Incidents.Incident incident = resolvedIncident("Pool " + n + " " + id, IncidentSeverity.SEV3, List.of(api), 10 + n);
            Instant resolved = now.minus(Duration.ofDays(5));
            sql.execute("update incidents set resolved_at = ?::timestamptz where id = ?", utc(resolved), incident.id());
            long postmortem = postmortem(incident, "Pool " + n, n == 0 ? "published" : "draft", now.plus(Duration.ofDays(2)), "", "", List.of(),
                    n == 0 ? resolved.plus(Duration.ofHours(36)) : null);
            factor(postmortem, "technical", n == 1 ? repeated.toUpperCase() + "  " : repeated, "why " + n);
            first = n == 0 ? postmortem : first;
        }
        resolvedIncident("Web once " + id, IncidentSeverity.SEV4, List.of(web), 1);
        item(first, "Raise pool size " + id, today.plusDays(3), "done");
        item(first, "Alert on waits " + id, today.minusDays(1), "open");

        HttpResponse<String> page = admin().get("/postmortems/patterns?days=180");
        assertThat(page.statusCode()).isEqualTo(200);
        String body = text(page);
        assertThat(body).contains("<title>Postmortem patterns · Andon</title>").contains("href=\"/postmortems/patterns?days=180\" aria-current=\"true\"")
                .contains("<svg").contains("role=\"img\"")
                .contains("Contributing factors by type over the last 180 days").contains("class=\"bar-label\"")
                .contains(">Technical<")
                .contains("The most frequent contributing factors over the last 180 days")
                .contains("Services with two or more incidents over the last 180 days")
                .contains("Action items created and done per month")
                .contains("Median hours from resolution to publication per month")
                .contains("swatch-factor-technical");
        assertThat(body).as("the repeated factor, case and spacing aside, counted 3 times in 3 postmortems").containsPattern(
                "(?i)<td data-label=\"Factor\" class=\"primary-cell\">" + repeated + "</td>\\s*<td data-label=\"Type\"><a href=\"/postmortems\\?factorType=technical\">Technical</a></td>\\s*<td data-label=\"Times\" class=\"num\">3</td>");
        assertThat(body).as("api had three incidents, web one").containsPattern(
                "href=\"/services/" + api + "\">API " + id + "</a>.*\\s*.*\\s*<td data-label=\"Incidents\" class=\"num\">3</td>\\s*<td data-label=\"With a postmortem\" class=\"num\">3</td>")
                .doesNotContain("href=\"/services/" + web + "\">");
        assertThat(body).as("36 hours from resolution to publication").containsPattern(
                "href=\"/postmortems/" + first + "\">INC-\\d+: Pool 0</a></td>\\s*<td[^>]*>[^<]*</td>\\s*<td[^>]*>[^<]*</td>\\s*<td data-label=\"Time to publish\" class=\"num\">36 h</td>");
        assertThat(body).contains("<td data-label=\"Month\">" + java.time.YearMonth.now(ZoneOffset.UTC) + "</td>");
        assertThat(admin().get("/postmortems/patterns?days=7").body()).as("an unknown window is the first one").contains("last 90 days");
    }

    @Test
    void actionItemsAreListedOverduePerTeamAndChangedInline() {
        ActionItems.ActionItem late = item(null, "Rotate the keys " + id, today.minusDays(2), "open");
        ActionItems.ActionItem soon = item(null, "Write the runbook " + id, today.plusDays(4), "in_progress");
        item(null, "Old fix " + id, today.minusDays(20), "done");
        item(null, "Rewrite it all " + id, today.plusDays(30), "wont_do");
        PageSession admin = admin();

        HttpResponse<String> page = admin.get("/action-items?team=" + team);
        assertThat(page.statusCode()).isEqualTo(200);
        String body = text(page);
        assertThat(body).contains("<title>Action items · Andon</title>").contains("id=\"overdue-" + team + "\"")
                .contains("href=\"/teams/" + team + "\">Checkout " + id + "</a>").contains("1 past their due date")
                .contains("Rotate the keys " + id).contains("2 days overdue").contains("class=\"down-text\">" + today.minusDays(2))
                .contains("href=\"https://tracker.example.com/Rotate-the-keys-" + id + "\"").contains(alice)
                .contains("action=\"/action-items/" + late.id() + "/status\"").contains("Write the runbook " + id).contains("due in 4 days")
                .contains("class=\"status status-info\">In progress").doesNotContain("Old fix " + id);
        assertThat(body.indexOf("Rotate the keys")).as("overdue first").isLessThan(body.indexOf("Write the runbook"));
        assertThat(text(admin.get("/action-items?state=closed&team=" + team))).contains("Old fix " + id).contains("Rewrite it all " + id)
                .doesNotContain("Rotate the keys " + id);
        assertThat(text(admin.get("/action-items?state=overdue&owner=" + bob))).contains("Nothing is overdue.");

        HttpResponse<String> team = admin.get("/teams/" + this.team);
        assertThat(team.statusCode()).isEqualTo(200);
        assertThat(text(team)).contains("id=\"action-items-title\">Action items</h2>").contains("<strong>33%</strong>&nbsp;complete")
                .contains("1 done of 3, 1 won't do not counted").contains("Rotate the keys " + id)
                .contains("name=\"back\" value=\"/teams/" + this.team + "#action-items\"");

        HttpResponse<String> changed = admin.post("/action-items/" + late.id() + "/status", "status", "done", "back", "/teams/" + this.team + "#action-items");
        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(changed.headers().firstValue("Location").orElseThrow()).contains("/teams/" + this.team + "?notice=").endsWith("#action-items");
        assertThat(actionItems.require(late.id()).status().key()).isEqualTo("done");
        assertThat(text(admin.get("/teams/" + this.team))).contains("<strong>67%</strong>&nbsp;complete").doesNotContain("Rotate the keys " + id);

        admin.get("/action-items");
        HttpResponse<String> back = admin.post("/action-items/" + soon.id() + "/status", "status", "open", "back", "https://evil.example.com/");
        assertThat(back.headers().firstValue("Location").orElseThrow()).as("never leaves the site").contains("/action-items?notice=")
                .doesNotContain("evil");
        HttpResponse<String> wrong = admin.post("/action-items/" + soon.id() + "/status", "status", "finished", "back", "/action-items?state=all");
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).contains("/action-items?state=all&error=");
        java.net.URI location = java.net.URI.create(wrong.headers().firstValue("Location").orElseThrow());
        assertThat(text(admin.get(location.getRawPath() + "?" + location.getRawQuery()))).contains("is not one of open, in_progress, done, wont_do");
    }
}
