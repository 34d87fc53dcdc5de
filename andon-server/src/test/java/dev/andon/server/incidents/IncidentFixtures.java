package dev.andon.server.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A catalog of two services (web depends on api) and two users, named uniquely per test, for the incident tests. */
abstract class IncidentFixtures extends AndonServerTest {
    @Autowired
    DSLContext sql;

    String id;
    String api;
    String web;
    String alice;
    String bob;

    @BeforeEach
    void catalog() {
        id = UUID.randomUUID().toString().substring(0, 8);
        api = "api-" + id;
        web = "web-" + id;
        alice = "alice-" + id;
        bob = "bob-" + id;
        created(post("/api/v1/services", "{\"slug\":\"%s\",\"name\":\"API %s\",\"tier\":1}".formatted(api, id)));
        created(post("/api/v1/services", "{\"slug\":\"%s\",\"name\":\"Web %s\",\"tier\":2,\"dependsOn\":[{\"service\":\"%s\"}]}".formatted(web, id, api)));
        for (String user : new String[] {alice, bob}) {
            created(post("/api/v1/users", "{\"username\":\"%s\",\"displayName\":\"%s\",\"email\":\"%s@example.com\",\"role\":\"member\"}"
                    .formatted(user, user, user)));
        }
    }

    static HttpResponse<String> created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response;
    }

    HttpResponse<String> patch(String path, String json) {
        return send(authorized(path).header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    JsonNode declare(String json) {
        return json(created(post("/api/v1/incidents", json)));
    }

    long serviceId(String slug) {
        return sql.resultQuery("select id from services where slug = ?", slug).fetchOne(0, Long.class);
    }

    /** An alert as the pipeline leaves it, with its "triggered" log entry. */
    long alert(String service, String summary, Instant createdAt) {
        long alert = sql.resultQuery("""
                insert into alerts (origin, service_id, dedup_key, status, severity, summary, created_at, last_event_at)
                values ('api', ?, ?, 'triggered', 'critical', ?, ?::timestamptz, ?::timestamptz) returning id""", serviceId(service),
                "incident-" + UUID.randomUUID(), summary, createdAt.atOffset(ZoneOffset.UTC), createdAt.atOffset(ZoneOffset.UTC)).fetchOne(0, Long.class);
        sql.execute("insert into alert_log (alert_id, at, kind, actor) values (?, ?::timestamptz, 'triggered', 'prometheus')", alert,
                createdAt.atOffset(ZoneOffset.UTC));
        return alert;
    }
}
