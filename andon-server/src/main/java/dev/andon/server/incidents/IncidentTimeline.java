package dev.andon.server.incidents;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An incident's timeline in UTC, assembled when read from every log that knows something: the
 * incident's own log and updates, the alerts attached or raised on its services (from an hour
 * before it started), the pages sent for them, its services' check verdicts and the changes and
 * deploys of the six hours before: "who just changed?".
 */
@Component
public class IncidentTimeline {
    static final Duration ALERTS_BEFORE = Duration.ofHours(1);
    static final Duration CHANGES_BEFORE = Duration.ofHours(6);
    public static final List<String> SOURCES = List.of("incident", "alert", "paging", "check", "change");
    private static final int LIMIT = 2000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final DSLContext sql;

    public IncidentTimeline(DSLContext sql) {
        this.sql = sql;
    }

    /** One line of the timeline: {@code source} says which log it came from, {@code kind} what happened. */
    public record Entry(Instant at, String kind, String source, String actor, String text) {}

    /** The entries, oldest first; empty {@code kinds} or {@code sources} mean all. */
    public List<Entry> of(Incidents.Incident incident, Set<String> kinds, Set<String> sources) {
        List<Entry> entries = new ArrayList<>();
        OffsetDateTime alertsFrom = Incidents.utc(incident.times().startedAt().minus(ALERTS_BEFORE));
        OffsetDateTime changesFrom = Incidents.utc(incident.times().startedAt().minus(CHANGES_BEFORE));
        // A resolved incident's timeline ends an hour after it was resolved: later trouble on the same
        // services is another story (and would make the export grow forever).
        OffsetDateTime until = Incidents.utc(incident.times().resolvedAt() == null ? java.time.Instant.parse("9999-01-01T00:00:00Z")
                : incident.times().resolvedAt().plus(java.time.Duration.ofHours(1)));
        long id = incident.id();
        sql.resultQuery("select at, kind, actor, body from incident_log where incident_id = ? order by at, id limit ?", id, LIMIT)
                .forEach(r -> entries.add(new Entry(at(r), r.get("kind", String.class), "incident", r.get("actor", String.class),
                        r.get("body", String.class))));
        // Alerts: attached ones whenever they came, and any on the impacted services since an hour before the start.
        String alertIds = """
                select a.id from alerts a where a.id in (select alert_id from incident_alerts where incident_id = ?)
                   or (a.service_id in (select service_id from incident_services where incident_id = ?) and a.created_at >= ?::timestamptz
                       and a.created_at < ?::timestamptz)""";
        sql.resultQuery("""
                select l.at, l.kind, l.actor, a.id, a.summary, s.slug from alert_log l join alerts a on a.id = l.alert_id
                join services s on s.id = a.service_id
                where l.alert_id in (%s) and l.at < ?::timestamptz order by l.at, l.id limit ?""".formatted(alertIds), id, id, alertsFrom,
                until, until, LIMIT)
                .forEach(r -> entries.add(new Entry(at(r), "alert-" + r.get("kind", String.class), "alert", r.get("actor", String.class),
                        "Alert #" + r.get("id", Long.class) + " " + r.get("kind", String.class) + " on " + r.get("slug", String.class) + ": "
                                + r.get("summary", String.class))));
        sql.resultQuery("""
                select p.at, p.kind, p.actor, p.detail::text as detail, p.group_id from paging_log p
                where p.kind in ('notified', 'escalated') and p.at >= ?::timestamptz and p.at < ?::timestamptz
                  and p.group_id in (select a.group_id from alerts a where a.group_id is not null and a.id in (%s))
                order by p.at, p.id limit ?""".formatted(alertIds), alertsFrom, until, id, id, alertsFrom, until, LIMIT)
                .forEach(r -> entries.add(new Entry(at(r), "page-" + r.get("kind", String.class), "paging", r.get("actor", String.class),
                        paging(r.get("kind", String.class), r.get("detail", String.class)))));
        sql.resultQuery("""
                select e.occurred_at as at, e.kind, e.actor, e.object_key, e.after::text as after from events e
                where e.object_type = 'check' and e.kind not in ('check.created', 'check.updated', 'check.deleted')
                  and e.occurred_at >= ?::timestamptz and e.occurred_at < ?::timestamptz
                  and e.object_key in (select c.slug from checks c where c.service_id in (select service_id from incident_services where incident_id = ?))
                order by e.occurred_at, e.id limit ?""", alertsFrom, until, id, LIMIT)
                .forEach(r -> entries.add(new Entry(at(r), r.get("kind", String.class).replace('.', '-'), "check", r.get("actor", String.class),
                        check(r.get("object_key", String.class), r.get("after", String.class)))));
        sql.resultQuery("""
                select c.happened_at as at, c.summary, c.source, s.slug from change_events c join services s on s.id = c.service_id
                where c.service_id in (select service_id from incident_services where incident_id = ?) and c.happened_at >= ?::timestamptz
                  and c.happened_at < ?::timestamptz
                order by c.happened_at, c.id limit ?""", id, changesFrom, until, LIMIT)
                .forEach(r -> entries.add(new Entry(at(r), "change", "change", r.get("source", String.class) == null ? "" : r.get("source", String.class),
                        "Change on " + r.get("slug", String.class) + ": " + r.get("summary", String.class))));
        return entries.stream()
                .filter(entry -> kinds == null || kinds.isEmpty() || kinds.contains(entry.kind()))
                .filter(entry -> sources == null || sources.isEmpty() || sources.contains(entry.source()))
                .sorted(Comparator.comparing(Entry::at).thenComparing(entry -> SOURCES.indexOf(entry.source())))
                .toList();
    }

