package dev.andon.server.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Heartbeat monitors end to end: create, ping URLs as cron jobs call them, deadlines passing, events. */
class HeartbeatApiTest extends AndonServerTest {
    private String id;

    @Autowired
    HeartbeatService heartbeats;

    @Autowired
    DSLContext sql;

    @BeforeEach
    void service() {
        id = UUID.randomUUID().toString().substring(0, 8);
        post("/api/v1/services", "{\"slug\":\"jobs-%s\",\"name\":\"Jobs\"}".formatted(id));
    }

    private HttpResponse<String> ping(String path, String method) {
        // No Authorization header: the key in the URL is the credential.
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        return send(switch (method) {
            case "HEAD" -> request.method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            case "POST" -> request.POST(HttpRequest.BodyPublishers.ofString("backup finished: 42 GB")).build();
            default -> request.GET().build();
        });
    }

    @Test
    void pingsMoveTheHeartbeatAndAreLogged() {
        HttpResponse<String> created = post("/api/v1/heartbeats", """
                {"slug": "backup-%s", "name": "Nightly backup", "service": "jobs-%s", "cron": "0 2 * * *", "timezone": "Europe/Amsterdam", "grace": "1h"}"""
                .formatted(id, id));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String pingPath = json(created).path("pingPath").asString();
        assertThat(json(created).path("status").asString()).isEqualTo("new");
        assertThat(json(get("/api/v1/heartbeats/backup-" + id)).has("pingKey")).isFalse();

        String rid = UUID.randomUUID().toString();
        assertThat(ping(pingPath + "/start?rid=" + rid, "GET").body()).isEqualTo("OK\n");
        assertThat(ping(pingPath + "?rid=" + rid, "POST").statusCode()).isEqualTo(200);
        JsonNode up = json(get("/api/v1/heartbeats/backup-" + id));
        assertThat(up.path("status").asString()).isEqualTo("up");
        assertThat(up.path("nextDeadline").asString()).isNotEmpty();
        JsonNode success = up.path("pings").get(0);
        assertThat(success.path("kind").asString()).isEqualTo("success");
        assertThat(success.path("rid").asString()).isEqualTo(rid);
        assertThat(success.has("runDurationMs")).isTrue();
        assertThat(success.path("body").asString()).isEqualTo("backup finished: 42 GB");

        assertThat(ping(pingPath + "/log", "HEAD").statusCode()).isEqualTo(200);
        assertThat(json(get("/api/v1/heartbeats/backup-" + id)).path("status").asString()).isEqualTo("up");
        assertThat(ping(pingPath + "/3", "GET").statusCode()).isEqualTo(200);
        assertThat(json(get("/api/v1/heartbeats/backup-" + id)).path("status").asString()).isEqualTo("down");
        assertThat(ping(pingPath + "/0", "GET").statusCode()).isEqualTo(200);
        assertThat(ping(pingPath + "/fail", "GET").statusCode()).isEqualTo(200);
        assertThat(json(get("/api/v1/heartbeats/backup-" + id)).path("status").asString()).isEqualTo("down");

        List<String> kinds = json(get("/api/v1/heartbeats/backup-" + id + "/events")).valueStream().map(event -> event.path("kind").asString()).toList();
        assertThat(kinds).containsSubsequence("heartbeat.down", "heartbeat.up", "heartbeat.down", "heartbeat.up", "heartbeat.created");
    }

    @Test
    void badPingsAreRefusedAndUnknownKeysAreNotFound() {
        String pingPath = json(post("/api/v1/heartbeats", """
                {"slug": "bad-%s", "service": "jobs-%s", "period": "1h", "grace": "10m"}""".formatted(id, id))).path("pingPath").asString();

        assertThat(ping("/ping/no-such-key", "GET").statusCode()).isEqualTo(404);
        assertThat(ping(pingPath + "/256", "GET").statusCode()).isEqualTo(400);
        assertThat(ping(pingPath + "/finish", "GET").statusCode()).isEqualTo(400);
        assertThat(ping(pingPath + "?rid=not-a-uuid", "GET").statusCode()).isEqualTo(400);
        assertThat(json(get("/api/v1/heartbeats/bad-" + id)).path("pings")).isEmpty();
        assertThat(json(get("/api/v1/heartbeats/bad-" + id)).path("status").asString()).isEqualTo("new");
    }

