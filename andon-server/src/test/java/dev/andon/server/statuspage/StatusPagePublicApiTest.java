package dev.andon.server.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The public page and its Statuspage-compatible API: shapes, states from checks, caching, publishing. */
class StatusPagePublicApiTest extends AndonServerTest {
    @Autowired
    DSLContext sql;
    @Autowired
    StatusPages pages;
    @Autowired
    StatusRenderer renderer;

    @TempDir
    Path publishDir;

    private String page(StatusPageFixture rows) {
        String slug = "shop-" + rows.id;
        assertThat(post("/api/v1/status-pages", """
                {"slug":"%s","title":"Shop %s","description":"Our shop","public_url":"https://status.example.com/"}""".formatted(slug, rows.id))
                .statusCode()).isEqualTo(201);
        return slug;
    }

    private long component(String slug, String json) {
        HttpResponse<String> created = post("/api/v1/status-pages/" + slug + "/components", json);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).path("id").asLong();
    }

    @Test
    void summaryHasStatuspagesShape() {
        StatusPageFixture rows = new StatusPageFixture(sql);
        long api = rows.service("api-" + rows.id, "API");
        rows.check(api, "api-a-" + rows.id, "up");
        rows.check(api, "api-b-" + rows.id, "degraded");
        long web = rows.service("web-" + rows.id, "Web");
        rows.check(web, "web-a-" + rows.id, "down");
        rows.check(web, "web-b-" + rows.id, "down");
        String slug = page(rows);
        long apiComponent = component(slug, "{\"name\":\"API\",\"group_name\":\"Platform\",\"service\":\"api-%s\"}".formatted(rows.id));
        component(slug, "{\"name\":\"Website\",\"service\":\"web-%s\"}".formatted(rows.id));
        long incident = rows.incident("Website down", "SEV1", "investigating", "", "x", Instant.now().minusSeconds(300), web);
        rows.update(incident, "public", "investigating", "We are looking into it.", "x", Instant.now().minusSeconds(200));
        assertThat(post("/api/v1/status-pages/" + slug + "/maintenances", """
                {"title":"DB upgrade","body":"Short read-only period.","scheduled_for":"2099-01-01T02:00:00Z",
                 "scheduled_until":"2099-01-01T03:00:00Z","component_ids":[%d]}""".formatted(apiComponent)).statusCode()).isEqualTo(201);

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/status/" + slug + "/api/v2/summary.json")).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode summary = json(response);
        assertThat(summary.path("page").propertyNames()).containsExactlyInAnyOrder("id", "name", "url", "time_zone", "updated_at");
        assertThat(summary.path("page").path("url").asString()).isEqualTo("https://status.example.com");
        JsonNode first = summary.path("components").get(0);
        assertThat(first.propertyNames()).contains("id", "name", "status", "created_at", "updated_at", "position", "description", "showcase",
                "group_id", "page_id", "group", "only_show_if_degraded");
        assertThat(first.path("id").isString()).isTrue();
        assertThat(first.path("status").asString()).isEqualTo("degraded_performance");
        assertThat(first.path("group_id").asString()).isEqualTo("group-platform");
        assertThat(summary.path("components").get(1).path("status").asString()).isEqualTo("major_outage");
        assertThat(summary.path("components").get(2).path("group").asBoolean()).isTrue();
        Instant.parse(first.path("created_at").asString());

        JsonNode active = summary.path("incidents").get(0);
        assertThat(active.propertyNames()).contains("id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact",
                "shortlink", "started_at", "page_id", "incident_updates", "components");
        assertThat(active.path("id").isString()).isTrue();
        assertThat(active.path("impact").asString()).isEqualTo("critical");
        JsonNode update = active.path("incident_updates").get(0);
        assertThat(update.propertyNames()).contains("id", "status", "body", "incident_id", "created_at", "updated_at", "display_at",
                "affected_components");
        assertThat(update.path("affected_components").get(0).propertyNames()).containsExactlyInAnyOrder("code", "name", "old_status", "new_status");
        JsonNode maintenance = summary.path("scheduled_maintenances").get(0);
        assertThat(maintenance.path("scheduled_for").asString()).isEqualTo("2099-01-01T02:00:00Z");
        assertThat(maintenance.path("scheduled_until").asString()).isEqualTo("2099-01-01T03:00:00Z");
        assertThat(maintenance.path("status").asString()).isEqualTo("scheduled");
        assertThat(summary.path("status").path("indicator").asString()).isEqualTo("critical");
        assertThat(summary.path("status").path("description").asString()).isEqualTo("Major System Outage");

        JsonNode upcoming = json(send(HttpRequest.newBuilder(uri("/status/" + slug + "/api/v2/scheduled-maintenances/upcoming.json")).GET().build()));
        assertThat(upcoming.path("scheduled_maintenances")).hasSize(1);
        JsonNode unresolved = json(send(HttpRequest.newBuilder(uri("/status/" + slug + "/api/v2/incidents/unresolved.json")).GET().build()));
        assertThat(unresolved.path("incidents")).hasSize(1);
    }

    @Test
    void overrideAndMaintenanceWinOverChecks() {
        StatusPageFixture rows = new StatusPageFixture(sql);
        long api = rows.service("ovr-" + rows.id, "API");
        rows.check(api, "ovr-a-" + rows.id, "up");
        String slug = page(rows);
        long component = component(slug, "{\"name\":\"API\",\"service\":\"ovr-%s\"}".formatted(rows.id));
        assertThat(put("/api/v1/status-pages/" + slug + "/components/" + component + "/override", "{\"status\":\"nope\",\"reason\":\"x\"}")
                .statusCode()).isEqualTo(422);
        HttpResponse<String> overridden = put("/api/v1/status-pages/" + slug + "/components/" + component + "/override",
                "{\"status\":\"partial_outage\",\"reason\":\"Customers report slowness\"}");
        assertThat(overridden.statusCode()).isEqualTo(200);
        assertThat(json(overridden).path("override").path("by").asString()).isEqualTo("admin");
        assertThat(status(slug)).isEqualTo("partial_outage");
        assertThat(delete("/api/v1/status-pages/" + slug + "/components/" + component + "/override").statusCode()).isEqualTo(200);
        assertThat(status(slug)).isEqualTo("operational");
        HttpResponse<String> maintenance = post("/api/v1/status-pages/" + slug + "/maintenances", """
                {"title":"Upgrade","scheduled_for":"2020-01-01T02:00:00Z","scheduled_until":"2099-01-01T03:00:00Z","status":"in_progress",
                 "component_ids":[%d]}""".formatted(component));
        assertThat(maintenance.statusCode()).isEqualTo(201);
        assertThat(status(slug)).isEqualTo("under_maintenance");
        assertThat(post("/api/v1/status-pages/" + slug + "/maintenances/" + json(maintenance).path("id").asLong() + "/updates",
                "{\"status\":\"completed\",\"body\":\"Done.\"}").statusCode()).isEqualTo(201);
        assertThat(status(slug)).isEqualTo("operational");
    }

    private String status(String slug) {
        return json(send(HttpRequest.newBuilder(uri("/status/" + slug + "/api/v2/components.json")).GET().build()))
                .path("components").get(0).path("status").asString();
    }

    @Test
    void everyPublicAnswerHasAnEtagAndAMatchIsNotModified() {
        StatusPageFixture rows = new StatusPageFixture(sql);
        String slug = page(rows);
        for (String path : List.of("", "/history.rss", "/history.atom", "/api/v2/summary.json", "/api/v2/status.json")) {
            HttpResponse<String> first = send(HttpRequest.newBuilder(uri("/status/" + slug + path)).GET().build());
            assertThat(first.statusCode()).as(path).isEqualTo(200);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(first.headers().firstValue("Cache-Control")).as(path).hasValue(PublicStatusPages.CACHE_CONTROL);
            HttpResponse<String> again = send(HttpRequest.newBuilder(uri("/status/" + slug + path)).header("If-None-Match", etag).GET().build());
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().firstValue("ETag")).hasValue(etag);
            assertThat(again.headers().firstValue("Cache-Control")).as(path).hasValue(PublicStatusPages.CACHE_CONTROL);
        }
        String before = send(HttpRequest.newBuilder(uri("/status/" + slug)).GET().build()).headers().firstValue("ETag").orElseThrow();
        assertThat(put("/api/v1/status-pages/" + slug, "{\"title\":\"Renamed shop\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> changed = send(HttpRequest.newBuilder(uri("/status/" + slug)).header("If-None-Match", before).GET().build());
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("Renamed shop").doesNotContain("<script");
        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/status/no-such-page-" + rows.id)).GET().build());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Cache-Control")).isPresent();
    }

    @Test
    void publishingWritesEveryFileAndAChangeSchedulesIt() throws Exception {
        StatusPageFixture rows = new StatusPageFixture(sql);
        String slug = page(rows);
        Path directory = publishDir.resolve(slug);
        int written = StatusPublisher.writeTo(directory, renderer.files(pages.snapshot(slug).orElseThrow()));
        assertThat(written).isEqualTo(11);
        for (String file : List.of("index.html", "api/v2/summary.json", "api/v2/status.json", "api/v2/components.json", "api/v2/incidents.json",
                "api/v2/incidents/unresolved.json", "api/v2/scheduled-maintenances.json", "api/v2/scheduled-maintenances/upcoming.json",
                "api/v2/scheduled-maintenances/active.json", "history.rss", "history.atom")) {
            assertThat(directory.resolve(file)).as(file).isRegularFile();
        }
        assertThat(Files.readString(directory.resolve("index.html"))).contains("href=\"history.rss\"").contains("All Systems Operational");
        assertThat(StatusPublisher.writeTo(directory, renderer.files(pages.snapshot(slug).orElseThrow()))).as("unchanged files").isZero();
        assertThat(sql.fetchExists(sql.selectOne().from("scheduled_tasks").where("task_name = ? and task_instance = ?", StatusPublisher.TASK, slug)))
                .as("creating the page scheduled its publication").isTrue();
    }
}
