package dev.andon.server.api;

import dev.andon.checks.Check;
import dev.andon.checks.CheckFields;
import dev.andon.checks.Diagnosis;
import dev.andon.checks.FaultLocator;
import dev.andon.probe.ProbeResult;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.checks.CheckHistory;
import dev.andon.server.checks.CheckService;
import dev.andon.server.checks.CheckStore;
import dev.andon.server.checks.ResultJson;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * Health checks under /api/v1/checks. A check reads and writes as its YAML spec fields plus
 * {@code slug} and {@code name}; reads add its status, each location's state and latest result,
 * the comparison between locations, and uptime and latency over 24 h to 90 days.
 */
@RestController
@RequestMapping("/api/v1/checks")
public class ChecksApi {
    private final CheckService checks;
    private final CheckHistory history;
    private final dev.andon.events.EventLog events;

    public ChecksApi(CheckService checks, CheckHistory history, dev.andon.events.EventLog events) {
        this.checks = checks;
        this.history = history;
        this.events = events;
    }

    /** The check's history in the event log: definition changes and every status change, newest first. */
    @GetMapping("/{slug}/events")
    public List<EventJson> events(@PathVariable String slug, @RequestParam(defaultValue = "100") int limit) {
        find(slug);
        return EventJson.of(events.forObject("check", slug, Math.max(1, Math.min(limit, 1000))));
    }

    @GetMapping
    public List<ObjectNode> list(@RequestParam(required = false) String service) {
        List<CheckStore.StoredCheck> all = service == null ? checks.store().all() : checks.store().forService(service);
        return all.stream().map(ChecksApi::summary).toList();
    }

    @PostMapping
    public ResponseEntity<ObjectNode> create(@RequestBody ObjectNode body) {
        CheckStore.StoredCheck created = checks.create(CurrentUser.name(), read(null, body));
        return ResponseEntity.created(URI.create("/api/v1/checks/" + created.check().slug())).body(detail(created));
    }

    @GetMapping("/{slug}")
    public ObjectNode get(@PathVariable String slug) {
        return detail(find(slug));
    }

    @PutMapping("/{slug}")
    public ObjectNode update(@PathVariable String slug, @RequestBody ObjectNode body) {
        Check incoming = read(slug, body);
        Check stored = find(slug).check();
        return detail(checks.update(CurrentUser.name(), CheckFields.keepingHidden(incoming, stored)));
    }

    @DeleteMapping("/{slug}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String slug) {
        checks.delete(CurrentUser.name(), slug);
    }

    @PostMapping("/{slug}/pause")
    public ObjectNode pause(@PathVariable String slug) {
        return detail(checks.setPaused(CurrentUser.name(), slug, true));
    }

    @PostMapping("/{slug}/resume")
    public ObjectNode resume(@PathVariable String slug) {
        return detail(checks.setPaused(CurrentUser.name(), slug, false));
    }

    /** The newest stored results, all locations. */
    @GetMapping("/{slug}/results")
    public List<CheckHistory.Result> results(@PathVariable String slug, @RequestParam(defaultValue = "100") int limit) {
        return history.recent(find(slug).id(), Math.max(1, Math.min(limit, 1000)));
    }

    private CheckStore.StoredCheck find(String slug) {
        return checks.store().find(slug).orElseThrow(() -> new dev.andon.catalog.CatalogException(
                dev.andon.catalog.CatalogException.Code.NOT_FOUND, "slug", "check '" + slug + "' does not exist"));
    }

    /** The API's body is the YAML spec plus slug and name; the URL's slug wins and must agree with the body's. */
    static Check read(String pathSlug, ObjectNode body) {
        SpecBodies.Spec spec = SpecBodies.read("check", pathSlug, body,
                List.of("status", "statusSince", "statusMessage", "statusPhase", "locationStates", "comparison", "uptime"));
        return CheckFields.check(spec.slug(), spec.fields());
    }

    static ObjectNode summary(CheckStore.StoredCheck stored) {
        ObjectNode result = SpecBodies.write(stored.check().slug(), stored.check().name(), CheckFields.redacted(CheckFields.json(stored.check())));
        result.put("status", stored.status().name().toLowerCase());
        result.put("statusSince", stored.statusSince().toString());
        result.put("statusMessage", stored.statusMessage());
        if (stored.statusPhase() != null) {
            result.put("statusPhase", stored.statusPhase());
        }
        return result;
    }

    private ObjectNode detail(CheckStore.StoredCheck stored) {
        ObjectNode result = summary(stored);
        var locations = result.putArray("locationStates");
        Map<String, ProbeResult> latest = new LinkedHashMap<>();
        for (CheckStore.LocationRow row : checks.store().locations(stored.id())) {
            ObjectNode location = locations.addObject();
            location.put("location", row.location());
            location.put("status", row.status().name().toLowerCase());
            location.put("statusSince", row.statusSince().toString());
            if (row.lastResultAt() != null) {
                location.put("lastResultAt", row.lastResultAt().toString());
            }
            if (row.lastResult() != null) {
                location.set("lastResult", ResultJson.write(row.lastResult()));
                latest.put(row.location(), row.lastResult());
            }
        }
        Diagnosis diagnosis = FaultLocator.diagnose(latest);
        ObjectNode comparison = result.putObject("comparison");
        var findings = comparison.putArray("findings");
        diagnosis.findings().forEach(findings::add);
        var steps = comparison.putArray("steps");
        diagnosis.steps().forEach(step -> {
            ObjectNode row = steps.addObject();
            row.put("step", step.name());
            row.put("differs", step.differs());
            ObjectNode byLocation = row.putObject("byLocation");
            step.byLocation().forEach(byLocation::put);
        });
        ObjectNode uptime = result.putObject("uptime");
        for (CheckHistory.Window window : history.windows(stored.id())) {
            ObjectNode entry = uptime.putObject(window.name());
            put(entry, "uptimePercent", window.uptime());
            put(entry, "latencyP50Ms", window.p50());
            put(entry, "latencyP95Ms", window.p95());
            put(entry, "latencyP99Ms", window.p99());
            entry.put("results", window.results());
        }
        return result;
    }

    private static void put(ObjectNode node, String name, OptionalDouble value) {
        if (value.isPresent()) {
            node.put(name, Math.round(value.getAsDouble() * 1000) / 1000.0);
        } else {
            node.putNull(name);
        }
    }
}
