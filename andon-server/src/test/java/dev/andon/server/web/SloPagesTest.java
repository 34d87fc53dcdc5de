package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import dev.andon.server.support.PageSession;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ArrayNode;

/**
 * The SLO pages on the real server and PostgreSQL, fed through the API: a push SLO (99% over 7
 * days) with two hours of counts, 300 bad events in the half hour [T-60m, T-30m) and an incident
 * over exactly that span. Budget: 1% of 120,000 events = 1,200, a quarter of it spent; the incident
 * cost 300 of the 900 the window held when it ended, a third.
 */
class SloPagesTest extends AndonServerTest {
    @Autowired
    DSLContext sql;

    String id;
    String team;
    String service;
    String slug;
    /** The whole minute the counts end at: T-120m … T-1m were pushed. */
    Instant t;

    @BeforeEach
    void sloWithCounts() {
        id = UUID.randomUUID().toString().substring(0, 8);
        team = "slo-team-" + id;
        service = "slo-pages-" + id;
        slug = "checkout-availability-" + id;
        assertThat(post("/api/v1/teams", "{\"slug\":\"%s\",\"name\":\"Checkout team %s\",\"contactChannel\":\"#checkout\"}".formatted(team, id))
                .statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/services", "{\"slug\":\"%s\",\"name\":\"Checkout %s\",\"tier\":1,\"owner\":\"%s\"}".formatted(service, id, team))
                .statusCode()).isEqualTo(201);
        HttpResponse<String> created = post("/api/v1/slos", """
                {"slug": "%s", "name": "Checkout availability %s", "service": "%s", "indicator": {"source": "push"},
                 "target": 0.99, "window": {"rolling": "7d"}}""".formatted(slug, id, service));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        t = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        ArrayNode counts = JSON.createArrayNode();
        for (int i = 120; i >= 1; i--) {
            Instant minute = t.minus(i, ChronoUnit.MINUTES);
            counts.addObject().put("minute", minute.toString()).put("good", good(minute)).put("total", 1000);
        }
        HttpResponse<String> pushed = post("/api/v1/slos/" + slug + "/counts", JSON.createObjectNode().set("counts", counts).toString());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
    }

    /** 10 bad events a minute in [T-60m, T-30m), none otherwise. */
    private long good(Instant minute) {
        return !minute.isBefore(t.minus(60, ChronoUnit.MINUTES)) && minute.isBefore(t.minus(30, ChronoUnit.MINUTES)) ? 990 : 1000;
    }

    private PageSession admin() {
        PageSession session = pageSession();
        session.signIn("admin", ADMIN_PASSWORD, "/slos");
        return session;
    }

