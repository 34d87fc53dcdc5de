package dev.andon.server.postmortems;

import static dev.andon.server.database.SqlTimes.instant;
import static dev.andon.server.database.SqlTimes.utc;

import dev.andon.catalog.CatalogException;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.incidents.IncidentRole;
import dev.andon.incidents.IncidentSeverity;
import dev.andon.postmortems.BlamelessChecker;
import dev.andon.postmortems.FactorType;
import dev.andon.postmortems.PostmortemRules;
import dev.andon.postmortems.PostmortemSection;
import dev.andon.postmortems.PostmortemStatus;
import dev.andon.server.incidents.IncidentTimeline;
import dev.andon.server.incidents.Incidents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Postmortems on PostgreSQL: drafted from a resolved incident (its times, impact and UTC timeline
 * copied in), written and reviewed section by section, checked for blaming language, and published
 * read-only. Every change is written to the event log (object type "postmortem", key the id).
 */
@Component
public class Postmortems {
    static final String MAIL_TASK = "postmortem-mail";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int TIMELINE_LIMIT = 500;
    /** The longest section, so reading and checking a postmortem stays fast. */
    static final int MAX_SECTION = 100_000;
    static final DateTimeFormatter UTC_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    /** The incident timeline's kinds copied into a draft: what happened, not every deduplicated repeat. */
    private static final Set<String> NOISE = Set.of("alert-deduplicated", "reminder");

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final EventLog events;
    private final Incidents incidents;
    private final IncidentTimeline incidentTimeline;
    private final PostmortemProperties properties;
    private final Clock clock;

    public Postmortems(DSLContext sql, TransactionTemplate transactions, EventLog events, Incidents incidents, IncidentTimeline incidentTimeline,
                       PostmortemProperties properties, Clock clock) {
        this.sql = sql;
        this.transactions = transactions;
        this.events = events;
        this.incidents = incidents;
        this.incidentTimeline = incidentTimeline;
        this.properties = properties;
        this.clock = clock;
    }

    /** One postmortem; {@code owner}, {@code facilitator} and {@code reviewers} are usernames. */
    public record Postmortem(long id, long incidentId, long incident, IncidentSeverity severity, String title, PostmortemStatus status, String owner,
                             String facilitator, Instant dueAt, Map<PostmortemSection, String> sections, List<String> tags, String overrideReason,
                             Instant publishedAt, String publishedBy, Instant createdAt, Instant updatedAt, List<String> reviewers,
                             List<String> services) {
        public String section(PostmortemSection section) {
            return sections.getOrDefault(section, "");
        }

        public boolean overdue(Instant now) {
            return PostmortemRules.overdue(status, dueAt, now);
        }

        public String incidentReference() {
            return "INC-" + incident;
        }
    }

    public record TimelineEntry(long id, Instant at, String source, String kind, String actor, String body) {}

    public record Factor(long id, FactorType type, String description, List<String> whys, int position) {}

    public record Comment(long id, String section, String author, String body, Instant createdAt, Instant resolvedAt, String resolvedBy) {
        public boolean open() {
            return resolvedAt == null;
        }
    }

    /** A change of the document; null fields stay as they are. {@code facilitator} "" clears it. */
    public record Change(String title, Map<PostmortemSection, String> sections, List<String> tags, String owner, String facilitator,
                         List<String> reviewers) {}

    // --- reading

    public Optional<Postmortem> find(long id) {
        return load("p.id = ?", id);
    }

