package dev.andon.server.incidents;

import dev.andon.catalog.CatalogException;
import dev.andon.incidents.IncidentRole;
import dev.andon.incidents.IncidentRules;
import dev.andon.incidents.IncidentSeverity;
import dev.andon.incidents.IncidentStatus;
import dev.andon.server.access.CurrentUser;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Incidents under /api/v1/incidents: declare, read, change, roles, notes, updates, alerts and the
 * timeline (JSON, Markdown). An incident is addressed by its number (42 for INC-42); times are
 * ISO-8601 instants in UTC.
 */
@RestController
public class IncidentsApi {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Incidents incidents;
    private final IncidentTimeline timeline;

    public IncidentsApi(Incidents incidents, IncidentTimeline timeline) {
        this.incidents = incidents;
        this.timeline = timeline;
    }

    @GetMapping("/api/v1/incidents")
    public List<ObjectNode> list(@RequestParam(required = false) String status, @RequestParam(required = false) String service,
                                 @RequestParam(required = false) String severity) {
        return incidents.list(status, service, severity == null || severity.isBlank() ? null : severity("severity", severity), 500).stream()
                .map(IncidentsApi::json).toList();
    }

    @PostMapping("/api/v1/incidents")
    public ResponseEntity<ObjectNode> declare(@RequestBody ObjectNode body) {
        Long alertId = body.hasNonNull("alertId") ? body.path("alertId").asLong() : null;
        Incidents.Incident declared = incidents.declare(CurrentUser.name(), new Incidents.Declaration(text(body, "title"),
                severity("severity", text(body, "severity")), strings(body, "services"), text(body, "customerImpact"), text(body, "summary"),
                body.hasNonNull("startedAt") ? instant("startedAt", text(body, "startedAt")) : null, alertId, "api"));
        return ResponseEntity.created(URI.create("/api/v1/incidents/" + declared.number())).body(json(declared));
    }

    @GetMapping("/api/v1/incidents/update-templates")
    public ObjectNode templates() {
        ObjectNode answer = NODES.objectNode();
        for (IncidentStatus status : IncidentStatus.values()) {
            answer.put(status.text(), IncidentRules.updateTemplate(status));
        }
        return answer;
    }

    @GetMapping("/api/v1/incidents/{number}")
    public ObjectNode show(@PathVariable long number) {
        Incidents.Incident incident = incidents.require(number);
        ObjectNode answer = json(incident);
        answer.set("subscribers", NODES.arrayNode().addAll(incidents.subscribers(incident.id()).stream().map(NODES::stringNode).toList()));
        var updates = answer.putArray("updates");
        for (Incidents.Update update : incidents.updates(incident.id())) {
            updates.addObject().put("audience", update.audience()).put("status", update.status().text()).put("body", update.body())
                    .put("postedBy", update.postedBy()).put("postedAt", update.postedAt().toString());
        }
        return answer;
    }

