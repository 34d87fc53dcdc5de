package dev.andon.server.postmortems;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.incidents.IncidentSeverity;
import dev.andon.server.incidents.Incidents;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Action items through /api/v1/action-items on the real server and PostgreSQL. */
class ActionItemsApiTest extends PostmortemFixtures {
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    private long postmortem() {
        Incidents.Incident incident = resolvedIncident("Slow checkout " + id, IncidentSeverity.SEV2, List.of(api), 3);
        return postmortem(incident, "Slow checkout", "draft", Instant.now().plus(Duration.ofDays(5)), "", "", List.of(), null);
    }

    private static List<Long> ids(JsonNode items) {
        List<Long> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.path("id").asLong()));
        return ids;
    }

    private static void problem(HttpResponse<String> response, int status, String field, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(response).path("field").asString()).as(response.body()).isEqualTo(field);
        assertThat(json(response).path("detail").asString()).as(response.body()).contains(detail);
    }

    @Test
    void anActionItemIsCreatedListedAsOverdueChangedToDoneAndDeleted() {
        long postmortem = postmortem();
        HttpResponse<String> response = created(post("/api/v1/action-items", """
                {"title": "Alert on pool saturation", "description": "Page at 80%%", "owner": "%s", "team": "%s", "dueDate": "%s",
                 "priority": "high", "type": "detect", "trackerUrl": "https://tracker.example.com/OPS-12", "postmortemId": %d}"""
                .formatted(alice, team, today.minusDays(3), postmortem)));
        JsonNode item = json(response);
        long id = item.path("id").asLong();
        assertThat(response.headers().firstValue("Location").orElseThrow()).isEqualTo("/api/v1/action-items/" + id);
        assertThat(item.path("reference").asString()).isEqualTo("AI-" + id);
        assertThat(item.path("owner").asString()).isEqualTo(alice);
        assertThat(item.path("team").asString()).isEqualTo(team);
        assertThat(item.path("dueDate").asString()).isEqualTo(today.minusDays(3).toString());
        assertThat(item.path("priority").asString()).isEqualTo("high");
        assertThat(item.path("type").asString()).isEqualTo("detect");
        assertThat(item.path("status").asString()).isEqualTo("open");
        assertThat(item.path("overdue").asBoolean()).isTrue();
        assertThat(item.path("postmortemId").asLong()).isEqualTo(postmortem);
        assertThat(item.path("incident").isNull()).isFalse();
        assertThat(item.path("createdBy").asString()).isEqualTo("admin");
        assertThat(Instant.parse(item.path("createdAt").asString())).isBeforeOrEqualTo(Instant.now());
        assertThat(item.path("closedAt").isNull()).isTrue();

        // Without a team it follows the owning team of the incident's first service.
        JsonNode later = json(created(post("/api/v1/action-items", """
                {"title": "Tune the pool", "owner": "%s", "dueDate": "%s", "type": "prevent", "postmortemId": "%d"}"""
                .formatted(bob, today.plusDays(10), postmortem))));
        assertThat(later.path("team").asString()).isEqualTo(team);
        assertThat(later.path("priority").asString()).as("medium unless given").isEqualTo("medium");
        assertThat(later.path("overdue").asBoolean()).isFalse();

        assertThat(ids(json(get("/api/v1/action-items?state=overdue&team=" + team)))).containsExactly(id);
        assertThat(ids(json(get("/api/v1/action-items?team=" + team)))).as("open by default, earliest due first").containsExactly(id, later.path("id").asLong());
        assertThat(ids(json(get("/api/v1/action-items?state=all&owner=" + bob)))).containsExactly(later.path("id").asLong());
        assertThat(ids(json(get("/api/v1/action-items?state=all&postmortem=" + postmortem)))).hasSize(2);
        assertThat(json(get("/api/v1/action-items/" + id)).path("title").asString()).isEqualTo("Alert on pool saturation");

        JsonNode started = json(patch("/api/v1/action-items/" + id, "{\"status\": \"in progress\", \"trackerUrl\": null, \"priority\": \"LOW\"}"));
        assertThat(started.path("status").asString()).isEqualTo("in_progress");
        assertThat(started.path("trackerUrl").isNull()).as("null clears the link").isTrue();
        assertThat(started.path("priority").asString()).isEqualTo("low");
        assertThat(started.path("overdue").asBoolean()).isTrue();
        JsonNode done = json(patch("/api/v1/action-items/" + id, "{\"status\": \"done\", \"dueDate\": \"" + today.plusDays(1) + "\"}"));
        assertThat(done.path("status").asString()).isEqualTo("done");
        assertThat(done.path("overdue").asBoolean()).isFalse();
        assertThat(done.path("closedAt").isNull()).isFalse();
        assertThat(ids(json(get("/api/v1/action-items?state=overdue&team=" + team)))).isEmpty();
        assertThat(ids(json(get("/api/v1/action-items?state=closed&team=" + team)))).containsExactly(id);
        assertThat(sql.resultQuery("select kind from events where object_type = 'action-item' and object_key = ? order by id", Long.toString(id))
                .fetch(0, String.class)).containsExactly("action-item.created", "action-item.changed", "action-item.changed");

        assertThat(delete("/api/v1/action-items/" + id).statusCode()).isEqualTo(204);
        problem(get("/api/v1/action-items/" + id), 404, "id", "There is no action item AI-" + id);
        problem(delete("/api/v1/action-items/" + id), 404, "id", "AI-" + id);
        problem(patch("/api/v1/action-items/" + id, "{\"status\":\"done\"}"), 404, "id", "AI-" + id);
    }

    @Test
    void invalidFieldsAreRefusedByName() {
        String valid = "\"title\": \"Add a runbook\", \"owner\": \"%s\", \"dueDate\": \"%s\", \"type\": \"process\"".formatted(alice, today.plusDays(7));
        problem(post("/api/v1/action-items", "{\"owner\": \"%s\", \"dueDate\": \"2030-01-01\", \"type\": \"process\"}".formatted(alice)), 422, "title",
                "is required");
        problem(post("/api/v1/action-items", "{\"title\": \"x\", \"owner\": \"%s\", \"type\": \"process\"}".formatted(alice)), 422, "dueDate", "is required");
        problem(post("/api/v1/action-items", "{" + valid.replace(today.plusDays(7).toString(), "next friday") + "}"), 422, "dueDate",
                "is not a date such as 2026-12-01");
        problem(post("/api/v1/action-items", "{" + valid.replace("process", "blame") + "}"), 422, "type", "prevent, mitigate, detect, process");
        problem(post("/api/v1/action-items", "{" + valid + ", \"priority\": \"urgent\"}"), 422, "priority", "high, medium, low");
        problem(post("/api/v1/action-items", "{" + valid.replace(alice, "nobody-" + id) + "}"), 422, "owner", "There is no user");
        problem(post("/api/v1/action-items", "{" + valid + ", \"team\": \"no-team-" + id + "\"}"), 422, "team", "There is no team");
        problem(post("/api/v1/action-items", "{" + valid + ", \"trackerUrl\": \"javascript:alert(1)\"}"), 422, "trackerUrl", "http(s) link");
        problem(post("/api/v1/action-items", "{" + valid + ", \"postmortemId\": 999999999}"), 422, "postmortemId", "There is no postmortem 999999999");
        problem(post("/api/v1/action-items", "{" + valid + ", \"postmortemId\": \"first\"}"), 422, "postmortemId", "is not the id of a postmortem");
        problem(post("/api/v1/action-items", "{" + valid + ", \"dueAt\": \"2030-01-01\"}"), 422, "dueAt", "is not a field of an action item");
        assertThat(post("/api/v1/action-items", "{\"title\": ").statusCode()).isEqualTo(400);

        long id = json(created(post("/api/v1/action-items", "{" + valid + "}"))).path("id").asLong();
        assertThat(json(get("/api/v1/action-items/" + id)).path("team").asString()).as("no postmortem: the owner's first team").isEqualTo(team);
        problem(patch("/api/v1/action-items/" + id, "{\"status\": \"finished\"}"), 422, "status", "open, in_progress, done, wont_do");
        problem(patch("/api/v1/action-items/" + id, "{\"dueDate\": null}"), 422, "dueDate", "cannot be cleared");
        problem(patch("/api/v1/action-items/" + id, "{\"title\": \"  \"}"), 422, "title", "cannot be empty");
        problem(patch("/api/v1/action-items/" + id, "{\"postmortemId\": 1}"), 422, "postmortemId", "is not a field");
        problem(get("/api/v1/action-items?state=late"), 400, "state", "open, overdue, closed, all");
        problem(get("/api/v1/action-items?team=no-team-" + id), 400, "team", "There is no team");
        problem(get("/api/v1/action-items?owner=nobody-" + id), 400, "owner", "There is no user");
        problem(get("/api/v1/action-items?postmortem=first"), 400, "postmortem", "first");
    }

    @Test
    void aReadOnlyTokenReadsButCannotChange() {
        long id = json(created(post("/api/v1/action-items", "{\"title\": \"Read me\", \"owner\": \"%s\", \"dueDate\": \"%s\", \"type\": \"mitigate\"}"
                .formatted(alice, today.plusDays(2))))).path("id").asLong();
        String reader = json(created(post("/api/v1/tokens", "{\"name\":\"reader-%s\",\"scopes\":[\"read\"]}".formatted(id)))).path("token").asString();
        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/api/v1/action-items/" + id)).header("Authorization", "Bearer " + reader).GET().build());
        assertThat(read.statusCode()).isEqualTo(200);
        HttpResponse<String> search = send(HttpRequest.newBuilder(uri("/api/v1/postmortems")).header("Authorization", "Bearer " + reader).GET().build());
        assertThat(search.statusCode()).isEqualTo(200);
        for (HttpRequest.Builder change : List.of(
                HttpRequest.newBuilder(uri("/api/v1/action-items")).POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\"}")),
                HttpRequest.newBuilder(uri("/api/v1/action-items/" + id)).method("PATCH", HttpRequest.BodyPublishers.ofString("{\"status\":\"done\"}")),
                HttpRequest.newBuilder(uri("/api/v1/action-items/" + id)).DELETE())) {
            HttpResponse<String> refused = send(change.header("Authorization", "Bearer " + reader).header("Content-Type", "application/json").build());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        }
        assertThat(json(get("/api/v1/action-items/" + id)).path("status").asString()).isEqualTo("open");
    }
}
