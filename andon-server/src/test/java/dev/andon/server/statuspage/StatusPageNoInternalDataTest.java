package dev.andon.server.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The rule: a status page shows no internal data (no internal notes or updates, no summary,
 * no responder names, no services that are not on the page), in its HTML, JSON, feeds and published
 * files alike; the public update does appear.
 */
class StatusPageNoInternalDataTest extends AndonServerTest {
    @Autowired
    DSLContext sql;
    @Autowired
    StatusPages pages;
    @Autowired
    StatusRenderer renderer;

    @TempDir
    Path publishDir;

    @Test
    void publicOutputsCarryOnlyPublicUpdates() throws Exception {
        StatusPageFixture rows = new StatusPageFixture(sql);
        String id = rows.id;
        long listed = rows.service("checkout-" + id, "Checkout " + id);
        long unlisted = rows.service("secret-ledger-" + id, "Hidden Ledger Service " + id);
        rows.check(listed, "checkout-http-" + id, "down");
        String slug = "acme-" + id;
        assertThat(post("/api/v1/status-pages", """
                {"slug":"%s","title":"Acme","time_zone":"Europe/Berlin"}""".formatted(slug)).statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/status-pages/" + slug + "/components", """
                {"name":"Checkout","service":"checkout-%s"}""".formatted(id)).statusCode()).isEqualTo(201);

        Instant now = Instant.now();
        long commander = rows.user("ic-" + id, "Zelda Commanderson " + id);
        long incident = rows.incident("Checkout errors", "SEV2", "identified", "SUMMARY-internal-root-cause-" + id,
                "Declarer Dave " + id, now.minusSeconds(1200), listed, unlisted);
        rows.role(incident, "commander", commander, now.minusSeconds(1100));
        rows.note(incident, "Scribe Sam " + id, "NOTE-the-db-password-leaked-" + id, now.minusSeconds(1000));
        rows.update(incident, "internal", "identified", "INTERNAL-bad-deploy-by-bob-" + id, "Poster Paula " + id, now.minusSeconds(900));
        rows.update(incident, "public", "identified", "PUBLIC-we-found-the-cause-" + id, "Poster Pete " + id, now.minusSeconds(800));
        // An incident with only internal updates never appears.
        long quiet = rows.incident("QUIET-internal-only-" + id, "SEV1", "investigating", "", "x", now.minusSeconds(600), listed);
        rows.update(quiet, "internal", "investigating", "INTERNAL-only-" + id, "x", now.minusSeconds(500));

        List<String> outputs = new ArrayList<>();
        for (String path : List.of("", "/history.rss", "/history.atom", "/api/v2/summary.json", "/api/v2/status.json", "/api/v2/components.json",
                "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json", "/api/v2/scheduled-maintenances.json",
                "/api/v2/scheduled-maintenances/upcoming.json", "/api/v2/scheduled-maintenances/active.json")) {
            HttpResponse<String> response = send(java.net.http.HttpRequest.newBuilder(uri("/status/" + slug + path)).GET().build());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            outputs.add(path + "\n" + response.body());
        }
        Map<String, String> files = renderer.files(pages.snapshot(slug).orElseThrow());
        StatusPublisher.writeTo(publishDir.resolve(slug), files);
        for (String file : files.keySet()) {
            outputs.add("file " + file + "\n" + Files.readString(publishDir.resolve(slug).resolve(file)));
        }

        String html = outputs.getFirst();
        assertThat(html).contains("PUBLIC-we-found-the-cause-" + id).contains("Checkout errors").contains("Major System Outage");
        assertThat(outputs.stream().filter(output -> output.startsWith("/api/v2/incidents.json")).findFirst().orElseThrow())
                .contains("PUBLIC-we-found-the-cause-" + id);
        assertThat(outputs.stream().filter(output -> output.startsWith("/history.rss")).findFirst().orElseThrow())
                .contains("PUBLIC-we-found-the-cause-" + id);
        for (String output : outputs) {
            String where = output.substring(0, output.indexOf('\n'));
            assertThat(output).as(where).doesNotContain("INTERNAL-", "NOTE-the-db-password", "SUMMARY-internal", "internal impact estimate",
                    "Zelda", "Commanderson", "ic-" + id, "Declarer Dave", "Scribe Sam", "Poster Paula", "Poster Pete", "Hidden Ledger",
                    "secret-ledger", "QUIET-internal-only", "checkout-http-" + id);
        }
    }
}
