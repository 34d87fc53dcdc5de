package dev.andon.server.postmortems;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.incidents.IncidentSeverity;
import dev.andon.server.incidents.Incidents;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Full-text search and filters of the postmortem library, through GET /api/v1/postmortems on real PostgreSQL. */
class PostmortemLibraryTest extends PostmortemFixtures {
    long pool;
    long login;
    long outage;
    Incidents.Incident poolIncident;

    @BeforeEach
    void postmortems() {
        Instant now = Instant.now();
        poolIncident = resolvedIncident("Checkout errors " + id, IncidentSeverity.SEV2, List.of(api), 6);
        pool = postmortem(poolIncident, "Checkout connection pool ran dry " + word + "title", "published", now.plus(Duration.ofDays(5)),
                "Payments failed for 40 minutes while the database connection pool was exhausted.", "Alerts fired late.",
                List.of("database", "tag-" + id), now.minus(Duration.ofDays(1)));
        factor(pool, "technical", "Pool size too small " + id, "The default of 10 was never tuned",
                "Nobody owned the " + word + "why setting");
        timeline(pool, now.minus(Duration.ofDays(6)), "Deploy of v42 started");

        Incidents.Incident loginIncident = resolvedIncident("Login broken " + id, IncidentSeverity.SEV3, List.of(web), 4);
        login = postmortem(loginIncident, "Config push broke the login page", "draft", now.minus(Duration.ofDays(1)),
                "A configuration push " + word + "summary <script>alert(1)</script> set \"latency < 5 ms & errors > 2\" and disabled the session cookie.", "", List.of("config"), null);
        factor(login, "process", "Config push skipped review " + id, "The review bot was down");
        timeline(login, now.minus(Duration.ofDays(4)), "Rolled back the config; " + word + "title mentioned in passing");

        Incidents.Incident outageIncident = resolvedIncident("Everything down " + id, IncidentSeverity.SEV1, List.of(api, web), 2);
        outage = postmortem(outageIncident, "Full outage after a region failover", "in_review", now.plus(Duration.ofDays(3)),
                "The region failover left both services without DNS.", "", List.of(), null);
        factor(outage, "communication", "The status page was updated late " + id);
        factor(outage, "external", "Provider DNS outage " + id);
    }

    private JsonNode search(String query) {
        HttpResponse<String> response = get("/api/v1/postmortems?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static List<Long> ids(JsonNode results) {
        List<Long> ids = new ArrayList<>();
        results.forEach(result -> ids.add(result.path("id").asLong()));
        return ids;
    }

    @Test
    void fullTextFindsAWordInAFactorsWhyAndInTheSummary() {
        JsonNode why = search("q=" + word + "why");
        assertThat(ids(why)).containsExactly(pool);
        JsonNode found = why.get(0);
        assertThat(found.path("incident").asLong()).isEqualTo(poolIncident.number());
        assertThat(found.path("reference").asString()).isEqualTo("INC-" + poolIncident.number());
        assertThat(found.path("severity").asString()).isEqualTo("SEV2");
        assertThat(found.path("status").asString()).isEqualTo("published");
        assertThat(found.path("services").toString()).isEqualTo("[\"" + api + "\"]");
        assertThat(found.path("tags").toString()).contains("database", "tag-" + id);
        assertThat(found.path("factorTypes").toString()).isEqualTo("[\"technical\"]");
        assertThat(found.path("publishedAt").isNull()).isFalse();
        assertThat(found.path("overdue").asBoolean()).isFalse();
        assertThat(found.path("url").asString()).isEqualTo("/postmortems/" + pool);
        assertThat(found.path("snippet").asString()).contains("<mark>" + word + "why</mark>");

        JsonNode summary = search("q=" + word + "summary");
        assertThat(ids(summary)).containsExactly(login);
        String snippet = summary.get(0).path("snippet").asString();
        assertThat(snippet).as("everything but the marks is escaped").contains("<mark>" + word + "summary</mark>")
                .contains("&quot;latency &lt; 5 ms &amp; errors &gt; 2&quot;").doesNotContain("<script>").doesNotContain("\n");
        assertThat(summary.get(0).path("overdue").asBoolean()).as("a draft past its due time").isTrue();
        assertThat(summary.get(0).path("publishedAt").isNull()).isTrue();

        assertThat(ids(search("q=" + word + "why+OR+" + word + "summary"))).containsExactlyInAnyOrder(pool, login);
        assertThat(ids(search("q=%22connection+pool%22+" + word + "why"))).containsExactly(pool);
        assertThat(ids(search("q=pool+size+-" + word + "why&service=" + api))).isEmpty();
        assertThat(ids(search("q=the+review+bots&service=" + web))).as("stemmed: bots finds bot").containsExactly(login);
    }

    @Test
    void aMatchInTheTitleRanksAboveOneInTheTimeline() {
        assertThat(ids(search("q=" + word + "title"))).containsExactly(pool, login);
    }

    @Test
    void filtersByServiceTagSeverityFactorTypeAndStatus() {
        assertThat(ids(search("service=" + web))).as("no query: everything, newest first").containsExactly(outage, login);
        assertThat(ids(search("service=" + api))).containsExactly(outage, pool);
        assertThat(ids(search("tag=tag-" + id))).containsExactly(pool);
        assertThat(ids(search("severity=sev1&service=" + api))).containsExactly(outage);
        assertThat(ids(search("factorType=process&service=" + web))).containsExactly(login);
        assertThat(ids(search("factorType=EXTERNAL&service=" + api))).containsExactly(outage);
        assertThat(ids(search("status=in-review&service=" + api))).containsExactly(outage);
        assertThat(ids(search("status=published&service=" + api + "&q=payments"))).containsExactly(pool);
        assertThat(ids(search("service=" + api + "&limit=1"))).containsExactly(outage);
        JsonNode plain = search("service=" + web).get(1);
        assertThat(plain.path("snippet").asString()).as("without a query: the start of the text, escaped")
                .startsWith("A configuration push").contains("&lt;script&gt;").doesNotContain("<mark>");
        assertThat(search("service=" + web).get(0).path("factorTypes").toString()).isEqualTo("[\"communication\",\"external\"]");
    }

    @Test
    void aBadFilterIsA400ProblemNamingTheParameter() {
        for (String[] bad : new String[][] {{"severity=SEV9", "severity", "SEV1, SEV2"}, {"factorType=human", "factorType", "technical, process"},
                {"status=done", "status", "draft, in_review, published"}, {"service=no-such-" + id, "service", "There is no service"},
                {"limit=0", "limit", "between 1 and 500"}, {"limit=many", "limit", "many"}}) {
            HttpResponse<String> response = get("/api/v1/postmortems?" + bad[0]);
            assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(bad[0]).startsWith("application/problem+json");
            JsonNode problem = json(response);
            assertThat(problem.path("field").asString()).as(bad[0]).isEqualTo(bad[1]);
            assertThat(problem.path("detail").asString()).as(bad[0]).contains(bad[2]);
            assertThat(problem.path("code").asString()).isEqualTo("invalid-parameter");
        }
    }
}