    /** Declares an incident on the service over [T-60m, T-30m) and resolves it; returns its number. */
    private long incidentOverTheBadHalfHour() {
        HttpResponse<String> declared = post("/api/v1/incidents", """
                {"title": "Checkout errors %s", "severity": "SEV2", "services": ["%s"], "startedAt": "%s"}"""
                .formatted(id, service, t.minus(60, ChronoUnit.MINUTES)));
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
        long number = json(declared).path("number").asLong();
        assertThat(send(authorized("/api/v1/incidents/" + number).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"status\":\"resolved\"}")).build()).statusCode()).isEqualTo(200);
        // Resolved when the errors stopped, not when the test got round to it.
        sql.execute("update incidents set detected_at = started_at, acknowledged_at = null, mitigated_at = ?::timestamptz, resolved_at = ?::timestamptz "
                + "where number = ?", t.minus(30, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC), t.minus(30, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC), number);
        return number;
    }

    @Test
    void theListShowsEachSloWithItsBudgetBarAndStateGroupedByService() {
        PageSession admin = admin();
        HttpResponse<String> list = admin.get("/slos");
        assertThat(list.statusCode()).isEqualTo(200);
        String page = list.body();
        assertThat(page).contains("<a href=\"/slos\" aria-current=\"page\">SLOs</a>");
        assertThat(page).contains("id=\"service-" + service + "\"", "Checkout " + id, "Checkout team " + id);
        String row = page.substring(page.indexOf("<a href=\"/slos/" + slug + "\">"));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains("Checkout availability " + id, "99% over 7d rolling", SloPages.sli(119_700.0 / 120_000))
                .contains("class=\"inline-bar budget-bar budget-healthy\"", "aria-label=\"Error budget remaining 75.0% (healthy)\"",
                        "<rect class=\"budget-fill\" width=\"75\"")
                .contains("<span class=\"budget-text\">75.0%</span>", "<span class=\"status status-ok\">healthy</span>")
                // 3-day burn 0.25x over the ticket threshold 0.1 × 7d / 3d = 0.23x, in both windows.
                .contains("ticket-3d");

        String filtered = admin.get("/slos?team=" + team).body();
        assertThat(filtered).contains("/slos/" + slug).contains("1 SLO<");
        assertThat(admin.get("/slos?service=no-such-service-" + id).body()).contains("No SLOs match").doesNotContain("/slos/" + slug);
    }

    @Test
    void theSloPageShowsTheChartsTheThresholdsAndWhatTheIncidentCost() {
        long number = incidentOverTheBadHalfHour();
        PageSession admin = admin();
        HttpResponse<String> response = admin.get("/slos/" + slug);
        assertThat(response.statusCode()).isEqualTo(200);
        String page = response.body();
        assertThat(page).contains("<h1>Checkout availability " + id + "</h1>", "<a href=\"/services/" + service + "\">", "pushed counts",
                "Occurrences", "7d rolling");
        assertThat(page).contains("<strong id=\"slo-sli\">" + SloPages.sli(119_700.0 / 120_000) + "</strong>", "<strong id=\"slo-remaining\">75.0%</strong>",
                "<strong id=\"slo-consumed\">25.0%</strong>", "<strong>119700</strong>&nbsp;good of&nbsp;<strong>120000</strong>");
        // Both charts, wide and narrow, with the thresholds of a 7-day window: 2% in 1h, 5% in 6h, 10% in 3d.
        assertThat(page).contains("class=\"slo-chart burn-down wide\"", "class=\"slo-chart burn-down narrow\"", "class=\"slo-chart burn-rate wide\"",
                "class=\"slo-chart burn-rate narrow\"", "class=\"zero-line\"");
        assertThat(page).contains(">page 1h 3.36x</text>", ">page 6h 1.4x</text>", ">ticket 3d 0.23x</text>");
        assertThat(page).contains("<circle class=\"point\"", "<path class=\"line burn\"");
        assertThat(admin.get("/slos/" + slug + "?range=3d").body()).contains("aria-current=\"true\">Last 3 days", ">page 1h 3.36x</text>");
        // What consumed the budget: the worst hour holds the bad events; the incident a third of its window's budget.
        assertThat(page).contains("class=\"numbers-table worst-hours\"");
        String incidents = page.substring(page.indexOf("id=\"incidents-title\""));
        assertThat(incidents).contains("<a href=\"/incidents/" + number + "\">INC-" + number + ": Checkout errors " + id + "</a>", "<strong>33.3%</strong>");
        // The policy and the gate.
        assertThat(page).contains("At risk under <strong>25.0%</strong>", "<span class=\"status status-ok\">allow</span>",
                "href=\"/api/v1/gate?service=" + service + "\"");

        // The incident page loads the fragment, which says what the incident cost.
        assertThat(admin.get("/incidents/" + number).body()).contains("hx-get=\"/incidents/" + number + "/slo-cost\"");
        String fragment = admin.get("/incidents/" + number + "/slo-cost").body();
        assertThat(fragment).contains("<h3>Error budget</h3>", "<a href=\"/slos/" + slug + "\">Checkout availability " + id + "</a>",
                "<strong>33.3%</strong> of its error budget").doesNotContain("so far").doesNotContain("<html");
        // And so does the postmortem's Impact section.
        Long postmortem = sql.resultQuery("select p.id from postmortems p join incidents i on i.id = p.incident_id where i.number = ?", number)
                .fetchOne(0, Long.class);
        if (postmortem == null) {
            admin.get("/incidents/" + number);
            admin.post("/incidents/" + number + "/postmortem");
            postmortem = sql.resultQuery("select p.id from postmortems p join incidents i on i.id = p.incident_id where i.number = ?", number)
                    .fetchOne(0, Long.class);
        }
        String pm = admin.get("/postmortems/" + postmortem).body();
        String impact = pm.substring(pm.indexOf("id=\"section-impact\""));
        impact = impact.substring(0, impact.indexOf("</section>"));
        assertThat(impact).contains("hx-get=\"/incidents/" + number + "/slo-cost\"");
    }

    @Test
    void theExclusionFormTakesTimeOutOfTheBudgetAndSaysWhatWasWrong() {
        PageSession admin = admin();
        admin.get("/slos/" + slug);
        HttpResponse<String> noReason = admin.post("/slos/" + slug + "/exclusions", "from", form(t.minus(60, ChronoUnit.MINUTES)), "to",
                form(t.minus(30, ChronoUnit.MINUTES)), "reason", " ");
        assertThat(noReason.statusCode()).isEqualTo(302);
        String refused = admin.get(location(noReason)).body();
        assertThat(refused).contains("class=\"notice error\"", "reason: is required").contains("No time is excluded.");
        assertThat(admin.postRaw("/slos/" + slug + "/exclusions", "from", "2026-11-21T10:00", "to", "2026-11-21T11:00", "reason", "x").statusCode())
                .as("no CSRF token").isEqualTo(403);
        HttpResponse<String> badTime = admin.post("/slos/" + slug + "/exclusions", "from", "yesterday", "to", form(t), "reason", "Provider outage");
        assertThat(admin.get(location(badTime)).body()).contains("from: 'yesterday' is not a UTC time such as 2026-11-21T10:00");

        HttpResponse<String> excluded = admin.post("/slos/" + slug + "/exclusions", "from", form(t.minus(60, ChronoUnit.MINUTES)), "to",
                form(t.minus(30, ChronoUnit.MINUTES)), "reason", "Payment provider outage");
        assertThat(excluded.statusCode()).isEqualTo(302);
        String page = admin.get(location(excluded)).body();
        assertThat(page).contains("class=\"notice ok\"", "Payment provider outage", TimeText.minute(t.minus(60, ChronoUnit.MINUTES)))
                .contains("<strong id=\"slo-remaining\">100.0%</strong>", "<span class=\"status status-ok\">healthy</span>");
        assertThat(json(get("/api/v1/slos/" + slug)).path("exclusions").get(0).path("createdBy").asString()).isEqualTo("admin");

        long exclusion = json(get("/api/v1/slos/" + slug)).path("exclusions").get(0).path("id").asLong();
        HttpResponse<String> removed = admin.post("/slos/" + slug + "/exclusions/" + exclusion + "/delete");
        assertThat(admin.get(location(removed)).body()).contains("No time is excluded.", "<strong id=\"slo-remaining\">75.0%</strong>");
    }

    @Test
    void theMonthlyReportAndItsCsvCarryTheMonthsNumbers() {
        long number = incidentOverTheBadHalfHour();
        YearMonth month = YearMonth.from(t.minus(1, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC));
        Instant monthStart = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        // What of the pushed counts fell in this month (all of it, unless the test runs in a month's first two hours).
        long total = 0;
        long bad = 0;
        long incidentBad = 0;
        for (int i = 120; i >= 1; i--) {
            Instant minute = t.minus(i, ChronoUnit.MINUTES);
            if (!minute.isBefore(monthStart)) {
                total += 1000;
                bad += 1000 - good(minute);
                incidentBad += minute.isBefore(t.minus(30, ChronoUnit.MINUTES)) && !minute.isBefore(t.minus(60, ChronoUnit.MINUTES)) ? 1000 - good(minute) : 0;
            }
        }
        double errorBudget = 1 - 0.99;
        double consumed = bad / (errorBudget * total);
        boolean incidentInMonth = t.minus(30, ChronoUnit.MINUTES).isAfter(monthStart);

        PageSession admin = admin();
        HttpResponse<String> response = admin.get("/reports/slos?team=" + team + "&month=" + month);
        assertThat(response.statusCode()).isEqualTo(200);
        String page = response.body();
        assertThat(page).contains("<a href=\"/slos\" aria-current=\"page\">SLOs</a>", "Checkout team " + id)
                .contains("href=\"/reports/slos?team=" + team + "&amp;month=" + month.minusMonths(1) + "\"",
                        "href=\"/reports/slos?team=" + team + "&amp;month=" + month.plusMonths(1) + "\"",
                        "href=\"/reports/slos.csv?team=" + team + "&amp;month=" + month + "\"");
        String row = page.substring(page.indexOf("id=\"report-" + slug + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains(SloPages.sli((double) (total - bad) / total), "<strong>" + SloCharts.percent(consumed) + "</strong>",
                "<span class=\"status status-ok\">healthy</span>");
        if (incidentInMonth) {
            assertThat(row).contains(">INC-" + number + "</a> <strong>" + SloCharts.percent(incidentBad / (errorBudget * total)) + "</strong>");
        }
        // Another team's report does not list it; a month before the SLO existed has no data.
        assertThat(admin.get("/reports/slos?month=" + month).body()).contains("id=\"report-" + slug + "\"");
        assertThat(admin.get("/reports/slos?team=" + team + "&month=" + month.minusMonths(3)).body()).contains("id=\"report-" + slug + "\"")
                .contains("no data");
        assertThat(admin.get("/reports/slos?team=" + team + "&month=November").statusCode()).isEqualTo(422);

        HttpResponse<String> csv = admin.get("/reports/slos.csv?team=" + team + "&month=" + month);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment", "slo-report-" + team + "-" + month + ".csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("month,team,service,slo,name,target,window,sli,good,total,budget_consumed,budget_remaining,"
                + "state_at_month_end,incidents,incident_costs");
        assertThat(lines).hasSize(2);
        String expected = String.join(",", month.toString(), team, service, slug, "Checkout availability " + id, "0.99", "7d rolling",
                SloPages.decimal((double) (total - bad) / total), Long.toString(total - bad), Long.toString(total), SloPages.decimal(consumed),
                SloPages.decimal(1 - consumed), "healthy", incidentInMonth ? "1" : "0",
                incidentInMonth ? "INC-" + number + "=" + SloPages.decimal(incidentBad / (errorBudget * total)) : "");
        assertThat(lines.get(1)).isEqualTo(expected);
    }

    @Test
    void unknownSlosAndTeamsGetAFriendlyNotFoundPage() {
        PageSession admin = admin();
        HttpResponse<String> missing = admin.get("/slos/no-such-slo-" + id);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("There is no SLO");
        assertThat(admin.get("/reports/slos?team=no-such-team-" + id).statusCode()).isEqualTo(404);
        assertThat(admin.get("/incidents/999999999/slo-cost").statusCode()).isEqualTo(404);
    }

    private static String form(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDateTime().toString().substring(0, 16);
    }

    private static String location(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        int hash = location.indexOf('#');
        location = hash < 0 ? location : location.substring(0, hash);
        return location.replaceFirst("^https?://[^/]+", "");
    }
}