    public Postmortem require(long id) {
        return find(id).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "id",
                "There is no postmortem " + id + "; see /api/v1/postmortems for the list."));
    }

    public Optional<Postmortem> forIncident(long incidentNumber) {
        return load("i.number = ?", incidentNumber);
    }

    private Optional<Postmortem> load(String condition, Object bind) {
        Record r = sql.resultQuery("""
                select p.*, i.number as incident_number, i.severity as incident_severity, o.username as owner_name, f.username as facilitator_name,
                  (select string_agg(u.username, ',' order by u.username) from postmortem_reviewers x join users u on u.id = x.user_id
                   where x.postmortem_id = p.id) as reviewer_names,
                  (select string_agg(s.slug, ',' order by s.slug) from incident_services x join services s on s.id = x.service_id
                   where x.incident_id = p.incident_id) as service_slugs
                from postmortems p join incidents i on i.id = p.incident_id
                left join users o on o.id = p.owner_id left join users f on f.id = p.facilitator_id where\s""" + condition, bind).fetchOne();
        if (r == null) {
            return Optional.empty();
        }
        Map<PostmortemSection, String> sections = new EnumMap<>(PostmortemSection.class);
        for (PostmortemSection section : PostmortemSection.TEXT) {
            sections.put(section, r.get(section.key(), String.class));
        }
        String[] tags = r.get("tags", String[].class);
        return Optional.of(new Postmortem(r.get("id", Long.class), r.get("incident_id", Long.class), r.get("incident_number", Long.class),
                IncidentSeverity.parse(r.get("incident_severity", String.class)), r.get("title", String.class),
                PostmortemStatus.parse(r.get("status", String.class)), r.get("owner_name", String.class), r.get("facilitator_name", String.class),
                instant(r, "due_at"), sections, tags == null ? List.of() : List.of(tags), r.get("override_reason", String.class),
                instant(r, "published_at"), r.get("published_by", String.class), instant(r, "created_at"), instant(r, "updated_at"),
                split(r.get("reviewer_names", String.class)), split(r.get("service_slugs", String.class))));
    }

    public List<TimelineEntry> timeline(long id) {
        return sql.resultQuery("select id, at, source, kind, actor, body from postmortem_timeline where postmortem_id = ? order by at, id", id)
                .fetch(r -> new TimelineEntry(r.get("id", Long.class), instant(r, "at"), r.get("source", String.class), r.get("kind", String.class),
                        r.get("actor", String.class), r.get("body", String.class)));
    }

    public List<Factor> factors(long id) {
        return sql.resultQuery("select id, type, description, whys, position from postmortem_factors where postmortem_id = ? order by position, id", id)
                .fetch(r -> {
                    String[] whys = r.get("whys", String[].class);
                    return new Factor(r.get("id", Long.class), FactorType.parse(r.get("type", String.class)), r.get("description", String.class),
                            whys == null ? List.of() : List.of(whys), r.get("position", Integer.class));
                });
    }

    public List<Comment> comments(long id) {
        return sql.resultQuery("select * from postmortem_comments where postmortem_id = ? order by created_at, id", id)
                .fetch(r -> new Comment(r.get("id", Long.class), r.get("section", String.class), r.get("author", String.class), r.get("body", String.class),
                        instant(r, "created_at"), instant(r, "resolved_at"), r.get("resolved_by", String.class)));
    }

    /** The blameless-language flags of the postmortem as it is now. */
    public List<BlamelessChecker.Flag> flags(long id) {
        Postmortem postmortem = require(id);
        return PostmortemRules.check(postmortem.sections(), timeline(id).stream().map(TimelineEntry::body).toList(),
                factors(id).stream().map(f -> new PostmortemRules.Factor(f.type(), f.description(), f.whys())).toList(), people());
    }

    /** Every name that must not appear as a cause: usernames and display names. */
    public List<String> people() {
        List<String> people = new ArrayList<>();
        sql.resultQuery("select username, display_name from users").forEach(r -> {
            people.add(r.get(0, String.class));
            people.add(r.get(1, String.class));
        });
        return people;
    }

    /** Who was in the response: role holders, the incident log's actors and the authors of its updates. */
    public Set<String> responders(long incidentId) {
        Set<String> responders = new LinkedHashSet<>();
        sql.resultQuery("select u.username from incident_roles r join users u on u.id = r.user_id where r.incident_id = ?", incidentId)
                .forEach(r -> responders.add(r.get(0, String.class)));
        sql.resultQuery("select distinct actor from incident_log where incident_id = ? and actor <> 'andon'", incidentId)
                .forEach(r -> responders.add(r.get(0, String.class)));
        sql.resultQuery("select distinct posted_by from incident_updates where incident_id = ?", incidentId)
                .forEach(r -> responders.add(r.get(0, String.class)));
        return responders;
    }

    /** Drafts and in-review postmortems past their due time, oldest due first. */
    public List<Postmortem> overdue(Instant now) {
        return sql.resultQuery("select id from postmortems where status <> 'published' and due_at < ?::timestamptz order by due_at", utc(now))
                .fetch(0, Long.class).stream().map(this::require).toList();
    }

    // --- drafting

    /**
     * Called in the transaction that resolves an incident: drafts its postmortem when auto-drafting
     * is on and the severity is one that gets one. A reopened and resolved-again incident keeps the
     * draft it has.
     */
    public void onResolved(long incidentId, Instant resolvedAt) {
        Record incident = sql.resultQuery("select number, severity from incidents where id = ?", incidentId).fetchOne();
        if (!properties.autoDraft() || !PostmortemRules.draftsFor(IncidentSeverity.parse(incident.get(1, String.class)), properties.draftedSeverities())) {
            return;
        }
        draft(incident.get(0, Long.class), "andon", resolvedAt);
    }

    /** Starts the postmortem of an incident by hand (any severity); returns the existing one if there is one. */
    public Postmortem start(String actor, long incidentNumber) {
        Incidents.Incident incident = incidents.require(incidentNumber);
        Optional<Postmortem> existing = forIncident(incidentNumber);
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = clock.instant();
        // Started by hand (perhaps long after the incident): due from now, never overdue at birth.
        Instant resolved = incident.times().resolvedAt();
        Long id = transactions.execute(status -> draft(incidentNumber, actor, resolved == null || resolved.isBefore(now) ? now : resolved));
        return require(id);
    }

    private Long draft(long incidentNumber, String actor, Instant resolvedAt) {
        Incidents.Incident incident = incidents.require(incidentNumber);
        Instant now = clock.instant();
        Instant due = PostmortemRules.dueAt(resolvedAt, properties.dueAfter());
        String owner = incident.roles().get(IncidentRole.COMMANDER);
        Long id = sql.resultQuery("""
                insert into postmortems (incident_id, title, status, owner_id, due_at, summary, impact, detection, response, created_at, updated_at)
                values (?, ?, 'draft', (select id from users where username = ?), ?::timestamptz, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz)
                on conflict (incident_id) do nothing returning id""", incident.id(), incident.title(), owner, utc(due), incident.summary(),
                impact(incident), detection(incident), response(incident), utc(now), utc(now)).fetchOne(0, Long.class);
        if (id == null) {
            return sql.resultQuery("select id from postmortems where incident_id = ?", incident.id()).fetchOne(0, Long.class);
        }
        List<IncidentTimeline.Entry> entries = incidentTimeline.of(incident, Set.of(), Set.of()).stream()
                .filter(entry -> !NOISE.contains(entry.kind())).limit(TIMELINE_LIMIT).toList();
        for (IncidentTimeline.Entry entry : entries) {
            sql.execute("insert into postmortem_timeline (postmortem_id, at, source, kind, actor, body) values (?, ?::timestamptz, ?, ?, ?, ?)",
                    id, utc(entry.at()), entry.source(), entry.kind(), entry.actor() == null ? "" : entry.actor(), entry.text());
        }
        event(now, actor, "postmortem.drafted", id, null, JSON.createObjectNode().put("incident", incident.reference())
                .put("owner", owner).put("dueAt", due.toString()).put("timelineEntries", entries.size()));
        return id;
    }

    static String impact(Incidents.Incident incident) {
        StringBuilder text = new StringBuilder();
        text.append("- **Severity:** ").append(incident.severity().name()).append(" (").append(incident.severity().title()).append(")\n");
        text.append("- **Customers:** ").append(incident.customerImpact().isBlank() ? "_who was affected, and how?_" : incident.customerImpact()).append('\n');
        text.append("- **Duration:** ").append(UTC_TEXT.format(incident.times().startedAt())).append(" → ")
                .append(incident.times().resolvedAt() == null ? "not resolved" : UTC_TEXT.format(incident.times().resolvedAt()))
                .append(incident.times().timeToResolve() == null ? "" : " (" + minutes(incident.times().timeToResolve()) + ")").append('\n');
        text.append("- **Services:** ").append(incident.services().isEmpty() ? "none recorded" : String.join(", ", incident.services())).append('\n');
        return text.toString();
    }

    static String detection(Incidents.Incident incident) {
        String how = switch (incident.declaredFrom()) {
            case "alert" -> "from an alert";
            case "api" -> "through the API";
            default -> "by hand";
        };
        return "Detected " + UTC_TEXT.format(incident.times().detectedAt()) + ", " + minutes(incident.times().timeToDetect())
                + " after it started; declared " + how + " by " + incident.declaredBy() + ".\n";
    }

    static String response(Incidents.Incident incident) {
        List<String> lines = new ArrayList<>();
        if (incident.times().timeToAcknowledge() != null) {
            lines.add("- Acknowledged after " + minutes(incident.times().timeToAcknowledge()));
        }
        if (incident.times().timeToMitigate() != null) {
            lines.add("- Mitigated after " + minutes(incident.times().timeToMitigate()));
        }
        if (incident.times().timeToResolve() != null) {
            lines.add("- Resolved after " + minutes(incident.times().timeToResolve()));
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    private static String minutes(Duration duration) {
        if (duration == null) {
            return "—";
        }
        long minutes = duration.toMinutes();
        return minutes < 120 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
    }

    // --- writing

    public Postmortem change(String actor, long id, Change change) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Postmortem before = lockEditable(id);
            ObjectNode detail = JSON.createObjectNode();
            if (change.title() != null) {
                if (change.title().isBlank()) {
                    throw new CatalogException(CatalogException.Code.INVALID, "title", "cannot be empty");
                }
                if (!change.title().strip().equals(before.title())) {
                    sql.execute("update postmortems set title = ? where id = ?", change.title().strip(), id);
                    detail.put("title", change.title().strip());
                }
            }
            if (change.sections() != null) {
                for (Map.Entry<PostmortemSection, String> section : change.sections().entrySet()) {
                    if (!PostmortemSection.TEXT.contains(section.getKey())) {
                        throw new CatalogException(CatalogException.Code.INVALID, section.getKey().key(),
                                "is not a text section; edit the timeline, factors and action items through their own forms");
                    }
                    String text = section.getValue() == null ? "" : section.getValue().replace("\r\n", "\n");
                    if (text.length() > MAX_SECTION) {
                        throw new CatalogException(CatalogException.Code.INVALID, section.getKey().key(), "is " + text.length()
                                + " characters; a section holds at most " + MAX_SECTION + ": link long logs instead of pasting them");
                    }
                    if (!text.equals(before.section(section.getKey()))) {
                        sql.execute("update postmortems set " + section.getKey().key() + " = ? where id = ?", text, id);
                        detail.put(section.getKey().key(), text);
                    }
                }
            }
            if (change.tags() != null) {
                List<String> tags = change.tags().stream().map(String::strip).filter(tag -> !tag.isEmpty()).map(String::toLowerCase).distinct().sorted().toList();
                for (String tag : tags) {
                    if (!tag.matches("[a-z0-9][a-z0-9._-]{0,39}")) {
                        throw new CatalogException(CatalogException.Code.INVALID, "tags", "'" + tag + "' is not a tag: letters, digits, . _ - (up to 40)");
                    }
                }
                if (!tags.equals(before.tags())) {
                    sql.execute("update postmortems set tags = ?::text[] where id = ?", tags.toArray(String[]::new), id);
                    detail.putArray("tags").addAll(tags.stream().map(JSON.getNodeFactory()::textNode).toList());
                }
            }
            String owner = before.owner();
            if (change.owner() != null && !change.owner().isBlank() && !change.owner().strip().equals(before.owner())) {
                owner = change.owner().strip();
                sql.execute("update postmortems set owner_id = ? where id = ?", userId("owner", owner), id);
                detail.put("owner", owner);
            }
            String facilitator = before.facilitator() == null ? "" : before.facilitator();
            boolean newFacilitator = change.facilitator() != null && !change.facilitator().strip().equals(facilitator);
            if (newFacilitator) {
                facilitator = change.facilitator().strip();
                // Checked when chosen: a facilitator who later writes on the incident stays the facilitator.
                String problem = PostmortemRules.facilitatorProblem(facilitator, owner, responders(before.incidentId()));
                if (problem != null) {
                    throw new CatalogException(CatalogException.Code.INVALID, "facilitator", problem);
                }
                sql.execute("update postmortems set facilitator_id = ? where id = ?", facilitator.isEmpty() ? null : userId("facilitator", facilitator), id);
                detail.put("facilitator", facilitator);
            } else if (!facilitator.isEmpty() && facilitator.equals(owner)) {
                throw new CatalogException(CatalogException.Code.INVALID, "owner", owner + " facilitates this postmortem; the owner and the facilitator must be two people");
            }
            if (change.reviewers() != null) {
                List<String> reviewers = change.reviewers().stream().map(String::strip).filter(name -> !name.isEmpty()).distinct().sorted().toList();
                if (!reviewers.equals(before.reviewers())) {
                    sql.execute("delete from postmortem_reviewers where postmortem_id = ?", id);
                    for (String reviewer : reviewers) {
                        sql.execute("insert into postmortem_reviewers (postmortem_id, user_id) values (?, ?)", id, userId("reviewers", reviewer));
                    }
                    detail.putArray("reviewers").addAll(reviewers.stream().map(JSON.getNodeFactory()::textNode).toList());
                }
            }
            if (!detail.isEmpty()) {
                touch(id, now);
                event(now, actor, "postmortem.changed", id, null, detail);
            }
        });
        return require(id);
    }

    public TimelineEntry addTimelineEntry(String actor, long id, Instant at, String body) {
        String text = required("body", body, "what happened at that time");
        if (at == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "at", "is required: when it happened, in UTC");
        }
        Instant now = clock.instant();
        long entry = transactions.execute(status -> {
            lockEditable(id);
            long created = sql.resultQuery("""
                    insert into postmortem_timeline (postmortem_id, at, source, kind, actor, body) values (?, ?::timestamptz, 'postmortem', 'note', ?, ?)
                    returning id""", id, utc(at), actor, text).fetchOne(0, Long.class);
            touch(id, now);
            event(now, actor, "postmortem.timeline", id, null, JSON.createObjectNode().put("added", created).put("at", at.toString()).put("body", text));
            return created;
        });
        return timeline(id).stream().filter(e -> e.id() == entry).findFirst().orElseThrow();
    }

    public void editTimelineEntry(String actor, long id, long entryId, Instant at, String body) {
        String text = required("body", body, "what happened at that time; delete the line instead of emptying it");
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            lockEditable(id);
            int changed = sql.execute("update postmortem_timeline set body = ?, at = coalesce(?::timestamptz, at) where id = ? and postmortem_id = ?",
                    text, utc(at), entryId, id);
            if (changed == 0) {
                throw new CatalogException(CatalogException.Code.NOT_FOUND, "entry", "There is no timeline line " + entryId + " in this postmortem");
            }
            touch(id, now);
            event(now, actor, "postmortem.timeline", id, null, JSON.createObjectNode().put("edited", entryId).put("body", text));
        });
    }

    public void deleteTimelineEntry(String actor, long id, long entryId) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            lockEditable(id);
            if (sql.execute("delete from postmortem_timeline where id = ? and postmortem_id = ?", entryId, id) == 0) {
                throw new CatalogException(CatalogException.Code.NOT_FOUND, "entry", "There is no timeline line " + entryId + " in this postmortem");
            }
            touch(id, now);
            event(now, actor, "postmortem.timeline", id, null, JSON.createObjectNode().put("deleted", entryId));
        });
    }

    /** Adds a contributing factor, or replaces one when {@code factorId} is given. Empty whys are dropped. */
    public Factor saveFactor(String actor, long id, Long factorId, String type, String description, List<String> whys) {
        FactorType factorType = FactorType.parse(type);
        if (factorType == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "type",
                    (type == null || type.isBlank() ? "is required" : "'" + type + "' is not valid") + ": one of technical, process, communication, external");
        }
        String text = required("description", description, "what condition contributed, e.g. \"retries had no backoff\"");
        List<String> chain = (whys == null ? List.<String>of() : whys).stream().filter(w -> w != null && !w.isBlank()).map(String::strip).toList();
        if (chain.size() > 10) {
            throw new CatalogException(CatalogException.Code.INVALID, "whys", "has " + chain.size() + " answers; keep the chain to 10 at most");
        }
        Instant now = clock.instant();
        long saved = transactions.execute(status -> {
            lockEditable(id);
            String[] array = chain.toArray(String[]::new);
            long result;
            if (factorId == null) {
                result = sql.resultQuery("""
                        insert into postmortem_factors (postmortem_id, type, description, whys, position)
                        values (?, ?, ?, ?::text[], (select coalesce(max(position), 0) + 1 from postmortem_factors where postmortem_id = ?)) returning id""",
                        id, factorType.key(), text, array, id).fetchOne(0, Long.class);
            } else {
                if (sql.execute("update postmortem_factors set type = ?, description = ?, whys = ?::text[] where id = ? and postmortem_id = ?",
                        factorType.key(), text, array, factorId, id) == 0) {
                    throw new CatalogException(CatalogException.Code.NOT_FOUND, "factor", "There is no factor " + factorId + " in this postmortem");
                }
                result = factorId;
            }
            touch(id, now);
            ObjectNode detail = JSON.createObjectNode().put("factor", result).put("type", factorType.key()).put("description", text);
            detail.putArray("whys").addAll(chain.stream().map(JSON.getNodeFactory()::textNode).toList());
            event(now, actor, "postmortem.factor", id, null, detail);
            return result;
        });
        return factors(id).stream().filter(f -> f.id() == saved).findFirst().orElseThrow();
    }

    public void deleteFactor(String actor, long id, long factorId) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            lockEditable(id);
            if (sql.execute("delete from postmortem_factors where id = ? and postmortem_id = ?", factorId, id) == 0) {
                throw new CatalogException(CatalogException.Code.NOT_FOUND, "factor", "There is no factor " + factorId + " in this postmortem");
            }
            touch(id, now);
            event(now, actor, "postmortem.factor", id, null, JSON.createObjectNode().put("deleted", factorId));
        });
    }

    // --- review

    public Comment comment(String actor, long id, String section, String body) {
        PostmortemSection target = PostmortemSection.parse(section);
        if (target == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "section", "'" + section + "' is not a section; one of "
                    + String.join(", ", Arrays.stream(PostmortemSection.values()).map(PostmortemSection::key).toList()));
        }
        String text = required("body", body, "your comment on the section");
        Instant now = clock.instant();
        long created = transactions.execute(status -> {
            Postmortem postmortem = lockAndLoad(id);
            if (postmortem.status() != PostmortemStatus.IN_REVIEW) {
                throw new CatalogException(CatalogException.Code.CONFLICT, "status", "comments are for the review; this postmortem is "
                        + postmortem.status().text().toLowerCase());
            }
            long comment = sql.resultQuery("""
                    insert into postmortem_comments (postmortem_id, section, author, body, created_at) values (?, ?, ?, ?, ?::timestamptz) returning id""",
                    id, target.key(), actor, text, utc(now)).fetchOne(0, Long.class);
            event(now, actor, "postmortem.comment", id, null, JSON.createObjectNode().put("comment", comment).put("section", target.key()).put("body", text));
            return comment;
        });
        return comments(id).stream().filter(c -> c.id() == created).findFirst().orElseThrow();
    }

    public void resolveComment(String actor, long id, long commentId) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            lockEditable(id);
            if (sql.execute("update postmortem_comments set resolved_at = ?::timestamptz, resolved_by = ? where id = ? and postmortem_id = ? and resolved_at is null",
                    utc(now), actor, commentId, id) > 0) {
                event(now, actor, "postmortem.comment-resolved", id, null, JSON.createObjectNode().put("comment", commentId));
            }
        });
    }

    /**
     * Moves the postmortem along draft → in review → published (or back to draft from review).
     * Publishing with open flags needs {@code overrideReason}; the flags and the reason are recorded.
     */
    public Postmortem move(String actor, long id, PostmortemStatus next, String overrideReason) {
        if (next == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "status", "use draft, in_review or published");
        }
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Postmortem before = lockAndLoad(id);
            if (before.status() == next) {
                return;
            }
            ObjectNode detail = JSON.createObjectNode().put("from", before.status().key()).put("to", next.key());
            if (next == PostmortemStatus.PUBLISHED) {
                List<BlamelessChecker.Flag> flags = flags(id);
                String problem = PostmortemRules.publishProblem(before.status(), flags, overrideReason);
                if (problem != null) {
                    throw new CatalogException(CatalogException.Code.CONFLICT, flags.isEmpty() ? "status" : "overrideReason", problem);
                }
                String reason = flags.isEmpty() ? null : overrideReason.strip();
                sql.execute("update postmortems set status = 'published', published_at = ?::timestamptz, published_by = ?, override_reason = ? where id = ?",
                        utc(now), actor, reason, id);
                if (reason != null) {
                    detail.put("overrideReason", reason).put("openFlags", flags.size());
                    detail.putArray("flags").addAll(flags.stream().map(f -> (tools.jackson.databind.JsonNode) JSON.createObjectNode()
                            .put("section", f.section()).put("rule", f.rule()).put("phrase", f.phrase())).toList());
                }
            } else {
                if (!before.status().canMoveTo(next)) {
                    throw new CatalogException(CatalogException.Code.CONFLICT, "status", "a " + before.status().text().toLowerCase()
                            + " postmortem cannot move to " + next.text().toLowerCase());
                }
                sql.execute("update postmortems set status = ? where id = ?", next.key(), id);
            }
            touch(id, now);
            event(now, actor, "postmortem." + next.key().replace('_', '-'), id, null, detail);
        });
        return require(id);
    }

    /** Records a reminder for the owner of every overdue draft not reminded in the last day, and returns their ids. */
    public List<Long> remindOverdue(Instant now) {
        List<Long> reminded = new ArrayList<>();
        for (Postmortem postmortem : overdue(now)) {
            Boolean due = transactions.execute(status -> {
                Record row = sql.resultQuery("select status, due_at, reminded_at from postmortems where id = ? for no key update", postmortem.id()).fetchOne();
                if (row == null || !PostmortemRules.remindOwner(PostmortemStatus.parse(row.get("status", String.class)), instant(row, "due_at"),
                        instant(row, "reminded_at"), now)) {
                    return false;
                }
                sql.execute("update postmortems set reminded_at = ?::timestamptz where id = ?", utc(now), postmortem.id());
                if (postmortem.owner() != null) {
                    scheduleMail("overdue:" + postmortem.id() + ":" + now.toEpochMilli(), now);
                }
                return true;
            });
            if (Boolean.TRUE.equals(due)) {
                reminded.add(postmortem.id());
            }
        }
        return reminded;
    }

    // --- helpers

    void scheduleMail(String instance, Instant at) {
        sql.execute("""
                insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
                values (?, ?, ?::timestamptz, false, 1, 0) on conflict do nothing""", MAIL_TASK, instance, utc(at));
    }

    private Postmortem lockAndLoad(long id) {
        if (sql.resultQuery("select 1 from postmortems where id = ? for no key update", id).fetch().isEmpty()) {
            require(id);
        }
        return require(id);
    }

    private Postmortem lockEditable(long id) {
        Postmortem postmortem = lockAndLoad(id);
        if (!postmortem.status().editable()) {
            throw new CatalogException(CatalogException.Code.CONFLICT, "status", "it is published and read-only; it is the record of what was learned");
        }
        return postmortem;
    }

    private void touch(long id, Instant now) {
        sql.execute("update postmortems set updated_at = ?::timestamptz where id = ?", utc(now), id);
    }

    private Long userId(String field, String username) {
        Long id = sql.resultQuery("select id from users where username = ?", username).fetchOne(0, Long.class);
        if (id == null) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "There is no user '" + username + "'");
        }
        return id;
    }

    private static String required(String field, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "is required: " + what);
        }
        return value.strip();
    }

    private void event(Instant at, String actor, String kind, long id, String before, ObjectNode after) {
        events.append(Event.of(at, actor, kind, "postmortem", Long.toString(id), before, after == null ? null : after.toString()));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }


}
