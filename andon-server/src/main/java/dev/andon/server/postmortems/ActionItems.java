package dev.andon.server.postmortems;

import static dev.andon.server.database.SqlTimes.instant;
import static dev.andon.server.database.SqlTimes.utc;

import dev.andon.catalog.CatalogException;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.postmortems.ActionItemPriority;
import dev.andon.postmortems.ActionItemRules;
import dev.andon.postmortems.ActionItemStatus;
import dev.andon.postmortems.ActionItemType;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Action items on PostgreSQL: remediation from postmortems and mitigations from pre-mortems, each
 * with an owner, a due date, a priority, a type, an optional tracker link and a status tracked to
 * done. Every change is written to the event log (object type "action-item").
 */
@Component
public class ActionItems {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final EventLog events;
    private final Clock clock;

    public ActionItems(DSLContext sql, TransactionTemplate transactions, EventLog events, Clock clock) {
        this.sql = sql;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /** One action item; {@code owner} is a username, {@code team} a team slug, {@code incident} the incident number behind its postmortem. */
    public record ActionItem(long id, Long postmortemId, Long incident, Long premortemId, Long riskId, String title, String description,
                             String owner, String team, LocalDate dueDate, ActionItemPriority priority, ActionItemType type, String trackerUrl,
                             ActionItemStatus status, String createdBy, Instant createdAt, Instant updatedAt, Instant closedAt) {
        public boolean overdue(LocalDate today) {
            return ActionItemRules.overdue(status, dueDate, today);
        }

        public String reference() {
            return "AI-" + id;
        }
    }

    /** What creating takes; {@code team} may be null (then it follows the service or the owner). */
    public record Draft(String title, String description, String owner, String team, LocalDate dueDate, String priority, String type,
                        String trackerUrl) {}

    /** A change; null fields stay as they are. */
    public record Change(String title, String description, String owner, String team, LocalDate dueDate, String priority, String type,
                         String trackerUrl, String status) {}

    /** Which items to list; null fields do not filter. {@code state}: open (open and in progress), overdue, closed, all. */
    public record Filter(String state, String team, String owner, Long postmortemId, Long premortemId) {
        public static Filter all() {
            return new Filter("all", null, null, null, null);
        }
    }

    public static final List<String> STATES = List.of("open", "overdue", "closed", "all");

    private static final String SELECT = """
            select a.*, u.username as owner_name, t.slug as team_slug, i.number as incident_number
            from action_items a left join users u on u.id = a.owner_id left join teams t on t.id = a.team_id
            left join postmortems p on p.id = a.postmortem_id left join incidents i on i.id = p.incident_id
            """;

    // --- reading

    public List<ActionItem> list(Filter filter) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> binds = new ArrayList<>();
        String state = filter.state() == null || filter.state().isBlank() ? "open" : filter.state();
        if (!STATES.contains(state)) {
            throw new CatalogException(CatalogException.Code.INVALID, "state", "'" + state + "' is not one of open, overdue, closed, all");
        }
        switch (state) {
            case "open" -> where.append(" and a.status in ('open', 'in_progress')");
            case "overdue" -> {
                where.append(" and a.status in ('open', 'in_progress') and a.due_date < ?::date");
                binds.add(today().toString());
            }
            case "closed" -> where.append(" and a.status in ('done', 'wont_do')");
            default -> { }
        }
        if (filter.team() != null && !filter.team().isBlank()) {
            where.append(" and t.slug = ?");
            binds.add(filter.team());
        }
        if (filter.owner() != null && !filter.owner().isBlank()) {
            where.append(" and u.username = ?");
            binds.add(filter.owner());
        }
        if (filter.postmortemId() != null) {
            where.append(" and a.postmortem_id = ?");
            binds.add(filter.postmortemId());
        }
        if (filter.premortemId() != null) {
            where.append(" and a.premortem_id = ?");
            binds.add(filter.premortemId());
        }
        return sql.resultQuery(SELECT + where + " order by a.due_date, a.id limit 2000", binds.toArray()).fetch(ActionItems::row);
    }

    /** Every open or in-progress item due on or before {@code day}, without a limit: the reminder sweep's work. */
    public List<ActionItem> dueBy(LocalDate day) {
        return sql.resultQuery(SELECT + " where a.status in ('open', 'in_progress') and a.due_date <= ?::date order by a.due_date, a.id", day.toString())
                .fetch(ActionItems::row);
    }

    public Optional<ActionItem> find(long id) {
        return Optional.ofNullable(sql.resultQuery(SELECT + " where a.id = ?", id).fetchOne()).map(ActionItems::row);
    }

