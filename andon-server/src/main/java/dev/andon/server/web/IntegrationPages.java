package dev.andon.server.web;

import dev.andon.alerts.Integration;
import dev.andon.alerts.IntegrationType;
import dev.andon.alerts.WebhookMapping;
import dev.andon.catalog.CatalogException;
import dev.andon.catalog.Service;
import dev.andon.probe.Durations;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.alerts.AlertStore;
import dev.andon.server.alerts.IntegrationStore;
import dev.andon.server.catalog.CatalogService;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The integration pages: where alerts come in, the form that adds one, and the page of one with
 * the address to configure in the sender and snippets to copy. A key is rendered in the answer to
 * the POST that made it (create or rotate), never via a redirect or the session, so it is shown
 * once and stored nowhere but as a hash.
 */
@Controller
public class IntegrationPages {
    /** Stands in for the key in snippets once it can no longer be shown. */
    static final String KEY_PLACEHOLDER = "YOUR_INTEGRATION_KEY";
    private static final int RECENT_ALERTS = 20;

    private final IntegrationStore integrations;
    private final AlertStore alerts;
    private final CatalogService catalog;
    private final Clock clock;

    public IntegrationPages(IntegrationStore integrations, AlertStore alerts, CatalogService catalog, Clock clock) {
        this.integrations = integrations;
        this.alerts = alerts;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** An integration as listed. */
    public record Row(IntegrationStore.Stored stored, String serviceName) {
        public Integration integration() {
            return stored.integration();
        }

        public String keyHint() {
            return stored.keyHint() == null ? "" : "…" + stored.keyHint();
        }
    }

    /** The list; {@code deleted} names the integration just deleted, for the notice. */
    public record ListView(List<Row> rows, String deleted) {}

    /** A type as offered in the form, with what it is for. */
    public record TypeOption(String value, String label) {}

    /** The create form with what to offer in its selects. */
    public record FormView(IntegrationForm form, FormErrors errors, List<Service> services, List<TypeOption> types) {
        private static final Map<String, String> LABELS = FormErrors.labels("name", "Name", "slug", "Slug", "service", "Service",
                "type", "Type", "severities", "Severities", "autoResolveAfter", "Auto-resolve after", "mappingAlerts", "Alerts path",
                "mappingTitle", "Title path", "mappingDedupKey", "Dedup key path", "mappingStatus", "Status path",
                "mappingSeverity", "Severity path", "mappingSource", "Source path", "mappingLinks", "Links path",
                "mappingDetails", "Details path", "triggerValues", "Trigger values", "acknowledgeValues", "Acknowledge values",
                "resolveValues", "Resolve values");

        public boolean focus(String field) {
            return errors.autofocus(field, "name", LABELS.keySet());
        }

        public Map<String, String> labels() {
            return LABELS;
        }

        /** Whether the webhook mapping starts open: for a webhook, or when one of its fields has a problem. */
        public boolean mappingOpen() {
            return IntegrationType.WEBHOOK.text().equals(form.type())
                    || LABELS.keySet().stream().filter(field -> field.startsWith("mapping") || field.endsWith("Values")).anyMatch(errors::has);
        }
    }

    /** A configuration snippet to copy. */
    public record Snippet(String id, String title, String text) {}

    /** A row of a small key/value list (severities, mapping). */
    public record Entry(String key, String value) {}

    /** Everything the page of one integration shows; {@code key} is set only in the answer that made it. */
    public record DetailView(Row row, String endpoint, String key, boolean created, List<Snippet> snippets, List<Entry> severities,
                             List<Entry> mapping, String autoResolveAfter, String keyCreatedAt, List<AlertViews.Row> recent) {
        public Integration integration() {
            return row.integration();
        }

        /** Where the key goes: in the body for Events API v2, in the URL for the webhooks. */
        public boolean keyInBody() {
            return integration().type() == IntegrationType.EVENTS_V2;
        }
    }

    @GetMapping("/integrations")
    public String list(@RequestParam(required = false) String deleted, Model model) {
        Map<String, String> names = serviceNames();
        model.addAttribute("view", new ListView(integrations.all().stream().map(stored -> row(stored, names)).toList(), deleted));
        return "integrations/list";
    }

    @GetMapping("/integrations/new")
    public String newIntegration(@RequestParam(defaultValue = "") String service, Model model) {
        return form(model, IntegrationForm.blank(service), FormErrors.none());
    }

    @PostMapping("/integrations")
    public String create(IntegrationForm form, Model model, HttpServletResponse response) {
        FormErrors errors = FormErrors.none();
        Integration integration = form.toIntegration(errors);
        if (integration != null) {
            try {
                IntegrationStore.Created created = integrations.create(CurrentUser.name(), integration);
                // Rendered here, not redirected to: the key is in this answer and nowhere else.
                response.setStatus(HttpStatus.CREATED.value());
                model.addAttribute("view", detail(created.stored(), created.key(), true));
                return "integrations/show";
            } catch (CatalogException e) {
                errors.add(IntegrationForm.formField(e.field()), e.code() == CatalogException.Code.CONFLICT
                        ? "an integration '" + integration.slug() + "' already exists: pick another slug" : e.getMessage());
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return form(model, form, errors);
    }

    @GetMapping("/integrations/{slug}")
    public String show(@PathVariable String slug, Model model) {
        model.addAttribute("view", detail(require(slug), null, false));
        return "integrations/show";
    }

    /** A new key: the old one stops working at once, and the new one is shown in this answer only. */
    @PostMapping("/integrations/{slug}/rotate-key")
    public String rotateKey(@PathVariable String slug, Model model) {
        IntegrationStore.Created rotated = integrations.rotateKey(CurrentUser.name(), require(slug).integration().slug());
        model.addAttribute("view", detail(rotated.stored(), rotated.key(), false));
        return "integrations/show";
    }

    @PostMapping("/integrations/{slug}/delete")
    public String delete(@PathVariable String slug) {
        integrations.delete(CurrentUser.name(), require(slug).integration().slug());
        return "redirect:/integrations?deleted=" + slug;
    }

    private String form(Model model, IntegrationForm form, FormErrors errors) {
        List<Service> services = catalog.repository().services().stream().sorted(Comparator.comparing(Service::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
        List<TypeOption> types = List.of(
                new TypeOption(IntegrationType.EVENTS_V2.text(), "PagerDuty Events API v2: most monitoring tools, and Alertmanager's PagerDuty receiver"),
                new TypeOption(IntegrationType.ALERTMANAGER.text(), "Prometheus Alertmanager webhook"),
                new TypeOption(IntegrationType.WEBHOOK.text(), "Any JSON webhook, read through a mapping"));
        model.addAttribute("view", new FormView(form, errors, services, types));
        return "integrations/form";
    }

    private IntegrationStore.Stored require(String slug) {
        return integrations.find(slug)
                .orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "slug", "there is no integration '" + slug + "'"));
    }

    private Map<String, String> serviceNames() {
        return catalog.repository().services().stream().collect(Collectors.toMap(Service::slug, Service::name, (a, b) -> a));
    }

    private static Row row(IntegrationStore.Stored stored, Map<String, String> names) {
        String service = stored.integration().service();
        return new Row(stored, names.getOrDefault(service, service));
    }

    private DetailView detail(IntegrationStore.Stored stored, String key, boolean created) {
        Integration integration = stored.integration();
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        String shownKey = key == null ? KEY_PLACEHOLDER : key;
        String endpoint = endpoint(base, integration.type(), shownKey);
        List<Entry> severities = new TreeMap<>(integration.severities()).entrySet().stream()
                .map(entry -> new Entry(entry.getKey(), entry.getValue().text())).toList();
        List<Entry> mapping = new ArrayList<>();
        WebhookMapping webhook = integration.mapping();
        if (webhook != null) {
            addIfSet(mapping, "alerts", webhook.alerts());
            addIfSet(mapping, "title", webhook.title());
            addIfSet(mapping, "dedupKey", webhook.dedupKey());
            addIfSet(mapping, "status", webhook.status());
            addIfSet(mapping, "severity", webhook.severity());
            addIfSet(mapping, "source", webhook.source());
            addIfSet(mapping, "links", webhook.links());
            addIfSet(mapping, "details", webhook.details());
            mapping.add(new Entry("triggerValues", String.join(", ", webhook.triggerValues())));
            mapping.add(new Entry("acknowledgeValues", String.join(", ", webhook.acknowledgeValues())));
            mapping.add(new Entry("resolveValues", String.join(", ", webhook.resolveValues())));
        }
        return new DetailView(row(stored, serviceNames()), endpoint, key, created, snippets(base, integration, shownKey), severities, mapping,
                integration.autoResolveAfter() == null ? null : Durations.format(integration.autoResolveAfter()),
                stored.keyCreatedAt() == null ? null : TimeText.minute(stored.keyCreatedAt()),
                AlertViews.rows(alerts.forIntegration(integration.slug(), RECENT_ALERTS), clock.instant()));
    }

    /** The absolute address a sender posts to; for the webhooks the key is part of it. */
    static String endpoint(String base, IntegrationType type, String key) {
        return switch (type) {
            case EVENTS_V2 -> base + "/v2/enqueue";
            case ALERTMANAGER -> base + "/ingest/alertmanager/" + key;
            case WEBHOOK -> base + "/ingest/webhook/" + key;
        };
    }

    /** What to paste into the sender's configuration, for this integration's type; change events take any integration's key. */
    static List<Snippet> snippets(String base, Integration integration, String key) {
        List<Snippet> snippets = new ArrayList<>();
        switch (integration.type()) {
            case EVENTS_V2 -> {
                snippets.add(new Snippet("pagerduty-configs", "Prometheus Alertmanager, through its PagerDuty receiver (alertmanager.yml)", """
                        receivers:
                          - name: andon
                            pagerduty_configs:
                              - routing_key: %s
                                url: %s/v2/enqueue
                                send_resolved: true""".formatted(key, base)));
                snippets.add(new Snippet("curl-trigger", "Trigger an alert with curl (PagerDuty Events API v2)", """
                        curl -sS -X POST %s/v2/enqueue \\
                          -H 'Content-Type: application/json' \\
                          -d '{"routing_key": "%s", "event_action": "trigger", "dedup_key": "disk-full/db-1",
                               "payload": {"summary": "Disk full on db-1", "source": "db-1", "severity": "critical"}}'""".formatted(base, key)));
                snippets.add(new Snippet("curl-resolve", "Resolve it: the same dedup_key", """
                        curl -sS -X POST %s/v2/enqueue \\
                          -H 'Content-Type: application/json' \\
                          -d '{"routing_key": "%s", "event_action": "resolve", "dedup_key": "disk-full/db-1"}'""".formatted(base, key)));
            }
            case ALERTMANAGER -> snippets.add(new Snippet("webhook-configs", "Prometheus Alertmanager (alertmanager.yml)", """
                    route:
                      receiver: andon
                    receivers:
                      - name: andon
                        webhook_configs:
                          - url: %s/ingest/alertmanager/%s
                            send_resolved: true""".formatted(base, key)));
            case WEBHOOK -> snippets.add(new Snippet("curl-webhook", "Send a test with curl: any JSON the mapping can read", """
                    curl -sS -X POST %s/ingest/webhook/%s \\
                      -H 'Content-Type: application/json' \\
                      -d @alert.json""".formatted(base, key)));
        }
        snippets.add(new Snippet("curl-change", "Record a change (a deploy, a config push) with curl: shown on the service and its alerts as \"who just changed?\"", """
                curl -sS -X POST %s/v2/change/enqueue \\
                  -H 'Content-Type: application/json' \\
                  -d '{"routing_key": "%s",
                       "payload": {"summary": "Deploy %s v1.2.3 by alice", "source": "ci"},
                       "links": [{"href": "https://ci.example.com/runs/42", "text": "CI run 42"}]}'""".formatted(base, key, integration.service())));
        return snippets;
    }

    private static void addIfSet(List<Entry> entries, String key, String value) {
        if (value != null) {
            entries.add(new Entry(key, value));
        }
    }
}