    @Test
    void aMissedDeadlineMakesTheHeartbeatLateThenDown() {
        String pingPath = json(post("/api/v1/heartbeats", """
                {"slug": "late-%s", "service": "jobs-%s", "period": "1h", "grace": "10m"}""".formatted(id, id))).path("pingPath").asString();
        ping(pingPath, "GET");
        // Move the last ping into the past instead of waiting an hour.
        moveLastPing("late-" + id, Instant.now().minusSeconds(3600 + 60));
        heartbeats.evaluateDue();
        assertThat(json(get("/api/v1/heartbeats/late-" + id)).path("status").asString()).isEqualTo("late");

        moveLastPing("late-" + id, Instant.now().minusSeconds(3600 + 601));
        heartbeats.evaluateDue();
        assertThat(json(get("/api/v1/heartbeats/late-" + id)).path("status").asString()).isEqualTo("down");
        JsonNode down = json(get("/api/v1/heartbeats/late-" + id + "/events")).get(0);
        assertThat(down.path("kind").asString()).isEqualTo("heartbeat.down");
        assertThat(down.path("after").path("service").asString()).isEqualTo("jobs-" + id);
    }

    @Test
    void andonsOwnOutageIsNotAMissedPing() {
        String pingPath = json(post("/api/v1/heartbeats", """
                {"slug": "outage-%s", "service": "jobs-%s", "period": "1h", "grace": "10m"}""".formatted(id, id))).path("pingPath").asString();
        ping(pingPath, "GET");
        // The job pinged 61 minutes ago, then Andon was down for the last 30 minutes: the ping due a
        // minute ago could not have arrived, so the heartbeat is not late.
        moveLastPing("outage-" + id, Instant.now().minusSeconds(3660));
        sql.execute("update monitor_clock set at = now() - interval '30 minutes' where name = 'heartbeats'");
        heartbeats.evaluateDue();
        assertThat(json(get("/api/v1/heartbeats/outage-" + id)).path("status").asString()).isEqualTo("up");

        // Without an outage of ours, the same silence is late.
        moveLastPing("outage-" + id, Instant.now().minusSeconds(3660));
        heartbeats.evaluateDue();
        assertThat(json(get("/api/v1/heartbeats/outage-" + id)).path("status").asString()).isEqualTo("late");
    }

    @Test
    void pausedHeartbeatsNeverGoDownAndKeysCanBeRotated() {
        String oldPath = json(post("/api/v1/heartbeats", """
                {"slug": "rot-%s", "service": "jobs-%s", "period": "1m", "grace": "1m"}""".formatted(id, id))).path("pingPath").asString();
        ping(oldPath, "GET");
        assertThat(json(post("/api/v1/heartbeats/rot-" + id + "/pause", "")).path("status").asString()).isEqualTo("paused");
        moveLastPing("rot-" + id, Instant.now().minusSeconds(3600));
        heartbeats.evaluateDue();
        assertThat(json(get("/api/v1/heartbeats/rot-" + id)).path("status").asString()).isEqualTo("paused");

        String newPath = json(post("/api/v1/heartbeats/rot-" + id + "/rotate-key", "")).path("pingPath").asString();
        assertThat(newPath).isNotEqualTo(oldPath);
        assertThat(ping(oldPath, "GET").statusCode()).isEqualTo(404);
        assertThat(ping(newPath, "GET").statusCode()).isEqualTo(200);
        // A success on a paused heartbeat resumes it, as Healthchecks does.
        assertThat(json(get("/api/v1/heartbeats/rot-" + id)).path("status").asString()).isEqualTo("up");
    }

    @Test
    void anInvalidHeartbeatIsRefusedWithTheFieldNamed() {
        HttpResponse<String> cron = post("/api/v1/heartbeats", """
                {"slug": "x-%s", "service": "jobs-%s", "cron": "61 * * * *"}""".formatted(id, id));
        assertThat(cron.statusCode()).isEqualTo(422);
        assertThat(json(cron).path("field").asString()).isEqualTo("cron");
        HttpResponse<String> zone = post("/api/v1/heartbeats", """
                {"slug": "x-%s", "service": "jobs-%s", "cron": "0 2 * * *", "timezone": "Mars/Olympus"}""".formatted(id, id));
        assertThat(json(zone).path("field").asString()).isEqualTo("timezone");
    }

    private void moveLastPing(String slug, Instant lastPing) {
        sql.execute("update heartbeats set state = jsonb_set(state, '{lastPing}', to_jsonb(?::text)), next_deadline = now() where slug = ?",
                lastPing.toString(), slug);
        sql.execute("select 1 where ?::timestamptz is not null", OffsetDateTime.now(ZoneOffset.UTC));
    }
}
