package dev.andon.server.api;

import dev.andon.alerts.AlertStatus;
import dev.andon.catalog.CatalogException;
import dev.andon.oncall.EscalationPolicy;
import dev.andon.oncall.OnCallFields;
import dev.andon.oncall.Schedule;
import dev.andon.oncall.ScheduleOverride;
import dev.andon.oncall.Shift;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.alerts.AlertStore;
import dev.andon.server.paging.OnCallStore;
import dev.andon.server.paging.Outbox;
import dev.andon.server.paging.Paging;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Schedules, overrides, escalation policies and "who is on call" under /api/v1, in the YAML
 * vocabulary (slug and name plus the spec's fields); reassigning a page and sending a test
 * notification. Times are ISO-8601 instants in UTC.
 */
@RestController
public class OnCallApi {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Duration LONGEST_RANGE = Duration.ofDays(92);

    private final OnCallStore onCall;
    private final Paging paging;
    private final Outbox outbox;
    private final AlertStore alerts;
    private final Clock clock;

    public OnCallApi(OnCallStore onCall, Paging paging, Outbox outbox, AlertStore alerts, Clock clock) {
        this.onCall = onCall;
        this.paging = paging;
        this.outbox = outbox;
        this.alerts = alerts;
        this.clock = clock;
    }

    // --- schedules

    @GetMapping("/api/v1/schedules")
    public List<ObjectNode> schedules() {
        return onCall.schedules().stream().map(OnCallApi::schedule).toList();
    }

    @GetMapping("/api/v1/schedules/{slug}")
    public ObjectNode schedule(@PathVariable String slug) {
        return schedule(find(slug));
    }

    @PostMapping("/api/v1/schedules")
    public ResponseEntity<ObjectNode> createSchedule(@RequestBody ObjectNode body) {
        Schedule created = onCall.createSchedule(CurrentUser.name(), readSchedule(null, body));
        return ResponseEntity.created(URI.create("/api/v1/schedules/" + created.slug())).body(schedule(created));
    }

    @PutMapping("/api/v1/schedules/{slug}")
    public ObjectNode updateSchedule(@PathVariable String slug, @RequestBody ObjectNode body) {
        return schedule(onCall.updateSchedule(CurrentUser.name(), readSchedule(slug, body)));
    }

    @DeleteMapping("/api/v1/schedules/{slug}")
    public ResponseEntity<Void> deleteSchedule(@PathVariable String slug) {
        onCall.deleteSchedule(CurrentUser.name(), slug);
        return ResponseEntity.noContent().build();
    }

    /** Who is on call now, or at {@code at}. */
    @GetMapping("/api/v1/schedules/{slug}/on-call")
    public ObjectNode onCallNow(@PathVariable String slug, @RequestParam(required = false) String at) {
        Schedule schedule = find(slug);
        Instant when = at == null ? clock.instant() : instant("at", at);
        ObjectNode answer = NODES.objectNode().put("schedule", slug).put("at", when.toString());
        onCall.onCall(schedule, when).ifPresentOrElse(shift -> answer.set("onCall", shift(shift)), () -> answer.putNull("onCall"));
        return answer;
    }

    /** The final on-call line over [from, to) (default: the next 14 days), overrides included. */
    @GetMapping("/api/v1/schedules/{slug}/shifts")
    public List<ObjectNode> shifts(@PathVariable String slug, @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to) {
        Schedule schedule = find(slug);
        Instant start = from == null ? clock.instant() : instant("from", from);
        Instant end = to == null ? start.plus(Duration.ofDays(14)) : instant("to", to);
        if (!end.isAfter(start) || Duration.between(start, end).compareTo(LONGEST_RANGE) > 0) {
            throw new CatalogException(CatalogException.Code.INVALID, "to", "must be after from and at most 92 days later");
        }
        return onCall.shifts(schedule, start, end).stream().map(OnCallApi::shift).toList();
    }

    @GetMapping("/api/v1/schedules/{slug}/overrides")
    public List<ObjectNode> overrides(@PathVariable String slug) {
        find(slug);
        Instant now = clock.instant();
        return onCall.overrides(slug, now, Instant.parse("9999-01-01T00:00:00Z")).stream().map(OnCallApi::override).toList();
    }

    @PostMapping("/api/v1/schedules/{slug}/overrides")
    public ResponseEntity<ObjectNode> addOverride(@PathVariable String slug, @RequestBody ObjectNode body) {
        find(slug);
        String user = text(body, "user");
        if (user == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "user", "is required: who covers");
        }
        Instant start = instant("start", required(body, "start"));
        Instant end = instant("end", required(body, "end"));
        if (!end.isAfter(start)) {
            throw new CatalogException(CatalogException.Code.INVALID, "end", "must be after start");
        }
        ScheduleOverride added = onCall.addOverride(CurrentUser.name(), slug, new ScheduleOverride(0, user, start, end, text(body, "replaces"),
                text(body, "note")));
        return ResponseEntity.created(URI.create("/api/v1/schedules/" + slug + "/overrides/" + added.id())).body(override(added));
    }

    @DeleteMapping("/api/v1/schedules/{slug}/overrides/{id}")
    public ResponseEntity<Void> deleteOverride(@PathVariable String slug, @PathVariable long id) {
        onCall.deleteOverride(CurrentUser.name(), slug, id);
        return ResponseEntity.noContent().build();
    }

    /** Who is on call now (or at {@code at}) on every schedule. */
    @GetMapping("/api/v1/on-call")
    public List<ObjectNode> everyone(@RequestParam(required = false) String at) {
        Instant when = at == null ? clock.instant() : instant("at", at);
        List<ObjectNode> answer = new ArrayList<>();
        for (Schedule schedule : onCall.schedules()) {
            ObjectNode entry = NODES.objectNode().put("schedule", schedule.slug()).put("team", schedule.team());
            onCall.onCall(schedule, when).ifPresentOrElse(shift -> entry.set("onCall", shift(shift)), () -> entry.putNull("onCall"));
            answer.add(entry);
        }
        return answer;
    }

    // --- escalation policies

    @GetMapping("/api/v1/escalation-policies")
    public List<ObjectNode> policies() {
        return onCall.policies().stream().map(this::policy).toList();
    }

    @GetMapping("/api/v1/escalation-policies/{slug}")
    public ObjectNode policy(@PathVariable String slug) {
        return policy(onCall.policy(slug).orElseThrow(() -> notFound("escalation policy", slug)));
    }

    @PostMapping("/api/v1/escalation-policies")
    public ResponseEntity<ObjectNode> createPolicy(@RequestBody ObjectNode body) {
        EscalationPolicy created = onCall.createPolicy(CurrentUser.name(), readPolicy(null, body));
        return ResponseEntity.created(URI.create("/api/v1/escalation-policies/" + created.slug())).body(policy(created));
    }

    @PutMapping("/api/v1/escalation-policies/{slug}")
    public ObjectNode updatePolicy(@PathVariable String slug, @RequestBody ObjectNode body) {
        return policy(onCall.updatePolicy(CurrentUser.name(), readPolicy(slug, body)));
    }

    @DeleteMapping("/api/v1/escalation-policies/{slug}")
    public ResponseEntity<Void> deletePolicy(@PathVariable String slug) {
        onCall.deletePolicy(CurrentUser.name(), slug);
        return ResponseEntity.noContent().build();
    }

    // --- paging

    /** Hands an alert's page to someone else: {"user": "bob"}. */
    @PostMapping("/api/v1/alerts/{id}/reassign")
    public Map<String, Object> reassign(@PathVariable long id, @RequestBody ObjectNode body) {
        String user = required(body, "user");
        long group = groupOf(id);
        paging.reassign(group, user, CurrentUser.name());
        return Map.of("alert", id, "group", group, "assignedTo", user);
    }

    /** The paging timeline of an alert's group: escalations, notifications and every attempt. */
    @GetMapping("/api/v1/alerts/{id}/paging")
    public List<Map<String, Object>> paging(@PathVariable long id) {
        return paging.timeline(groupOf(id));
    }

    /** Acknowledges or resolves every open alert of the alert's group at once (what a page's buttons do). */
    @PostMapping("/api/v1/alerts/{id}/page/{action}")
    public Map<String, Object> actOnPage(@PathVariable long id, @PathVariable String action) {
        AlertStatus to = switch (action) {
            case "acknowledge" -> AlertStatus.ACKNOWLEDGED;
            case "resolve" -> AlertStatus.RESOLVED;
            default -> throw new CatalogException(CatalogException.Code.INVALID, "action", "use acknowledge or resolve");
        };
        return Map.of("changed", paging.act(groupOf(id), to, CurrentUser.name()));
    }

    /** Sends the signed-in user (or, for an admin, anyone) a test on one contact method: {"contactMethod": "phone"}. */
    @PostMapping("/api/v1/users/{username}/test-notification")
    public ResponseEntity<Map<String, Object>> test(@PathVariable String username, @RequestBody ObjectNode body) {
        if (!username.equals(CurrentUser.name())) {
            CurrentUser.requireAdmin("send test notifications to others");
        }
        long id = outbox.test(username, required(body, "contactMethod"), CurrentUser.name());
        return ResponseEntity.accepted().body(Map.of("notification", id));
    }

    // --- shapes

    private long groupOf(long alertId) {
        AlertStore.AlertRow alert = alerts.find(alertId).orElseThrow(() -> notFound("alert", Long.toString(alertId)));
        if (alert.groupId() == null) {
            throw new CatalogException(CatalogException.Code.CONFLICT, "id", "alert " + alertId + " pages nobody (it is in no group)");
        }
        return alert.groupId();
    }

    private Schedule find(String slug) {
        return onCall.schedule(slug).orElseThrow(() -> notFound("schedule", slug));
    }

    private static Schedule readSchedule(String pathSlug, ObjectNode body) {
        SpecBodies.Spec spec = SpecBodies.read("schedule", pathSlug, body, List.of("onCall"));
        return OnCallFields.schedule(spec.slug(), spec.fields());
    }

    private static EscalationPolicy readPolicy(String pathSlug, ObjectNode body) {
        SpecBodies.Spec spec = SpecBodies.read("escalation policy", pathSlug, body, List.of("services"));
        return OnCallFields.escalationPolicy(spec.slug(), spec.fields());
    }

    private static ObjectNode schedule(Schedule schedule) {
        return SpecBodies.write(schedule.slug(), schedule.name(), OnCallFields.json(schedule));
    }

    private ObjectNode policy(EscalationPolicy policy) {
        ObjectNode json = SpecBodies.write(policy.slug(), policy.name(), OnCallFields.json(policy));
        var services = json.putArray("services");
        onCall.servicesOf(policy.slug()).forEach(services::add);
        return json;
    }

    static ObjectNode shift(Shift shift) {
        ObjectNode node = NODES.objectNode().put("user", shift.user()).put("start", shift.start().toString()).put("end", shift.end().toString());
        if (shift.override()) {
            node.put("override", true);
            node.put("covering", shift.covering());
        } else {
            node.put("layer", shift.layer());
        }
        return node;
    }

    private static ObjectNode override(ScheduleOverride override) {
        return NODES.objectNode().put("id", override.id()).put("user", override.user()).put("start", override.start().toString())
                .put("end", override.end().toString()).put("replaces", override.replaces()).put("note", override.note());
    }

    private static Instant instant(String field, String text) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException unreadable) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "'" + text + "' is not a date and time with an offset, such as "
                    + "2026-11-22T09:00:00Z");
        }
    }

    private static String text(ObjectNode body, String field) {
        var node = body.get(field);
        return node == null || node.isNull() || node.asString().isBlank() ? null : node.asString();
    }

    private static String required(ObjectNode body, String field) {
        String value = text(body, field);
        if (value == null) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "is required");
        }
        return value;
    }

    private static CatalogException notFound(String what, String slug) {
        return new CatalogException(CatalogException.Code.NOT_FOUND, "slug", what + " '" + slug + "' does not exist");
    }

}
