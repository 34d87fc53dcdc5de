package dev.andon.server.postmortems;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Two services (web depends on api) and three members with passwords, named uniquely per test:
 * alice facilitates, bob takes part, carol does not. Each member acts through a token of their own.
 */
abstract class PremortemFixtures extends AndonServerTest {
    @Autowired
    DSLContext sql;

    String id;
    String api;
    String web;
    String alice;
    String bob;
    String carol;
    private final Map<String, String> tokens = new HashMap<>();

    @BeforeEach
    void catalog() {
        id = UUID.randomUUID().toString().substring(0, 8);
        api = "api-" + id;
        web = "web-" + id;
        alice = "alice-" + id;
        bob = "bob-" + id;
        carol = "carol-" + id;
        created(post("/api/v1/services", "{\"slug\":\"%s\",\"name\":\"API %s\",\"tier\":1}".formatted(api, id)));
        created(post("/api/v1/services", "{\"slug\":\"%s\",\"name\":\"Web %s\",\"tier\":2,\"dependsOn\":[{\"service\":\"%s\"}]}".formatted(web, id, api)));
        for (String user : new String[] {alice, bob, carol}) {
            created(post("/api/v1/users", "{\"username\":\"%s\",\"displayName\":\"%s\",\"email\":\"%s@example.com\",\"role\":\"member\"}"
                    .formatted(user, user, user)));
            assertThat(put("/api/v1/users/" + user + "/password", "{\"password\":\"%s\"}".formatted(password(user))).statusCode()).isEqualTo(204);
        }
    }

    static String password(String user) {
        return user + "-password-1234";
    }

    static HttpResponse<String> created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response;
    }

    /** A read+write token of {@code user}, created once with their password. */
    String token(String user) {
        return tokens.computeIfAbsent(user, name -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/tokens")).header("Authorization", basic(name, password(name)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"premortem\",\"scopes\":[\"read\",\"write\"]}")).build());
            return json(created(response)).path("token").asString();
        });
    }

    HttpResponse<String> getAs(String user, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token(user)).GET().build());
    }

    HttpResponse<String> postAs(String user, String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token(user)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> putAs(String user, String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token(user)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> deleteAs(String user, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token(user)).DELETE().build());
    }

    /** Opens a pre-mortem on the api service as the admin, facilitated by alice, with bob taking part. */
    JsonNode open(String title, int timeBoxMinutes, String launchDate) {
        return json(created(post("/api/v1/premortems", """
                {"title": "%s", "launch": "The new checkout", "launchDate": %s, "services": ["%s"], "facilitator": "%s",
                 "participants": ["%s"], "timeBoxMinutes": %d}""".formatted(title, launchDate == null ? "null" : "\"" + launchDate + "\"", api, alice,
                bob, timeBoxMinutes))));
    }

    long addRisk(String user, long premortem, String body) {
        return json(created(postAs(user, "/api/v1/premortems/" + premortem + "/risks", "{\"body\":\"%s\"}".formatted(body)))).path("id").asLong();
    }

    /** Ends the time box now, as if its minutes had passed: the shared server runs on the real clock. */
    void endTimeBox(long premortem) {
        sql.execute("update premortems set writing_ends_at = now() - interval '1 second' where id = ?", premortem);
    }
}
