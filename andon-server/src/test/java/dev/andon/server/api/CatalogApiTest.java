package dev.andon.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CatalogApiTest extends AndonServerTest {
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    private String team() {
        String slug = "team-" + id;
        assertThat(post("/api/v1/teams", """
                {"slug":"%s","name":"Payments","contactChannel":"#payments-oncall","members":["admin"]}""".formatted(slug)).statusCode()).isEqualTo(201);
        return slug;
    }

    @Test
    void serviceLifecycleThroughTheApi() {
        String team = team();
        HttpResponse<String> created = post("/api/v1/services", """
                {"slug":"db-%s","name":"Main DB","tier":1,"owner":"%s","type":"database"}""".formatted(id, team));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/services/db-" + id);

        HttpResponse<String> api = post("/api/v1/services", """
                {"slug":"api-%s","name":"Payments API","tier":2,"owner":"%s","tags":["pci","java"],
                 "links":[{"type":"runbook","url":"https://runbooks.example/payments"}],
                 "dependsOn":[{"service":"db-%s","kind":"hard"}]}""".formatted(id, team, id));
        assertThat(api.statusCode()).as(api.body()).isEqualTo(201);
        JsonNode body = json(api);
        assertThat(body.path("lifecycle").asString()).isEqualTo("production");
        assertThat(body.path("links").get(0).path("title").asString()).isEqualTo("Runbook");
        assertThat(body.path("dependsOn").get(0).path("service").asString()).isEqualTo("db-" + id);

        HttpResponse<String> updated = put("/api/v1/services/api-" + id, """
                {"name":"Payments API","tier":1,"owner":"%s","lifecycle":"deprecated",
                 "dependsOn":[{"service":"db-%s","kind":"soft"}]}""".formatted(team, id));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(json(updated).path("tier").asInt()).isEqualTo(1);

        JsonNode dependencies = json(get("/api/v1/services/db-" + id + "/dependencies"));
        assertThat(dependencies.path("dependedOnBy").get(0).path("service").asString()).isEqualTo("api-" + id);
        assertThat(dependencies.path("blastRadius").get(0).path("impact").asString()).isEqualTo("degraded");

        JsonNode history = json(get("/api/v1/services/api-" + id + "/events"));
        assertThat(history).hasSize(2);
        assertThat(history.get(0).path("kind").asString()).isEqualTo("service.updated");
        assertThat(history.get(0).path("actor").asString()).isEqualTo("admin");
        assertThat(history.get(0).path("before").path("tier").asInt()).isEqualTo(2);
        assertThat(history.get(0).path("after").path("tier").asInt()).isEqualTo(1);

        assertThat(delete("/api/v1/services/db-" + id).statusCode()).isEqualTo(409);
        assertThat(delete("/api/v1/services/api-" + id).statusCode()).isEqualTo(204);
        assertThat(delete("/api/v1/services/db-" + id).statusCode()).isEqualTo(204);
        assertThat(get("/api/v1/services/db-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void listFiltersByTeamTierTagAndText() {
        String team = team();
        post("/api/v1/services", "{\"slug\":\"alpha-%s\",\"name\":\"Alpha checkout\",\"tier\":1,\"owner\":\"%s\",\"tags\":[\"edge\"]}".formatted(id, team));
        post("/api/v1/services", "{\"slug\":\"beta-%s\",\"name\":\"Beta\",\"tier\":3,\"owner\":\"%s\"}".formatted(id, team));
        assertThat(json(get("/api/v1/services?team=" + team))).hasSize(2);
        assertThat(json(get("/api/v1/services?team=" + team + "&tier=1")).get(0).path("slug").asString()).isEqualTo("alpha-" + id);
        assertThat(json(get("/api/v1/services?team=" + team + "&tag=edge"))).hasSize(1);
        assertThat(json(get("/api/v1/services?q=checkout&team=" + team))).hasSize(1);
        assertThat(json(get("/api/v1/teams?member=admin")).findValuesAsString("slug")).contains(team);
    }

    @Test
    void badInputIsAProblemDocumentNamingTheField() {
        HttpResponse<String> response = post("/api/v1/services", "{\"slug\":\"Bad Slug\",\"name\":\"x\",\"tier\":9}");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("field").asString()).isEqualTo("slug");
        assertThat(problem.path("detail").asString()).contains("not a valid slug").contains("tier: must be 1, 2, 3 or 4");

        HttpResponse<String> unknownOwner = post("/api/v1/services", "{\"slug\":\"orphan-%s\",\"name\":\"x\",\"owner\":\"nobody-%s\"}".formatted(id, id));
        assertThat(unknownOwner.statusCode()).isEqualTo(422);
        assertThat(json(unknownOwner).path("field").asString()).isEqualTo("owner");
        assertThat(get("/api/v1/services/orphan-" + id).statusCode()).isEqualTo(404);

        HttpResponse<String> malformed = post("/api/v1/services", "{\"slug\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).path("code").asString()).isEqualTo("malformed-json");

        HttpResponse<String> badLifecycle = post("/api/v1/services", "{\"slug\":\"lc-%s\",\"name\":\"x\",\"lifecycle\":\"beta\"}".formatted(id));
        assertThat(json(badLifecycle).path("field").asString()).isEqualTo("lifecycle");
    }

    @Test
    void concurrentCreatesOfOneSlugMakeOneObject() throws Exception {
        String team = team();
        java.util.List<java.util.concurrent.Callable<Integer>> creates = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            creates.add(() -> post("/api/v1/services", "{\"slug\":\"race-%s\",\"name\":\"Racer %d\",\"owner\":\"%s\"}".formatted(id, n, team)).statusCode());
        }
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var statuses = pool.invokeAll(creates).stream().map(future -> {
                try {
                    return future.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(statuses).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
        }
        assertThat(json(get("/api/v1/services/race-" + id + "/events"))).hasSize(1);
    }

    @Test
    void duplicatesAndRenamesAreRefused() {
        String team = team();
        assertThat(post("/api/v1/teams", "{\"slug\":\"%s\",\"name\":\"Again\"}".formatted(team)).statusCode()).isEqualTo(409);
        assertThat(put("/api/v1/teams/" + team, "{\"slug\":\"other\",\"name\":\"Again\"}").statusCode()).isEqualTo(422);
        assertThat(put("/api/v1/teams/missing-" + id, "{\"name\":\"Again\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownPathsAnswer404InTheShapeTheCallerReads() {
        HttpResponse<String> api = get("/api/v1/no-such-resource");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(json(api).path("code").asString()).isEqualTo("not-found");
        HttpResponse<String> page = send(authorized("/no-such-page").header("Accept", "text/html").GET().build());
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("<html").contains("Not found");
    }

    @Test
    void oversizedBodiesAreRefused() {
        String big = "{\"slug\":\"big\",\"name\":\"" + "x".repeat(600 * 1024) + "\"}";
        HttpResponse<String> response = post("/api/v1/services", big);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("code").asString()).isEqualTo("body-too-large");
    }

    @Test
    void readOnlyTokensCannotWriteAndRevokedTokensStopWorking() {
        JsonNode created = json(post("/api/v1/tokens", "{\"name\":\"C:\\\\dashboard \\\"%s\\\"\",\"scopes\":[\"read\"]}".formatted(id)));
        assertThat(created.path("info").path("name").asString()).isEqualTo("C:\\dashboard \"" + id + "\"");
        String token = created.path("token").asString();
        assertThat(token).startsWith("andon_");
        HttpRequest.Builder readOnly = HttpRequest.newBuilder(uri("/api/v1/teams")).header("Authorization", "Bearer " + token);
        assertThat(send(readOnly.copy().GET().build()).statusCode()).isEqualTo(200);
        HttpResponse<String> write = send(readOnly.copy().header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"ro-%s\",\"name\":\"x\"}".formatted(id))).build());
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(json(write).path("code").asString()).isEqualTo("forbidden");

        HttpResponse<String> form = send(HttpRequest.newBuilder(uri("/services")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("slug=ro-form-%s&name=x&tier=3".formatted(id))).build());
        assertThat(form.statusCode()).as("a read-only token cannot post page forms either").isEqualTo(403);
        assertThat(get("/api/v1/services/ro-form-" + id).statusCode()).isEqualTo(404);

        assertThat(get("/api/v1/tokens").body()).doesNotContain(token).contains(token.substring(0, 12));
        assertThat(delete("/api/v1/tokens/" + created.path("info").path("id").asLong()).statusCode()).isEqualTo(204);
        assertThat(send(readOnly.copy().GET().build()).statusCode()).isEqualTo(401);
    }

    @Test
    void onlyAdminsManageUsers() {
        assertThat(post("/api/v1/users", "{\"username\":\"carol-%s\",\"displayName\":\"Carol\",\"role\":\"member\"}".formatted(id)).statusCode()).isEqualTo(201);
        assertThat(put("/api/v1/users/carol-" + id + "/password", "{\"password\":\"short\"}").statusCode()).isEqualTo(422);
        assertThat(put("/api/v1/users/carol-" + id + "/password", "{\"password\":\"carol-long-password\"}").statusCode()).isEqualTo(204);
        HttpResponse<String> asCarol = send(HttpRequest.newBuilder(uri("/api/v1/users"))
                .header("Authorization", basic("carol-" + id, "carol-long-password")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"mallory-%s\"}".formatted(id))).build());
        assertThat(asCarol.statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/users/mallory-" + id).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/users/carol-" + id).body()).doesNotContain("password");
    }

    @Test
    void openApiDocumentListsTheCatalogRoutes() {
        JsonNode document = json(get("/api/openapi.json"));
        assertThat(document.path("openapi").asString()).startsWith("3.");
        assertThat(document.path("paths").propertyNames()).contains("/api/v1/services", "/api/v1/services/{slug}", "/api/v1/teams",
                "/api/v1/systems", "/api/v1/users", "/api/v1/tokens", "/api/v1/apply", "/api/v1/export",
                "/api/v1/checks", "/api/v1/checks/{slug}", "/api/v1/checks/{slug}/results", "/api/v1/heartbeats", "/api/v1/heartbeats/{slug}",
                "/api/v1/agents", "/api/v1/agent/assignments", "/api/v1/agent/results", "/ping/{key}", "/ping/{key}/{suffix}");
    }
}
