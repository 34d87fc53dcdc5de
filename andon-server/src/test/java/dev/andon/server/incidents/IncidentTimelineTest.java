package dev.andon.server.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The timeline assembled at read time from every log, on real PostgreSQL, and its exports. */
class IncidentTimelineTest extends IncidentFixtures {

    @Test
    void theTimelineGathersChangesAlertsPagesChecksAndNotesInOrder() {
        Instant started = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        // Before the window: a change 7 h before the start and an alert 2 h before are not part of it.
        sql.execute("insert into change_events (service_id, summary, source, happened_at) values (?, ?, 'github', ?::timestamptz)", serviceId(api),
                "Too old " + id, started.minus(Duration.ofHours(7)).atOffset(ZoneOffset.UTC));
        alert(api, "Old alert " + id, started.minus(Duration.ofHours(2)));
        sql.execute("insert into change_events (service_id, summary, source, happened_at) values (?, ?, 'github', ?::timestamptz)", serviceId(api),
                "Deploy v42 " + id, started.minus(Duration.ofHours(2)).atOffset(ZoneOffset.UTC));
        long alert = alert(api, "Latency high " + id, started.minus(Duration.ofMinutes(10)));
        long group = sql.resultQuery("""
                insert into alert_groups (service_id, status, severity, title, opened_at, resolved_at)
                values (?, 'resolved', 'critical', 'Latency', ?::timestamptz, ?::timestamptz) returning id""", serviceId(api),
                started.minus(Duration.ofMinutes(10)).atOffset(ZoneOffset.UTC), started.atOffset(ZoneOffset.UTC)).fetchOne(0, Long.class);
        sql.execute("update alerts set group_id = ? where id = ?", group, alert);
        sql.execute("insert into paging_log (group_id, at, kind, actor, detail) values (?, ?::timestamptz, 'notified', 'andon', ?::jsonb)", group,
                started.minus(Duration.ofMinutes(9)).atOffset(ZoneOffset.UTC), "{\"user\":\"" + bob + "\",\"channel\":\"sms\"}");
        sql.execute("insert into paging_log (group_id, at, kind, actor, detail) values (?, ?::timestamptz, 'notify-retry', 'andon', '{}')", group,
                started.minus(Duration.ofMinutes(9)).atOffset(ZoneOffset.UTC));
        sql.execute("""
                insert into checks (slug, name, service_id, type, spec, interval_ms, timeout_ms, locations, paused)
                values (?, 'API health', ?, 'http', '{}'::jsonb, 60000, 10000, '{local}', true)""", "api-health-" + id, serviceId(api));
        sql.execute("insert into events (occurred_at, actor, kind, object_type, object_key, after) values (?::timestamptz, 'andon', 'check.down', 'check', ?, ?::jsonb)",
                started.minus(Duration.ofMinutes(5)).atOffset(ZoneOffset.UTC), "api-health-" + id,
                "{\"status\":\"down\",\"previous\":\"up\",\"message\":\"503 from /health\",\"service\":\"" + api + "\"}");

        long number = declare("{\"title\":\"Slow API %s\",\"severity\":\"SEV2\",\"services\":[\"%s\"],\"startedAt\":\"%s\"}"
                .formatted(id, api, started)).path("number").asLong();
        String path = "/api/v1/incidents/" + number;
        created(post(path + "/notes", "{\"body\":\"Rolled back v42\",\"at\":\"%s\"}".formatted(started.plus(Duration.ofMinutes(5)))));

        JsonNode entries = json(get(path + "/timeline"));
        List<String> lines = new ArrayList<>();
        entries.forEach(entry -> lines.add(entry.path("source").asString() + " " + entry.path("kind").asString() + ": " + entry.path("text").asString()));
        assertThat(lines).containsExactly(
                "change change: Change on " + api + ": Deploy v42 " + id,
                "alert alert-triggered: Alert #" + alert + " triggered on " + api + ": Latency high " + id,
                "paging page-notified: Paged " + bob + " by sms",
                "check check-down: Check api-health-" + id + " is down (was up): 503 from /health",
                "incident note: Rolled back v42",
                "incident declared: SEV2 declared: Slow API " + id);
        assertThat(entries.get(4).path("at").asString()).isEqualTo(started.plus(Duration.ofMinutes(5)).toString());
        assertThat(entries.get(5).path("actor").asString()).isEqualTo("admin");

        assertThat(json(get(path + "/timeline?sources=change,check"))).hasSize(2);
        assertThat(json(get(path + "/timeline?kinds=note"))).hasSize(1);

        HttpResponse<String> markdown = get(path + "/timeline.md");
        assertThat(markdown.headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
        assertThat(markdown.body()).startsWith("# INC-" + number + ": Slow API " + id)
                .contains("| Time (UTC) | Source | Kind | Actor | What |")
                .contains("| change | change | github | Change on " + api + ": Deploy v42 " + id + " |");
        assertThat(markdown.body().indexOf("Deploy v42")).isLessThan(markdown.body().indexOf("Rolled back v42"));
        JsonNode export = json(get(path + "/timeline.json"));
        assertThat(export.path("incident").asString()).isEqualTo("INC-" + number);
        assertThat(export.path("entries")).hasSize(6);
        assertThat(export.path("entries").get(0).path("at").asString()).isEqualTo(started.minus(Duration.ofHours(2)).toString());
    }
}
