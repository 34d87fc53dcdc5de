package dev.andon.server.slo;

import dev.andon.catalog.CatalogException;
import dev.andon.server.access.CurrentUser;
import dev.andon.slo.Durations;
import dev.andon.slo.SloFields;
import dev.andon.slo.SloMath;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SLOs under /api/v1/slos (definitions in Andon's JSON vocabulary, status, counts, exclusions),
 * data sources, each service's budget policy, and the deploy gate.
 */
@RestController
public class SlosApi {
    private final SloService slos;
    private final SloStore store;
    private final BudgetPolicies policies;
    private final DeployGate gate;

    public SlosApi(SloService slos, SloStore store, BudgetPolicies policies, DeployGate gate) {
        this.slos = slos;
        this.store = store;
        this.policies = policies;
        this.gate = gate;
    }

    @GetMapping("/api/v1/slos")
    public List<ObjectNode> list(@RequestParam(required = false) String service) {
        List<ObjectNode> answer = new ArrayList<>();
        for (SloStore.Stored stored : slos.all()) {
            if (service == null || service.isBlank() || stored.slo().service().equals(service)) {
                answer.add(json(slos.view(stored, policies.of(stored.serviceId())), false));
            }
        }
        return answer;
    }

    @PostMapping("/api/v1/slos")
    public ResponseEntity<ObjectNode> create(@RequestBody JsonNode body) {
        SloService.Saved saved = slos.save(CurrentUser.name(), body);
        ObjectNode answer = json(slos.view(saved.stored(), policies.of(saved.stored().serviceId())), true);
        return saved.created() ? ResponseEntity.created(URI.create("/api/v1/slos/" + saved.stored().slo().slug())).body(answer) : ResponseEntity.ok(answer);
    }

    @GetMapping("/api/v1/slos/{slug}")
    public ObjectNode show(@PathVariable String slug) {
        SloStore.Stored stored = slos.require(slug);
        return json(slos.view(stored, policies.of(stored.serviceId())), true);
    }

    @PutMapping("/api/v1/slos/{slug}")
    public ObjectNode replace(@PathVariable String slug, @RequestBody ObjectNode body) {
        if (body.hasNonNull("slug") && !body.path("slug").asString().equals(slug)) {
            throw new CatalogException(CatalogException.Code.INVALID, "slug", "differs from the address; an SLO's slug cannot change");
        }
        body.put("slug", slug);
        SloService.Saved saved = slos.save(CurrentUser.name(), body);
        return json(slos.view(saved.stored(), policies.of(saved.stored().serviceId())), true);
    }

    @DeleteMapping("/api/v1/slos/{slug}")
    public ResponseEntity<Void> delete(@PathVariable String slug) {
        slos.delete(CurrentUser.name(), slug);
        return ResponseEntity.noContent().build();
    }

    /**
     * Counts a service pushes: {"counts": [{"minute": "2026-11-21T10:15:00Z", "good": 998, "total": 1000}]}, or one such object.
     * Idempotent per minute: posting a minute again replaces it.
     */
    @PostMapping("/api/v1/slos/{slug}/counts")
    public ObjectNode push(@PathVariable String slug, @RequestBody JsonNode body) {
        List<SloService.Push> pushes = new ArrayList<>();
        JsonNode list = body.has("counts") ? body.path("counts") : body.isArray() ? body : SloStore.JSON.createArrayNode().add(body);
        if (!list.isArray()) {
            throw new CatalogException(CatalogException.Code.INVALID, "counts", "is a list of {minute, good, total}");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String at = "counts[" + i + "]";
            if (!item.path("good").isIntegralNumber() || !item.path("total").isIntegralNumber()) {
                throw new CatalogException(CatalogException.Code.INVALID, at, "needs whole numbers good and total");
            }
            pushes.add(new SloService.Push(item.hasNonNull("minute") ? instant(at + ".minute", item.path("minute").asString()) : null,
                    item.path("good").asLong(), item.path("total").asLong()));
        }
        int stored = slos.push(slug, pushes);
        return SloStore.JSON.createObjectNode().put("slo", slug).put("minutes", stored);
    }

    @PostMapping("/api/v1/slos/{slug}/exclusions")
    public ResponseEntity<ObjectNode> exclude(@PathVariable String slug, @RequestBody JsonNode body) {
        SloStore.Exclusion exclusion = slos.exclude(CurrentUser.name(), slug, instant("from", body.path("from").asString(null)),
                instant("to", body.path("to").asString(null)), body.path("reason").asString(null),
                body.hasNonNull("incident") ? body.path("incident").asLong() : null);
        return ResponseEntity.status(201).body(exclusion(exclusion));
    }

    @DeleteMapping("/api/v1/slos/{slug}/exclusions/{id}")
    public ResponseEntity<Void> removeExclusion(@PathVariable String slug, @PathVariable long id) {
        slos.removeExclusion(CurrentUser.name(), slug, id);
        return ResponseEntity.noContent().build();
    }

    /**
     * OpenSLO v1 YAML in the body (Service, SLO, SLI, DataSource, AlertPolicy, AlertCondition,
     * AlertNotificationTarget documents): all of it is applied, or nothing with 422 and every
     * problem's line, column and field. {@code dryRun=true} says what would change.
     */
    @PostMapping(value = "/api/v1/slos/import", consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
    public ResponseEntity<ObjectNode> importOpenSlo(@RequestBody String yaml, @RequestParam(required = false, defaultValue = "false") boolean dryRun,
                                                   @RequestParam(required = false, defaultValue = "openslo.yaml") String file) {
        ObjectNode answer = SloStore.JSON.createObjectNode();
        try {
            SloService.Imported imported = slos.importOpenSlo(CurrentUser.name(), file, yaml, dryRun);
            answer.put("applied", imported.applied());
            ObjectNode actions = answer.putObject("slos");
            imported.slos().forEach(actions::put);
            answer.putArray("dataSources").addAll(imported.dataSources().stream().map(name -> (JsonNode) SloStore.JSON.getNodeFactory().stringNode(name)).toList());
            problems(answer.putArray("notes"), imported.notes());
            return ResponseEntity.ok(answer);
        } catch (SloService.ImportRefused refused) {
            answer.put("applied", false).put("title", "The OpenSLO file was refused; nothing was applied");
            problems(answer.putArray("problems"), refused.problems());
            return ResponseEntity.status(422).body(answer);
        }
    }

    @GetMapping(value = "/api/v1/slos/export", produces = "application/yaml")
    public ResponseEntity<String> exportOpenSlo(@RequestParam(required = false) String service) {
        return ResponseEntity.ok().header("Content-Type", "application/yaml; charset=utf-8").body(slos.exportOpenSlo(service));
    }

    private static void problems(ArrayNode into, List<dev.andon.slo.OpenSlo.Problem> problems) {
        for (dev.andon.slo.OpenSlo.Problem problem : problems) {
            into.addObject().put("file", problem.file()).put("line", problem.line()).put("column", problem.column()).put("field", problem.field())
                    .put("message", problem.message()).put("text", problem.toString());
        }
    }

    // --- data sources

    @GetMapping("/api/v1/slo-data-sources")
    public List<ObjectNode> dataSources() {
        return store.dataSources().stream().map(source -> SloStore.JSON.createObjectNode().put("slug", source.slug()).put("type", source.type())
                .put("url", redacted(source.url()))).toList();
    }

    @PostMapping("/api/v1/slo-data-sources")
    public ResponseEntity<ObjectNode> putDataSource(@RequestBody JsonNode body) {
        String slug = body.path("slug").asString("");
        String url = body.path("url").asString("");
        if (!slug.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new CatalogException(CatalogException.Code.INVALID, "slug", "'" + slug + "' is not a slug");
        }
        try {
            URI uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new CatalogException(CatalogException.Code.INVALID, "url", "'" + url + "' is not the http(s) address of a Prometheus server");
        }
        String type = body.path("type").asString("prometheus");
        if (!type.equalsIgnoreCase("prometheus")) {
            throw new CatalogException(CatalogException.Code.INVALID, "type", "only prometheus data sources are supported");
        }
        store.putDataSource(slug, url);
        return ResponseEntity.status(201).body(SloStore.JSON.createObjectNode().put("slug", slug).put("type", "prometheus").put("url", redacted(url)));
    }

    // --- policies and the gate

    @GetMapping("/api/v1/services/{service}/budget-policy")
    public ObjectNode policy(@PathVariable String service) {
        return BudgetPolicies.write(policies.of(slos.serviceId(service)));
    }

    @PutMapping("/api/v1/services/{service}/budget-policy")
    public ObjectNode putPolicy(@PathVariable String service, @RequestBody JsonNode body) {
        return BudgetPolicies.write(policies.put(CurrentUser.name(), slos.serviceId(service), service, body));
    }

    /**
     * May SERVICE deploy now? 200 {"decision": "allow"} or 409 {"decision": "deny", "reasons": [...]}, so
     * {@code curl --fail} exits non-zero on a denial.
     */
    @GetMapping("/api/v1/gate")
    public ResponseEntity<ObjectNode> gate(@RequestParam(required = false) String service) {
        if (service == null || service.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, "service", "is required: /api/v1/gate?service=SLUG");
        }
        DeployGate.Decision decision = gate.decide(service);
        ObjectNode body = SloStore.JSON.createObjectNode().put("service", service).put("decision", decision.allow() ? "allow" : "deny");
        body.putArray("reasons").addAll(decision.reasons().stream().map(reason -> (JsonNode) SloStore.JSON.getNodeFactory().stringNode(reason)).toList());
        ArrayNode states = body.putArray("slos");
        decision.slos().forEach(state -> states.addObject().put("slo", state.slug()).put("state", state.state())
                .put("budgetRemaining", SloEngine.finite(state.remaining())));
        ArrayNode overrides = body.putArray("overrides");
        decision.overrides().forEach(o -> overrides.add(override(o)));
        return ResponseEntity.status(decision.allow() ? 200 : 409).body(body);
    }

    /** {"service": "checkout", "kind": "override" | "approval", "reason": "...", "duration": "1h"}: audited in the event log. */
    @PostMapping("/api/v1/gate/overrides")
    public ResponseEntity<ObjectNode> override(@RequestBody JsonNode body) {
        Duration duration = null;
        if (body.hasNonNull("duration")) {
            duration = Durations.parse(body.path("duration").asString());
            if (duration == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "duration", "'" + body.path("duration").asString() + "' is not a duration such as 1h");
            }
        }
        DeployGate.Override created = gate.override(CurrentUser.name(), body.path("service").asString(""), body.path("kind").asString("override"),
                body.path("reason").asString(null), duration);
        return ResponseEntity.status(201).body(override(created));
    }

    // --- JSON

    static ObjectNode json(SloService.View view, boolean full) {
        SloMath.Status status = view.status();
        ObjectNode node = SloFields.write(view.stored().slo());
        ObjectNode answer = node.putObject("status");
        answer.put("state", view.state().key()).put("sli", Double.isNaN(status.sli()) ? null : status.sli())
                .put("budgetRemaining", SloEngine.finite(status.remaining())).put("budgetConsumed", status.consumed())
                .put("burnRate1h", status.burnRate()).put("good", status.counts().good()).put("total", status.counts().total())
                .put("noData", status.noData()).put("periodStart", status.period().start().toString()).put("periodEnd", status.period().end().toString())
                .put("timeToExhaustion", status.timeToExhaustion() == null ? null : status.timeToExhaustion().toString());
        if (full) {
            ArrayNode alerts = answer.putArray("alerts");
            for (SloMath.AlertState alert : view.alerts()) {
                alerts.addObject().put("name", alert.alert().name()).put("severity", alert.alert().severity()).put("threshold", alert.threshold())
                        .put("longBurn", alert.longBurn()).put("shortBurn", alert.shortBurn()).put("events", alert.longEvents()).put("firing", alert.firing());
            }
            answer.put("noDataAlert", view.noDataAlert());
            ArrayNode exclusions = node.putArray("exclusions");
            view.exclusions().forEach(exclusion -> exclusions.add(exclusion(exclusion)));
        }
        return node;
    }

    /** A data source's address without the password it may carry (http://user:password@host). */
    static String redacted(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getUserInfo() == null ? url : new URI(uri.getScheme(), "***", uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return "(unreadable address)";
        }
    }

    static ObjectNode exclusion(SloStore.Exclusion exclusion) {
        return SloStore.JSON.createObjectNode().put("id", exclusion.id()).put("from", exclusion.startsAt().toString()).put("to", exclusion.endsAt().toString())
                .put("reason", exclusion.reason()).put("createdBy", exclusion.createdBy()).put("createdAt", exclusion.createdAt().toString());
    }

    static ObjectNode override(DeployGate.Override override) {
        return SloStore.JSON.createObjectNode().put("id", override.id()).put("kind", override.kind()).put("reason", override.reason())
                .put("by", override.by()).put("at", override.at().toString()).put("until", override.expiresAt().toString());
    }

    static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "is required: an ISO-8601 time such as 2026-11-21T10:15:00Z");
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "'" + text + "' is not an ISO-8601 time such as 2026-11-21T10:15:00Z");
        }
    }
}