    /** The timeline as Markdown, for the postmortem document. */
    public static String markdown(Incidents.Incident incident, List<Entry> entries) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(incident.reference()).append(": ").append(cell(incident.title())).append("\n\n");
        md.append("- Severity: ").append(incident.severity().name()).append(" (").append(incident.severity().title()).append(")\n");
        md.append("- Status: ").append(incident.status().text()).append('\n');
        md.append("- Started: ").append(UTC.format(incident.times().startedAt())).append('\n');
        md.append("- Services: ").append(incident.services().isEmpty() ? "none" : String.join(", ", incident.services())).append("\n\n");
        md.append("| Time (UTC) | Source | Kind | Actor | What |\n|---|---|---|---|---|\n");
        for (Entry entry : entries) {
            md.append("| ").append(UTC.format(entry.at())).append(" | ").append(entry.source()).append(" | ").append(entry.kind()).append(" | ")
                    .append(cell(entry.actor())).append(" | ").append(cell(entry.text())).append(" |\n");
        }
        return md.toString();
    }

    public static ObjectNode json(Incidents.Incident incident, List<Entry> entries) {
        ObjectNode root = JSON.createObjectNode().put("incident", incident.reference()).put("number", incident.number())
                .put("title", incident.title()).put("severity", incident.severity().name()).put("status", incident.status().text());
        ArrayNode list = root.putArray("entries");
        for (Entry entry : entries) {
            list.addObject().put("at", entry.at().toString()).put("kind", entry.kind()).put("source", entry.source())
                    .put("actor", entry.actor()).put("text", entry.text());
        }
        return root;
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    private static Instant at(Record r) {
        return r.get("at", OffsetDateTime.class).toInstant();
    }

    private static String paging(String kind, String detail) {
        JsonNode node = detail == null ? JSON.createObjectNode() : JSON.readTree(detail);
        if ("notified".equals(kind)) {
            return "Paged " + node.path("user").asString("someone") + " by " + node.path("channel").asString("?");
        }
        return "Escalated" + (node.has("tier") ? " to tier " + node.path("tier").asString() : "");
    }

    private static String check(String slug, String after) {
        JsonNode node = after == null ? JSON.createObjectNode() : JSON.readTree(after);
        String text = "Check " + slug + " is " + node.path("status").asString("?");
        if (node.hasNonNull("previous")) {
            text += " (was " + node.path("previous").asString() + ")";
        }
        String message = node.path("message").asString("");
        return message.isEmpty() ? text : text + ": " + message;
    }
}
