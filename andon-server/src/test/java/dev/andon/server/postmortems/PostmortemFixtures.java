package dev.andon.server.postmortems;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.incidents.IncidentSeverity;
import dev.andon.incidents.IncidentStatus;
import dev.andon.server.incidents.Incidents;
import dev.andon.server.support.AndonServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A catalog named uniquely per test (two services, two users, a team) and helpers that make
 * resolved incidents through {@link Incidents} and postmortems, factors and timeline entries with
 * plain SQL, as the postmortem editor will leave them.
 */
abstract class PostmortemFixtures extends AndonServerTest {
    @Autowired
    DSLContext sql;
    @Autowired
    Incidents incidents;

    String id;
    /** A word no other test writes: the id in letters, so the English stemmer leaves it whole. */
    String word;
    String api;
    String web;
    String alice;
    String bob;
    String team;

    @BeforeEach
    void catalog() {
        id = UUID.randomUUID().toString().substring(0, 8);
        word = "quokka" + id.chars().mapToObj(c -> String.valueOf((char) (Character.isDigit(c) ? 'g' + (c - '0') : c))).reduce("", String::concat);
        api = "api-" + id;
        web = "web-" + id;
        alice = "alice-" + id;
        bob = "bob-" + id;
        team = "team-" + id;
        for (String user : new String[] {alice, bob}) {
            created(post("/api/v1/users", "{\"username\":\"%s\",\"displayName\":\"%s\",\"email\":\"%s@example.com\",\"role\":\"member\"}"
                    .formatted(user, user, user)));
        }
        created(post("/api/v1/teams", "{\"slug\":\"%s\",\"name\":\"Checkout %s\",\"members\":[\"%s\"]}".formatted(team, id, alice)));
        created(post("/api/v1/services", "{\"slug\":\"%s\",\"name\":\"API %s\",\"tier\":1,\"owner\":\"%s\"}".formatted(api, id, team)));
        created(post("/api/v1/services", "{\"slug\":\"%s\",\"name\":\"Web %s\",\"tier\":2}".formatted(web, id)));
    }

    static HttpResponse<String> created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response;
    }

    HttpResponse<String> patch(String path, String json) {
        return send(authorized(path).header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** An incident declared {@code daysAgo} days ago and resolved now; returns it. */
    Incidents.Incident resolvedIncident(String title, IncidentSeverity severity, List<String> services, int daysAgo) {
        Incidents.Incident declared = incidents.declare("admin", new Incidents.Declaration(title, severity, services, "", "",
                Instant.now().minus(Duration.ofDays(daysAgo)), null, "api"));
        return incidents.change("admin", declared.number(), new Incidents.Change(null, null, IncidentStatus.RESOLVED, null, null, null));
    }

    /** A postmortem row; {@code status} draft, in_review or published (then published {@code publishedAt}). */
    long postmortem(Incidents.Incident incident, String title, String status, Instant dueAt, String summary, String went_badly, List<String> tags,
                    Instant publishedAt) {
        // Resolving drafted one already (SEV1-3): this fixture writes its own instead.
        sql.execute("delete from postmortems where incident_id = ?", incident.id());
        return sql.resultQuery("""
                insert into postmortems (incident_id, title, status, due_at, summary, went_badly, tags, published_at, published_by)
                values (?, ?, ?, ?::timestamptz, ?, ?, ?::text[], ?::timestamptz, ?) returning id""",
                incident.id(), title, status, utc(dueAt), summary, went_badly, tags.toArray(String[]::new), utc(publishedAt),
                publishedAt == null ? null : "admin").fetchOne(0, Long.class);
    }

    void factor(long postmortem, String type, String description, String... whys) {
        sql.execute("insert into postmortem_factors (postmortem_id, type, description, whys) values (?, ?, ?, ?::text[])", postmortem, type,
                description, whys);
    }

    void timeline(long postmortem, Instant at, String body) {
        sql.execute("insert into postmortem_timeline (postmortem_id, at, body) values (?, ?::timestamptz, ?)", postmortem, utc(at), body);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
