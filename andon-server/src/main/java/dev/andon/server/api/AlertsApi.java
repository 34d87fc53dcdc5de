package dev.andon.server.api;

import dev.andon.alerts.AlertFields;
import dev.andon.alerts.AlertStatus;
import dev.andon.alerts.Integration;
import dev.andon.alerts.MaintenanceSchedule;
import dev.andon.alerts.MaintenanceWindow;
import dev.andon.catalog.CatalogException;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.alerts.AlertStore;
import dev.andon.server.alerts.IntegrationStore;
import dev.andon.server.alerts.MaintenanceStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alerts, integrations, maintenance windows and change events under /api/v1. Integrations and
 * maintenance windows read and write as their YAML spec fields plus {@code slug} and {@code name}.
 */
@RestController
public class AlertsApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> INTEGRATION_READ_ONLY = List.of("key", "keyHint", "keyCreatedAt", "endpoint");
    private static final List<String> WINDOW_READ_ONLY = List.of("createdBy", "active", "next");

    private final AlertStore alerts;
    private final IntegrationStore integrations;
    private final MaintenanceStore windows;
    private final Clock clock;

    public AlertsApi(AlertStore alerts, IntegrationStore integrations, MaintenanceStore windows, Clock clock) {
        this.alerts = alerts;
        this.integrations = integrations;
        this.windows = windows;
        this.clock = clock;
    }

    // --- alerts

    @GetMapping("/api/v1/alerts")
    public List<AlertStore.AlertRow> list(@RequestParam(required = false) String state, @RequestParam(required = false) String service,
                                          @RequestParam(required = false) String team, @RequestParam(required = false) String severity,
                                          @RequestParam(required = false) Integer limit) {
        return alerts.list(new AlertStore.Filter(state, service, team, severity, limit));
    }

    /** One alert with its timeline. */
    public record AlertDetail(AlertStore.AlertRow alert, List<AlertStore.LogRow> timeline, AlertStore.GroupRow group) {}

    @GetMapping("/api/v1/alerts/{id}")
    public AlertDetail get(@PathVariable long id) {
        AlertStore.AlertRow alert = find(id);
        return new AlertDetail(alert, alerts.log(id), alert.groupId() == null ? null : alerts.group(alert.groupId()).orElse(null));
    }

    @PostMapping("/api/v1/alerts/{id}/acknowledge")
    public AlertStore.AlertRow acknowledge(@PathVariable long id) {
        find(id);
        alerts.act(id, AlertStatus.ACKNOWLEDGED, CurrentUser.name());
        return find(id);
    }

    @PostMapping("/api/v1/alerts/{id}/resolve")
    public AlertStore.AlertRow resolve(@PathVariable long id) {
        find(id);
        alerts.act(id, AlertStatus.RESOLVED, CurrentUser.name());
        return find(id);
    }

    /** Noise feedback: {@code {"actionable": true|false}}. */
    @PostMapping("/api/v1/alerts/{id}/feedback")
    public AlertStore.AlertRow feedback(@PathVariable long id, @RequestBody ObjectNode body) {
        if (!body.path("actionable").isBoolean()) {
            throw new CatalogException(CatalogException.Code.INVALID, "actionable", "is required: true when the alert needed action, false for noise");
        }
        alerts.feedback(id, body.get("actionable").asBoolean(), CurrentUser.name());
        return find(id);
    }

    /** Per source and rule: alerts, how many were acted on, how many were noise, over the last {@code days}. */
    @GetMapping("/api/v1/reports/noise")
    public List<AlertStore.NoiseRow> noise(@RequestParam(defaultValue = "30") int days) {
        return alerts.noise(clock.instant().minus(Duration.ofDays(Math.max(1, Math.min(days, 400)))));
    }

    @GetMapping("/api/v1/changes")
    public List<AlertStore.ChangeRow> changes(@RequestParam(required = false) String service, @RequestParam(defaultValue = "100") int limit) {
        return alerts.changes(service, null, Math.max(1, Math.min(limit, 1000)));
    }

    private AlertStore.AlertRow find(long id) {
        return alerts.find(id).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "id", "alert " + id + " does not exist"));
    }

    // --- integrations

    @GetMapping("/api/v1/integrations")
    public List<ObjectNode> integrations(@RequestParam(required = false) String service) {
        return (service == null ? integrations.all() : integrations.forService(service)).stream().map(AlertsApi::integration).toList();
    }

    @GetMapping("/api/v1/integrations/{slug}")
    public ObjectNode integration(@PathVariable String slug) {
        return integration(integrations.find(slug).orElseThrow(() -> notFound("integration", slug)));
    }

    /** Creates an integration; the answer carries its key, shown this once. */
    @PostMapping("/api/v1/integrations")
    public ResponseEntity<ObjectNode> createIntegration(@RequestBody ObjectNode body) {
        IntegrationStore.Created created = integrations.create(CurrentUser.name(), readIntegration(null, body));
        ObjectNode answer = integration(created.stored());
        answer.put("key", created.key());
        return ResponseEntity.created(URI.create("/api/v1/integrations/" + created.stored().integration().slug())).body(answer);
    }

    @PutMapping("/api/v1/integrations/{slug}")
    public ObjectNode updateIntegration(@PathVariable String slug, @RequestBody ObjectNode body) {
        return integration(integrations.update(CurrentUser.name(), readIntegration(slug, body)));
    }

    @DeleteMapping("/api/v1/integrations/{slug}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void deleteIntegration(@PathVariable String slug) {
        integrations.delete(CurrentUser.name(), slug);
    }

    /** A new key; the old one stops working. The answer carries the key, shown this once. */
    @PostMapping("/api/v1/integrations/{slug}/key")
    public ObjectNode rotateKey(@PathVariable String slug) {
        IntegrationStore.Created created = integrations.rotateKey(CurrentUser.name(), slug);
        ObjectNode answer = integration(created.stored());
        answer.put("key", created.key());
        return answer;
    }

    private static Integration readIntegration(String pathSlug, ObjectNode body) {
        SpecBodies.Spec spec = SpecBodies.read("integration", pathSlug, body, INTEGRATION_READ_ONLY);
        return AlertFields.integration(spec.slug(), spec.fields());
    }

    static ObjectNode integration(IntegrationStore.Stored stored) {
        Integration integration = stored.integration();
        ObjectNode json = SpecBodies.write(integration.slug(), integration.name(), AlertFields.json(integration));
        json.put("keyHint", stored.keyHint() == null ? null : "…" + stored.keyHint());
        json.put("keyCreatedAt", stored.keyCreatedAt() == null ? null : stored.keyCreatedAt().toString());
        json.put("endpoint", endpoint(integration));
        return json;
    }

    /** Where this integration's events go (relative to Andon's address). */
    public static String endpoint(Integration integration) {
        return switch (integration.type()) {
            case EVENTS_V2 -> "/v2/enqueue";
            case ALERTMANAGER -> "/ingest/alertmanager/{key}";
            case WEBHOOK -> "/ingest/webhook/{key}";
        };
    }

    // --- maintenance windows

    @GetMapping("/api/v1/maintenance-windows")
    public List<ObjectNode> windows() {
        return windows.all().stream().map(this::window).toList();
    }

    @GetMapping("/api/v1/maintenance-windows/{slug}")
    public ObjectNode window(@PathVariable String slug) {
        return window(windows.find(slug).orElseThrow(() -> notFound("maintenance window", slug)));
    }

    @PostMapping("/api/v1/maintenance-windows")
    public ResponseEntity<ObjectNode> createWindow(@RequestBody ObjectNode body) {
        MaintenanceStore.Stored created = windows.create(CurrentUser.name(), readWindow(null, body));
        return ResponseEntity.created(URI.create("/api/v1/maintenance-windows/" + created.window().slug())).body(window(created));
    }

    @PutMapping("/api/v1/maintenance-windows/{slug}")
    public ObjectNode updateWindow(@PathVariable String slug, @RequestBody ObjectNode body) {
        return window(windows.update(CurrentUser.name(), readWindow(slug, body)));
    }

    @DeleteMapping("/api/v1/maintenance-windows/{slug}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void deleteWindow(@PathVariable String slug) {
        windows.delete(CurrentUser.name(), slug);
    }

    private static MaintenanceWindow readWindow(String pathSlug, ObjectNode body) {
        SpecBodies.Spec spec = SpecBodies.read("maintenance window", pathSlug, body, WINDOW_READ_ONLY);
        return AlertFields.maintenanceWindow(spec.slug(), spec.fields());
    }

    private ObjectNode window(MaintenanceStore.Stored stored) {
        MaintenanceWindow window = stored.window();
        ObjectNode json = SpecBodies.write(window.slug(), window.name(), AlertFields.json(window));
        json.put("createdBy", stored.createdBy());
        Instant now = clock.instant();
        MaintenanceSchedule.activeAt(window, now).ifPresentOrElse(
                occurrence -> json.set("active", occurrence(occurrence)), () -> json.putNull("active"));
        MaintenanceSchedule.next(window, now).ifPresentOrElse(occurrence -> json.set("next", occurrence(occurrence)), () -> json.putNull("next"));
        return json;
    }

    private static ObjectNode occurrence(MaintenanceWindow.Occurrence occurrence) {
        return JSON.valueToTree(Map.of("start", occurrence.start().toString(), "end", occurrence.end().toString()));
    }

    private static CatalogException notFound(String what, String slug) {
        return new CatalogException(CatalogException.Code.NOT_FOUND, "slug", what + " '" + slug + "' does not exist");
    }
}