    @PatchMapping("/api/v1/incidents/{number}")
    public ObjectNode change(@PathVariable long number, @RequestBody ObjectNode body) {
        IncidentStatus status = null;
        if (body.hasNonNull("status")) {
            status = IncidentStatus.parse(text(body, "status"));
            if (status == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "status", "use investigating, identified, monitoring or resolved");
            }
        }
        return json(incidents.change(CurrentUser.name(), number, new Incidents.Change(text(body, "title"),
                body.hasNonNull("severity") ? severity("severity", text(body, "severity")) : null, status, text(body, "customerImpact"),
                text(body, "summary"), body.has("services") ? strings(body, "services") : null)));
    }

    @PostMapping("/api/v1/incidents/{number}/roles")
    public ObjectNode assign(@PathVariable long number, @RequestBody ObjectNode body) {
        String user = text(body, "user");
        if (user == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "user", "is required: who takes the role");
        }
        return json(incidents.assign(CurrentUser.name(), number, IncidentRole.parse(text(body, "role")), user));
    }

    @PostMapping("/api/v1/incidents/{number}/notes")
    public ResponseEntity<Void> note(@PathVariable long number, @RequestBody ObjectNode body) {
        incidents.note(CurrentUser.name(), number, text(body, "body"), body.hasNonNull("at") ? instant("at", text(body, "at")) : null);
        return ResponseEntity.status(201).build();
    }

    @PostMapping("/api/v1/incidents/{number}/updates")
    public ResponseEntity<ObjectNode> update(@PathVariable long number, @RequestBody ObjectNode body) {
        Incidents.Update update = incidents.postUpdate(CurrentUser.name(), number, text(body, "audience"), IncidentStatus.parse(text(body, "status")),
                text(body, "body"));
        return ResponseEntity.status(201).body(NODES.objectNode().put("id", update.id()).put("audience", update.audience())
                .put("status", update.status().text()).put("postedAt", update.postedAt().toString()));
    }

    @PostMapping("/api/v1/incidents/{number}/alerts")
    public ObjectNode attach(@PathVariable long number, @RequestBody ObjectNode body) {
        if (!body.hasNonNull("alertId")) {
            throw new CatalogException(CatalogException.Code.INVALID, "alertId", "is required: the id of the alert to attach");
        }
        incidents.attachAlert(CurrentUser.name(), number, body.path("alertId").asLong());
        return json(incidents.require(number));
    }

    /** Subscribes the caller to the incident's internal updates (DELETE unsubscribes). */
    @PostMapping("/api/v1/incidents/{number}/subscription")
    public ResponseEntity<Void> subscribe(@PathVariable long number) {
        incidents.subscribe(CurrentUser.name(), number, true);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/v1/incidents/{number}/subscription")
    public ResponseEntity<Void> unsubscribe(@PathVariable long number) {
        incidents.subscribe(CurrentUser.name(), number, false);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/incidents/{number}/timeline")
    public List<ObjectNode> timeline(@PathVariable long number, @RequestParam(required = false) String kinds,
                                     @RequestParam(required = false) String sources) {
        Incidents.Incident incident = incidents.require(number);
        List<ObjectNode> answer = new ArrayList<>();
        IncidentTimeline.json(incident, timeline.of(incident, set(kinds), set(sources))).path("entries").forEach(node -> answer.add((ObjectNode) node));
        return answer;
    }

    @GetMapping("/api/v1/incidents/{number}/timeline.json")
    public ResponseEntity<ObjectNode> timelineJson(@PathVariable long number, @RequestParam(required = false) String kinds,
                                                   @RequestParam(required = false) String sources) {
        Incidents.Incident incident = incidents.require(number);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"" + incident.reference() + "-timeline.json\"")
                .body(IncidentTimeline.json(incident, timeline.of(incident, set(kinds), set(sources))));
    }

    @GetMapping("/api/v1/incidents/{number}/timeline.md")
    public ResponseEntity<String> timelineMarkdown(@PathVariable long number, @RequestParam(required = false) String kinds,
                                                   @RequestParam(required = false) String sources) {
        Incidents.Incident incident = incidents.require(number);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/markdown;charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"" + incident.reference() + "-timeline.md\"")
                .body(IncidentTimeline.markdown(incident, timeline.of(incident, set(kinds), set(sources))));
    }

    // --- shapes

    static ObjectNode json(Incidents.Incident incident) {
        ObjectNode node = NODES.objectNode().put("number", incident.number()).put("reference", incident.reference()).put("title", incident.title())
                .put("severity", incident.severity().name()).put("status", incident.status().text()).put("customerImpact", incident.customerImpact())
                .put("summary", incident.summary()).put("declaredBy", incident.declaredBy()).put("declaredFrom", incident.declaredFrom());
        node.set("services", NODES.arrayNode().addAll(incident.services().stream().map(NODES::stringNode).toList()));
        node.set("alerts", NODES.arrayNode().addAll(incident.alerts().stream().map(NODES::numberNode).toList()));
        ObjectNode roles = node.putObject("roles");
        incident.roles().forEach((role, user) -> roles.put(role.text(), user));
        node.set("warnings", NODES.arrayNode().addAll(incident.warnings().stream().map(NODES::stringNode).toList()));
        IncidentRules.Times times = incident.times();
        ObjectNode at = node.putObject("times");
        put(at, "startedAt", times.startedAt());
        put(at, "detectedAt", times.detectedAt());
        put(at, "acknowledgedAt", times.acknowledgedAt());
        put(at, "mitigatedAt", times.mitigatedAt());
        put(at, "resolvedAt", times.resolvedAt());
        ObjectNode metrics = node.putObject("metrics");
        put(metrics, "timeToDetect", times.timeToDetect());
        put(metrics, "timeToAcknowledge", times.timeToAcknowledge());
        put(metrics, "timeToMitigate", times.timeToMitigate());
        put(metrics, "timeToResolve", times.timeToResolve());
        return node;
    }

    private static void put(ObjectNode node, String field, Object value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }

    private static Set<String> set(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isBlank() ? Set.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private static IncidentSeverity severity(String field, String text) {
        IncidentSeverity severity = IncidentSeverity.parse(text);
        if (severity == null) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "'" + text + "' is not one of SEV1, SEV2, SEV3, SEV4, SEV5");
        }
        return severity;
    }

    static Instant instant(String field, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "'" + text + "' is not an ISO-8601 time such as 2026-03-01T10:00:00Z");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.path(field);
        return node.isMissingNode() || node.isNull() ? null : node.asString();
    }

    private static List<String> strings(JsonNode body, String field) {
        List<String> values = new ArrayList<>();
        body.path(field).forEach(node -> values.add(node.asString()));
        return values;
    }

    static String duration(Duration duration) {
        if (duration == null) {
            return "—";
        }
        long minutes = duration.toMinutes();
        return minutes < 60 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
    }
}