    public ActionItem require(long id) {
        return find(id).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "id",
                "There is no action item AI-" + id + "; see /api/v1/action-items for the list."));
    }

    /** A team's items and its completion rate: done out of all not marked won't do (null when it has none). */
    public record TeamSummary(String team, List<ActionItem> overdue, int open, int done, int wontDo, Double completionRate) {}

    public TeamSummary team(String slug) {
        List<ActionItem> items = list(new Filter("all", slug, null, null, null));
        LocalDate today = today();
        return new TeamSummary(slug, items.stream().filter(item -> item.overdue(today)).toList(),
                (int) items.stream().filter(item -> !item.status().closed()).count(),
                (int) items.stream().filter(item -> item.status() == ActionItemStatus.DONE).count(),
                (int) items.stream().filter(item -> item.status() == ActionItemStatus.WONT_DO).count(),
                ActionItemRules.completionRate(items.stream().map(ActionItem::status).toList()));
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    // --- changing

    /** Creates an item on a postmortem, a pre-mortem (optionally for one of its risks), or neither. */
    public ActionItem create(String actor, Long postmortemId, Long premortemId, Long riskId, Draft draft) {
        String title = draft.title() == null ? "" : draft.title().strip();
        if (title.isEmpty()) {
            throw new CatalogException(CatalogException.Code.INVALID, "title", "is required: say what will change, e.g. \"Add a rate limit to /login\"");
        }
        if (draft.dueDate() == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "dueDate", "is required: the last day it is on time, such as 2026-12-01");
        }
        ActionItemPriority priority = draft.priority() == null || draft.priority().isBlank() ? ActionItemPriority.MEDIUM : priority(draft.priority());
        ActionItemType type = type(draft.type());
        String tracker = tracker(draft.trackerUrl());
        Instant now = clock.instant();
        long id = transactions.execute(status -> {
            Long owner = owner(draft.owner());
            Long team = draft.team() == null || draft.team().isBlank() ? defaultTeam(postmortemId, premortemId, owner) : teamId(draft.team());
            long created = sql.resultQuery("""
                    insert into action_items (postmortem_id, premortem_id, risk_id, title, description, owner_id, team_id, due_date, priority, type,
                                              tracker_url, status, created_by, created_at, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?::date, ?, ?, ?, 'open', ?, ?::timestamptz, ?::timestamptz) returning id""",
                    postmortemId, premortemId, riskId, title, text(draft.description()), owner, team, draft.dueDate().toString(), priority.key(),
                    type.key(), tracker, actor, utc(now), utc(now)).fetchOne(0, Long.class);
            event(now, actor, "action-item.created", created, null, snapshot(created));
            return created;
        });
        return require(id);
    }

    public ActionItem change(String actor, long id, Change change) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            if (sql.resultQuery("select 1 from action_items where id = ? for no key update", id).fetch().isEmpty()) {
                require(id);
            }
            ObjectNode before = snapshot(id);
            if (change.title() != null) {
                if (change.title().isBlank()) {
                    throw new CatalogException(CatalogException.Code.INVALID, "title", "cannot be empty");
                }
                sql.execute("update action_items set title = ? where id = ?", change.title().strip(), id);
            }
            if (change.description() != null) {
                sql.execute("update action_items set description = ? where id = ?", change.description().strip(), id);
            }
            if (change.owner() != null) {
                sql.execute("update action_items set owner_id = ? where id = ?", owner(change.owner()), id);
            }
            if (change.team() != null) {
                sql.execute("update action_items set team_id = ? where id = ?", change.team().isBlank() ? null : teamId(change.team()), id);
            }
            if (change.dueDate() != null) {
                sql.execute("update action_items set due_date = ?::date where id = ?", change.dueDate().toString(), id);
                // A new due date starts the reminders over.
                sql.execute("delete from action_item_reminders where action_item_id = ?", id);
            }
            if (change.priority() != null) {
                sql.execute("update action_items set priority = ? where id = ?", priority(change.priority()).key(), id);
            }
            if (change.type() != null) {
                sql.execute("update action_items set type = ? where id = ?", type(change.type()).key(), id);
            }
            if (change.trackerUrl() != null) {
                sql.execute("update action_items set tracker_url = ? where id = ?", tracker(change.trackerUrl()), id);
            }
            if (change.status() != null) {
                ActionItemStatus next = ActionItemStatus.parse(change.status());
                if (next == null) {
                    throw new CatalogException(CatalogException.Code.INVALID, "status", "'" + change.status() + "' is not one of open, in_progress, done, wont_do");
                }
                sql.execute("update action_items set status = ?, closed_at = case when ? then coalesce(closed_at, ?::timestamptz) else null end where id = ?",
                        next.key(), next.closed(), utc(now), id);
            }
            sql.execute("update action_items set updated_at = ?::timestamptz where id = ?", utc(now), id);
            ObjectNode after = snapshot(id);
            if (!after.equals(before)) {
                event(now, actor, "action-item.changed", id, before.toString(), after);
            }
        });
        return require(id);
    }

    public void delete(String actor, long id) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            ObjectNode before = snapshot(require(id).id());
            sql.execute("delete from action_items where id = ?", id);
            event(now, actor, "action-item.deleted", id, before.toString(), null);
        });
    }

    // --- helpers

    private ObjectNode snapshot(long id) {
        ActionItem item = require(id);
        return JSON.createObjectNode().put("title", item.title()).put("description", item.description()).put("owner", item.owner())
                .put("team", item.team()).put("dueDate", item.dueDate().toString()).put("priority", item.priority().key())
                .put("type", item.type().key()).put("trackerUrl", item.trackerUrl()).put("status", item.status().key());
    }

    private Long owner(String username) {
        if (username == null || username.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, "owner", "is required: every action item has one person who sees it to done");
        }
        Long id = sql.resultQuery("select id from users where username = ?", username.strip()).fetchOne(0, Long.class);
        if (id == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "owner", "There is no user '" + username.strip() + "'");
        }
        return id;
    }

    private Long teamId(String slug) {
        Long id = sql.resultQuery("select id from teams where slug = ?", slug.strip()).fetchOne(0, Long.class);
        if (id == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "team", "There is no team '" + slug.strip() + "'");
        }
        return id;
    }

    /** The owning team of the first service (by slug) of the incident or pre-mortem, else the owner's first team. */
    private Long defaultTeam(Long postmortemId, Long premortemId, Long owner) {
        Long team = null;
        if (postmortemId != null) {
            team = sql.resultQuery("""
                    select s.owner_team_id from postmortems p join incident_services x on x.incident_id = p.incident_id join services s on s.id = x.service_id
                    where p.id = ? and s.owner_team_id is not null order by s.slug limit 1""", postmortemId).fetchOne(0, Long.class);
        } else if (premortemId != null) {
            team = sql.resultQuery("""
                    select s.owner_team_id from premortem_services x join services s on s.id = x.service_id
                    where x.premortem_id = ? and s.owner_team_id is not null order by s.slug limit 1""", premortemId).fetchOne(0, Long.class);
        }
        if (team == null && owner != null) {
            team = sql.resultQuery("select m.team_id from team_members m join teams t on t.id = m.team_id where m.user_id = ? order by t.slug limit 1", owner)
                    .fetchOne(0, Long.class);
        }
        return team;
    }

    static ActionItemPriority priority(String text) {
        ActionItemPriority priority = ActionItemPriority.parse(text);
        if (priority == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "priority", "'" + text + "' is not one of high, medium, low");
        }
        return priority;
    }

    static ActionItemType type(String text) {
        ActionItemType type = ActionItemType.parse(text);
        if (type == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "type",
                    (text == null || text.isBlank() ? "is required" : "'" + text + "' is not valid") + ": one of prevent, mitigate, detect, process");
        }
        return type;
    }

    static String tracker(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(url.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri.toString();
            }
        } catch (IllegalArgumentException e) {
            // Said below.
        }
        throw new CatalogException(CatalogException.Code.INVALID, "trackerUrl", "'" + url + "' is not an http(s) link to the tracker's issue");
    }

    private static ActionItem row(Record r) {
        return new ActionItem(r.get("id", Long.class), r.get("postmortem_id", Long.class), r.get("incident_number", Long.class),
                r.get("premortem_id", Long.class), r.get("risk_id", Long.class), r.get("title", String.class), r.get("description", String.class),
                r.get("owner_name", String.class), r.get("team_slug", String.class), r.get("due_date", LocalDate.class),
                ActionItemPriority.parse(r.get("priority", String.class)), ActionItemType.parse(r.get("type", String.class)),
                r.get("tracker_url", String.class), ActionItemStatus.parse(r.get("status", String.class)), r.get("created_by", String.class),
                instant(r, "created_at"), instant(r, "updated_at"), instant(r, "closed_at"));
    }

    private void event(Instant at, String actor, String kind, long id, String before, ObjectNode after) {
        events.append(Event.of(at, actor, kind, "action-item", Long.toString(id), before, after == null ? null : after.toString()));
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }


}
