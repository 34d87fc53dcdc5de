package dev.andon.server.postmortems;

import static dev.andon.server.database.SqlTimes.instant;
import static dev.andon.server.database.SqlTimes.utc;

import dev.andon.catalog.CatalogException;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.postmortems.PremortemRules;
import dev.andon.postmortems.PremortemRules.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pre-mortems on PostgreSQL: "it is a month after launch and it failed utterly; what happened?"
 * Participants write risks privately within a time box; then the risks are revealed, merged and
 * counted, the top ones get mitigations (action items), and a risk stays linked to the services it
 * foresaw. Every change is written to the event log (object type "premortem", key the id); risk
 * texts stay out of it, since the log is no place for what is private until the reveal.
 */
@Component
public class Premortems {
    /** The longest time box: a pre-mortem held asynchronously over a week. */
    static final Duration LONGEST_TIME_BOX = Duration.ofDays(7);
    static final int LONGEST_RISK = 2000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final EventLog events;
    private final ActionItems actionItems;
    private final Clock clock;

    public Premortems(DSLContext sql, TransactionTemplate transactions, EventLog events, ActionItems actionItems, Clock clock) {
        this.sql = sql;
        this.transactions = transactions;
        this.events = events;
        this.actionItems = actionItems;
        this.clock = clock;
    }

    /** One pre-mortem; {@code facilitator} and {@code participants} are usernames, {@code services} slugs. */
    public record Premortem(long id, String title, String launch, LocalDate launchDate, String facilitator, Phase phase, Instant writingEndsAt,
                            Instant revealedAt, String createdBy, Instant createdAt, List<String> services, List<String> participants,
                            int written) {
        public boolean writingOpen(Instant now) {
            return PremortemRules.writingOpen(phase, writingEndsAt, now);
        }

        public boolean revealed(Instant now) {
            return PremortemRules.revealed(phase, writingEndsAt, now);
        }

        /** The phase as people live it: writing ends with the time box even when nobody pressed reveal. */
        public Phase phaseAt(Instant now) {
            return phase == Phase.WRITING && revealed(now) ? Phase.REVEALED : phase;
        }

        /** When the risks were (or will be) shown: the reveal, else the end of the time box. */
        public Instant revealsAt() {
            return revealedAt != null && revealedAt.isBefore(writingEndsAt) ? revealedAt : writingEndsAt;
        }

        /** The date it is known by ("the pre-mortem of 2026-06-01"): the launch date, else the day it was held. */
        public LocalDate date() {
            return launchDate != null ? launchDate : LocalDate.ofInstant(createdAt, ZoneOffset.UTC);
        }

        public Duration timeLeft(Instant now) {
            return writingOpen(now) ? Duration.between(now, writingEndsAt) : Duration.ZERO;
        }

        public boolean participant(String username) {
            return participants.contains(username);
        }
    }

    /** A risk as one participant wrote it; {@code author} is null once that user is deleted. */
    public record Risk(long id, long premortemId, String author, String body, Long mergedInto, Instant createdAt) {
        PremortemRules.Risk rule() {
            return new PremortemRules.Risk(id, author, body, mergedInto);
        }
    }

    /** What opening a pre-mortem takes; null {@code facilitator} is the creator, null {@code timeBoxMinutes} the default time box. */
    public record Draft(String title, String launch, LocalDate launchDate, List<String> services, String facilitator, List<String> participants,
                        Integer timeBoxMinutes) {}

    /**
     * A pre-mortem as {@code viewer} may see it. Before the reveal: only their own risks, and how many
     * were written by how many people; after it: every risk, merged and counted, suggested merges and
     * the mitigations.
     */
    public record Board(Premortem premortem, Phase phase, boolean writingOpen, boolean revealed, List<Risk> risks, int written, int writers,
                        List<PremortemRules.Tally> tally, List<PremortemRules.Suggestion> suggestions, List<ActionItems.ActionItem> mitigations) {
        /** The mitigations of a counted risk: those on it or on any risk merged into it. */
        public List<ActionItems.ActionItem> mitigationsOf(PremortemRules.Tally tally) {
            Set<Long> ids = new LinkedHashSet<>();
            ids.add(tally.risk().id());
            tally.merged().forEach(risk -> ids.add(risk.id()));
            return mitigations.stream().filter(item -> item.riskId() != null && ids.contains(item.riskId())).toList();
        }
    }

    /** A risk of a pre-mortem that covered one of an incident's services, or that someone linked to the incident. */
    public record Foreseen(long premortemId, String premortemTitle, LocalDate date, long riskId, String body, int count, boolean linked) {}

    private static final String SELECT = """
            select p.*, f.username as facilitator_name,
              (select string_agg(s.slug, ',' order by s.slug) from premortem_services x join services s on s.id = x.service_id
               where x.premortem_id = p.id) as service_slugs,
              (select string_agg(u.username, ',' order by u.username) from premortem_participants x join users u on u.id = x.user_id
               where x.premortem_id = p.id) as participant_names,
              (select count(*) from premortem_risks r where r.premortem_id = p.id) as risk_count
            from premortems p left join users f on f.id = p.facilitator_id
            """;

    // --- reading

    /** The newest first. */
    public List<Premortem> list(int limit) {
        return sql.resultQuery(SELECT + " order by p.created_at desc, p.id desc limit ?", Math.max(1, Math.min(limit, 1000)))
                .fetch(Premortems::row);
    }

    public Optional<Premortem> find(long id) {
        return Optional.ofNullable(sql.resultQuery(SELECT + " where p.id = ?", id).fetchOne()).map(Premortems::row);
    }

    public Premortem require(long id) {
        return find(id).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "id",
                "There is no pre-mortem " + id + "; see /api/v1/premortems for the list."));
    }

    /** Every risk, whoever wrote it: for the rules only, never to show before the reveal (see {@link #board}). */
    List<Risk> risks(long premortemId) {
        return sql.resultQuery("""
                select r.id, r.premortem_id, u.username, r.body, r.merged_into, r.created_at
                from premortem_risks r left join users u on u.id = r.author_id where r.premortem_id = ? order by r.id""", premortemId)
                .fetch(r -> new Risk(r.get(0, Long.class), r.get(1, Long.class), r.get(2, String.class), r.get(3, String.class),
                        r.get(4, Long.class), r.get(5, OffsetDateTime.class).toInstant()));
    }

    /** What {@code viewer} may see: the privacy rule of {@link PremortemRules#visible} holds for the API and the pages alike. */
    public Board board(long id, String viewer) {
        Premortem premortem = require(id);
        Instant now = clock.instant();
        List<Risk> all = risks(id);
        Phase phase = premortem.phase();
        Set<Long> visibleIds = new LinkedHashSet<>();
        PremortemRules.visible(all.stream().map(Risk::rule).toList(), viewer, phase, premortem.writingEndsAt(), now)
                .forEach(risk -> visibleIds.add(risk.id()));
        List<Risk> visible = all.stream().filter(risk -> visibleIds.contains(risk.id())).toList();
        int writers = (int) all.stream().map(risk -> risk.author() == null ? "#" + risk.id() : risk.author()).distinct().count();
        boolean revealed = premortem.revealed(now);
        List<PremortemRules.Tally> tally = revealed ? PremortemRules.tally(visible.stream().map(Risk::rule).toList()) : List.of();
        List<PremortemRules.Suggestion> suggestions = revealed && premortem.phase() != Phase.CLOSED
                ? PremortemRules.suggestMerges(visible.stream().map(Risk::rule).toList()) : List.of();
        List<ActionItems.ActionItem> mitigations = revealed ? actionItems.list(new ActionItems.Filter("all", null, null, null, id)) : List.of();
        return new Board(premortem, premortem.phaseAt(now), premortem.writingOpen(now), revealed, visible, all.size(), writers, tally, suggestions,
                mitigations);
    }

    /** The risks foreseen for an incident: those of revealed pre-mortems on its services (held before it), and those linked to it. */
    public List<Foreseen> foreseen(long incidentNumber) {
        Record incident = sql.resultQuery("select id, created_at from incidents where number = ?", incidentNumber).fetchOne();
        if (incident == null) {
            throw new CatalogException(CatalogException.Code.NOT_FOUND, "number",
                    "There is no incident INC-" + incidentNumber + "; see /api/v1/incidents for the list.");
        }
        long incidentId = incident.get(0, Long.class);
        List<Long> ids = sql.resultQuery("""
                select p.id from premortems p
                where (p.created_at <= ?::timestamptz and exists (select 1 from premortem_services x join incident_services i on i.service_id = x.service_id
                                                                where x.premortem_id = p.id and i.incident_id = ?))
                   or exists (select 1 from premortem_risk_incidents l join premortem_risks r on r.id = l.risk_id
                              where r.premortem_id = p.id and l.incident_id = ?)
                order by p.created_at desc, p.id desc limit 20""", incident.get(1, OffsetDateTime.class), incidentId, incidentId).fetch(0, Long.class);
        Set<Long> linked = new LinkedHashSet<>(sql.resultQuery("select risk_id from premortem_risk_incidents where incident_id = ?", incidentId)
                .fetch(0, Long.class));
        Instant now = clock.instant();
        List<Foreseen> foreseen = new ArrayList<>();
        for (long id : ids) {
            Premortem premortem = require(id);
            if (!premortem.revealed(now)) {
                // Risks still being written are private, even from an incident.
                continue;
            }
            for (PremortemRules.Tally tally : PremortemRules.tally(risks(id).stream().map(Risk::rule).toList())) {
                boolean isLinked = linked.contains(tally.risk().id()) || tally.merged().stream().anyMatch(risk -> linked.contains(risk.id()));
                foreseen.add(new Foreseen(id, premortem.title(), premortem.date(), tally.risk().id(), tally.risk().body(), tally.count(), isLinked));
            }
        }
        foreseen.sort(Comparator.comparing(Foreseen::linked).reversed());
        return foreseen;
    }

    /** Every username, for the pickers. */
    public List<String> usernames() {
        return sql.resultQuery("select username from users order by username").fetch(0, String.class);
    }

    // --- changing

    public Premortem create(String actor, Draft draft) {
        String title = draft.title() == null ? "" : draft.title().strip();
        if (title.isEmpty()) {
            throw new CatalogException(CatalogException.Code.INVALID, "title", "is required: name the launch, e.g. \"Checkout v2 goes live\"");
        }
        Duration timeBox = draft.timeBoxMinutes() == null ? PremortemRules.DEFAULT_TIME_BOX : Duration.ofMinutes(draft.timeBoxMinutes());
        if (timeBox.toMinutes() < 1 || timeBox.compareTo(LONGEST_TIME_BOX) > 0) {
            throw new CatalogException(CatalogException.Code.INVALID, "timeBox", "'" + draft.timeBoxMinutes()
                    + "' minutes is not a time box: give 1 to " + LONGEST_TIME_BOX.toMinutes() + " minutes (" + PremortemRules.DEFAULT_TIME_BOX.toMinutes()
                    + " is usual)");
        }
        String facilitator = draft.facilitator() == null || draft.facilitator().isBlank() ? actor : draft.facilitator().strip();
        Instant now = clock.instant();
        long id = transactions.execute(status -> {
            Long facilitatorId = userId(facilitator);
            if (facilitatorId == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "facilitator", "There is no user '" + facilitator + "'");
            }
            List<Long> serviceIds = new ArrayList<>();
            for (String slug : new LinkedHashSet<>(draft.services() == null ? List.<String>of() : draft.services())) {
                Long serviceId = sql.resultQuery("select id from services where slug = ?", slug.strip()).fetchOne(0, Long.class);
                if (serviceId == null) {
                    throw new CatalogException(CatalogException.Code.INVALID, "services", "There is no service '" + slug.strip() + "'");
                }
                serviceIds.add(serviceId);
            }
            Set<Long> participantIds = new LinkedHashSet<>();
            Long creator = userId(actor);
            if (creator != null) {
                participantIds.add(creator);
            }
            participantIds.add(facilitatorId);
            participantIds.addAll(participantIds(draft.participants()));
            long created = sql.resultQuery("""
                    insert into premortems (title, launch, launch_date, facilitator_id, phase, writing_ends_at, created_by, created_at)
                    values (?, ?, ?::date, ?, 'writing', ?::timestamptz, ?, ?::timestamptz) returning id""",
                    title, text(draft.launch()), draft.launchDate() == null ? null : draft.launchDate().toString(), facilitatorId,
                    utc(now.plus(timeBox)), actor, utc(now)).fetchOne(0, Long.class);
            for (long serviceId : serviceIds) {
                sql.execute("insert into premortem_services (premortem_id, service_id) values (?, ?)", created, serviceId);
            }
            for (long user : participantIds) {
                sql.execute("insert into premortem_participants (premortem_id, user_id) values (?, ?) on conflict do nothing", created, user);
            }
            event(now, actor, "premortem.created", created, null, snapshot(require(created)));
            return created;
        });
        return require(id);
    }

    /** Adds participants while writing is open (facilitator or admin). */
    public Premortem addParticipants(String actor, long id, List<String> usernames) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Premortem premortem = lock(id, "for no key update");
            requireRunner(actor, premortem, "add participants");
            if (!premortem.writingOpen(now)) {
                throw writingClosed(premortem, now, "participants", "participants can join only while risks are being written");
            }
            List<Long> ids = participantIds(usernames);
            if (ids.isEmpty()) {
                throw new CatalogException(CatalogException.Code.INVALID, "participants", "is required: the usernames of the people to add");
            }
            ObjectNode before = snapshot(premortem);
            for (long user : ids) {
                sql.execute("insert into premortem_participants (premortem_id, user_id) values (?, ?) on conflict do nothing", id, user);
            }
            ObjectNode after = snapshot(require(id));
            if (!after.equals(before)) {
                event(now, actor, "premortem.participants-added", id, before.toString(), after);
            }
        });
        return require(id);
    }

    /** A participant writes a risk, while writing is open. */
    public Risk addRisk(String actor, long id, String body) {
        String text = riskBody(body);
        Instant now = clock.instant();
        long riskId = transactions.execute(status -> {
            // Shared: participants write at the same time; a reveal waits for them.
            Premortem premortem = lock(id, "for share");
            if (!premortem.participant(actor)) {
                throw new CatalogException(CatalogException.Code.INVALID, "participants", "'" + actor + "' is not a participant of pre-mortem " + id
                        + ", so cannot add risks to it; ask the facilitator" + (premortem.facilitator() == null ? "" : " (" + premortem.facilitator() + ")")
                        + " to add you");
            }
            if (!premortem.writingOpen(now)) {
                throw writingClosed(premortem, now, "phase", "no more risks can be added");
            }
            long created = sql.resultQuery("""
                    insert into premortem_risks (premortem_id, author_id, body, created_at) values (?, ?, ?, ?::timestamptz) returning id""",
                    id, userId(actor), text, utc(now)).fetchOne(0, Long.class);
            event(now, actor, "premortem.risk-added", id, null, JSON.createObjectNode().put("risk", created));
            return created;
        });
        return risk(id, riskId);
    }

    /** The author changes their risk, while writing is open. */
    public Risk editRisk(String actor, long id, long riskId, String body) {
        String text = riskBody(body);
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Premortem premortem = lock(id, "for share");
            ownRiskWhileWriting(actor, premortem, riskId, now);
            sql.execute("update premortem_risks set body = ? where id = ?", text, riskId);
            event(now, actor, "premortem.risk-edited", id, null, JSON.createObjectNode().put("risk", riskId));
        });
        return risk(id, riskId);
    }

    /** The author takes their risk back, while writing is open. */
    public void deleteRisk(String actor, long id, long riskId) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Premortem premortem = lock(id, "for share");
            ownRiskWhileWriting(actor, premortem, riskId, now);
            sql.execute("delete from premortem_risks where id = ?", riskId);
            event(now, actor, "premortem.risk-deleted", id, null, JSON.createObjectNode().put("risk", riskId));
        });
    }

    /** Ends writing and shows every risk to everyone (facilitator or admin); the end of the time box does the same by itself. */
    public Premortem reveal(String actor, long id) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Premortem premortem = lock(id, "for no key update");
            requireRunner(actor, premortem, "reveal the risks");
            if (premortem.phase() != Phase.WRITING) {
                throw new CatalogException(CatalogException.Code.CONFLICT, "phase", "pre-mortem " + id + " is already " + premortem.phase().key());
            }
            sql.execute("update premortems set phase = 'revealed', revealed_at = ?::timestamptz where id = ?", utc(now), id);
            event(now, actor, "premortem.revealed", id, null, JSON.createObjectNode().put("risks", premortem.written()));
        });
        return require(id);
    }

    /** Marks {@code riskId} as the same risk as {@code intoId}, after the reveal (facilitator or admin). */
    public void merge(String actor, long id, long riskId, long intoId) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Premortem premortem = lock(id, "for no key update");
            requireRunner(actor, premortem, "merge risks");
            requireMerging(premortem, now);
            if (riskId == intoId) {
                throw new CatalogException(CatalogException.Code.INVALID, "into", "a risk cannot be merged into itself");
            }
            Map<Long, Risk> risks = new LinkedHashMap<>();
            risks(id).forEach(risk -> risks.put(risk.id(), risk));
            if (!risks.containsKey(riskId)) {
                throw new CatalogException(CatalogException.Code.NOT_FOUND, "risk", "pre-mortem " + id + " has no risk " + riskId);
            }
            if (!risks.containsKey(intoId)) {
                throw new CatalogException(CatalogException.Code.INVALID, "into", "pre-mortem " + id + " has no risk " + intoId);
            }
            // Into the head of the other risk's group, so that counts stay one level deep; merging a group into its own member is refused.
            long head = head(risks, intoId);
            if (head == riskId) {
                throw new CatalogException(CatalogException.Code.CONFLICT, "into", "risk " + intoId + " is already merged into risk " + riskId
                        + "; merge the other way or unmerge it first");
            }
            sql.execute("update premortem_risks set merged_into = ? where id = ?", head, riskId);
            // What was merged into this risk follows it.
            sql.execute("update premortem_risks set merged_into = ? where merged_into = ? and premortem_id = ?", head, riskId, id);
            event(now, actor, "premortem.merged", id, null, JSON.createObjectNode().put("risk", riskId).put("into", head));
        });
    }

    /** Takes a risk out of the group it was merged into (facilitator or admin). */
    public void unmerge(String actor, long id, long riskId) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Premortem premortem = lock(id, "for no key update");
            requireRunner(actor, premortem, "unmerge risks");
            requireMerging(premortem, now);
            int changed = sql.execute("update premortem_risks set merged_into = null where id = ? and premortem_id = ? and merged_into is not null",
                    riskId, id);
            if (changed == 0) {
                risk(id, riskId);
                return;
            }
            event(now, actor, "premortem.unmerged", id, null, JSON.createObjectNode().put("risk", riskId));
        });
    }

    /** Ends the pre-mortem once the risks are revealed (facilitator or admin): no more merging; mitigations may still be added. */
    public Premortem close(String actor, long id) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Premortem premortem = lock(id, "for no key update");
            requireRunner(actor, premortem, "close the pre-mortem");
            if (!premortem.revealed(now)) {
                throw new CatalogException(CatalogException.Code.CONFLICT, "phase", "pre-mortem " + id
                        + " is still in writing; reveal the risks first, then close it once the top ones have mitigations");
            }
            if (premortem.phase() == Phase.CLOSED) {
                return;
            }
            sql.execute("update premortems set phase = 'closed', revealed_at = coalesce(revealed_at, writing_ends_at) where id = ?", id);
            event(now, actor, "premortem.closed", id, null, JSON.createObjectNode().put("phase", "closed"));
        });
        return require(id);
    }

    /**
     * Turns a revealed risk into a mitigation: an action item with an owner, linked to the pre-mortem
     * and to the risk (the head of its merged group). Participants and admins may add them.
     */
    public ActionItems.ActionItem mitigate(String actor, long id, long riskId, ActionItems.Draft draft) {
        Instant now = clock.instant();
        return transactions.execute(status -> {
            Premortem premortem = lock(id, "for share");
            if (!premortem.revealed(now)) {
                throw new CatalogException(CatalogException.Code.CONFLICT, "phase", "mitigations come after the reveal; pre-mortem " + id
                        + " is still in writing");
            }
            if (!premortem.participant(actor) && !admin(actor)) {
                throw new CatalogException(CatalogException.Code.INVALID, "participants", "'" + actor + "' is not a participant of pre-mortem " + id
                        + "; participants and admins add mitigations");
            }
            Map<Long, Risk> risks = new LinkedHashMap<>();
            risks(id).forEach(risk -> risks.put(risk.id(), risk));
            if (!risks.containsKey(riskId)) {
                throw new CatalogException(CatalogException.Code.NOT_FOUND, "risk", "pre-mortem " + id + " has no risk " + riskId);
            }
            long head = head(risks, riskId);
            ActionItems.ActionItem item = actionItems.create(actor, null, id, head, draft);
            event(now, actor, "premortem.mitigation-added", id, null, JSON.createObjectNode().put("risk", head).put("actionItem", item.id()));
            return item;
        });
    }

    /** Records that a revealed risk foresaw an incident ("this was foreseen"). Anyone who may write may link. */
    public void linkIncident(String actor, long id, long riskId, long incidentNumber) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Premortem premortem = lock(id, "for share");
            risk(id, riskId);
            if (!premortem.revealed(now)) {
                throw new CatalogException(CatalogException.Code.CONFLICT, "phase", "pre-mortem " + id
                        + " is still in writing; its risks can be linked once they are revealed");
            }
            Long incidentId = sql.resultQuery("select id from incidents where number = ?", incidentNumber).fetchOne(0, Long.class);
            if (incidentId == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "incident", "There is no incident INC-" + incidentNumber);
            }
            int added = sql.execute("""
                    insert into premortem_risk_incidents (risk_id, incident_id, linked_by, linked_at) values (?, ?, ?, ?::timestamptz)
                    on conflict do nothing""", riskId, incidentId, actor, utc(now));
            if (added > 0) {
                event(now, actor, "premortem.risk-linked", id, null, JSON.createObjectNode().put("risk", riskId).put("incident", incidentNumber));
            }
        });
    }

    public void unlinkIncident(String actor, long id, long riskId, long incidentNumber) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            risk(id, riskId);
            int removed = sql.execute("""
                    delete from premortem_risk_incidents where risk_id = ? and incident_id = (select id from incidents where number = ?)""",
                    riskId, incidentNumber);
            if (removed > 0) {
                event(now, actor, "premortem.risk-unlinked", id, null, JSON.createObjectNode().put("risk", riskId).put("incident", incidentNumber));
            }
        });
    }

    // --- helpers

    /** The risk, which must belong to the pre-mortem. */
    public Risk risk(long id, long riskId) {
        return risks(id).stream().filter(risk -> risk.id() == riskId).findFirst().orElseThrow(() -> new CatalogException(
                CatalogException.Code.NOT_FOUND, "risk", "pre-mortem " + id + " has no risk " + riskId));
    }

    /** Whether {@code actor} runs the pre-mortem: its facilitator, or an admin. */
    public boolean runs(String actor, Premortem premortem) {
        return actor != null && (actor.equals(premortem.facilitator()) || admin(actor));
    }

    private void requireRunner(String actor, Premortem premortem, String what) {
        if (!runs(actor, premortem)) {
            throw new CatalogException(CatalogException.Code.INVALID, "facilitator", "only the facilitator"
                    + (premortem.facilitator() == null ? "" : " (" + premortem.facilitator() + ")") + " or an admin may " + what);
        }
    }

    private static void requireMerging(Premortem premortem, Instant now) {
        if (!premortem.revealed(now)) {
            throw new CatalogException(CatalogException.Code.CONFLICT, "phase", "pre-mortem " + premortem.id()
                    + " is still in writing; risks are merged after the reveal");
        }
        if (premortem.phase() == Phase.CLOSED) {
            throw new CatalogException(CatalogException.Code.CONFLICT, "phase", "pre-mortem " + premortem.id() + " is closed; its counts are final");
        }
    }

    private void ownRiskWhileWriting(String actor, Premortem premortem, long riskId, Instant now) {
        Risk risk = risk(premortem.id(), riskId);
        if (!Objects.equals(risk.author(), actor)) {
            throw new CatalogException(CatalogException.Code.INVALID, "author", "risk " + riskId + " was written by someone else; you can change only your own");
        }
        if (!premortem.writingOpen(now)) {
            throw writingClosed(premortem, now, "phase", "risks can no longer be changed");
        }
    }

    private static CatalogException writingClosed(Premortem premortem, Instant now, String field, String consequence) {
        String why = premortem.phase() == Phase.WRITING
                ? "the time box ended at " + premortem.writingEndsAt().truncatedTo(ChronoUnit.SECONDS)
                : "the risks were revealed" + (premortem.phase() == Phase.CLOSED ? " and it is closed" : "");
        return new CatalogException(CatalogException.Code.CONFLICT, field, "writing is closed for pre-mortem " + premortem.id() + " (" + why + "): "
                + consequence);
    }

    private static long head(Map<Long, Risk> risks, long riskId) {
        List<PremortemRules.Tally> tally = PremortemRules.tally(risks.values().stream().map(Risk::rule).toList());
        for (PremortemRules.Tally group : tally) {
            if (group.risk().id() == riskId || group.merged().stream().anyMatch(risk -> risk.id() == riskId)) {
                return group.risk().id();
            }
        }
        return riskId;
    }

    private Premortem lock(long id, String lock) {
        if (sql.resultQuery("select 1 from premortems where id = ? " + lock, id).fetch().isEmpty()) {
            require(id);
        }
        return require(id);
    }

    private static String riskBody(String body) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            throw new CatalogException(CatalogException.Code.INVALID, "body", "is required: say what went wrong, e.g. \"The payment provider rate-limited us\"");
        }
        if (text.length() > LONGEST_RISK) {
            throw new CatalogException(CatalogException.Code.INVALID, "body", "is " + text.length() + " characters; keep a risk under " + LONGEST_RISK
                    + " and write several if there are several");
        }
        return text;
    }

    private List<Long> participantIds(List<String> usernames) {
        List<Long> ids = new ArrayList<>();
        for (String username : new LinkedHashSet<>(usernames == null ? List.<String>of() : usernames)) {
            if (username == null || username.isBlank()) {
                continue;
            }
            Long user = userId(username.strip());
            if (user == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "participants", "There is no user '" + username.strip() + "'");
            }
            ids.add(user);
        }
        return ids;
    }

    private boolean admin(String username) {
        return "admin".equals(sql.resultQuery("select role from users where username = ?", username).fetchOne(0, String.class));
    }

    private Long userId(String username) {
        return username == null ? null : sql.resultQuery("select id from users where username = ?", username).fetchOne(0, Long.class);
    }

    private static ObjectNode snapshot(Premortem premortem) {
        ObjectNode node = JSON.createObjectNode().put("title", premortem.title()).put("launch", premortem.launch())
                .put("launchDate", premortem.launchDate() == null ? null : premortem.launchDate().toString()).put("facilitator", premortem.facilitator())
                .put("writingEndsAt", premortem.writingEndsAt().toString());
        node.putArray("services").addAll(premortem.services().stream().map(JSON.getNodeFactory()::textNode).toList());
        node.putArray("participants").addAll(premortem.participants().stream().map(JSON.getNodeFactory()::textNode).toList());
        return node;
    }

    private void event(Instant at, String actor, String kind, long id, String before, ObjectNode after) {
        events.append(Event.of(at, actor, kind, "premortem", Long.toString(id), before, after == null ? null : after.toString()));
    }

    private static Premortem row(Record r) {
        return new Premortem(r.get("id", Long.class), r.get("title", String.class), r.get("launch", String.class), r.get("launch_date", LocalDate.class),
                r.get("facilitator_name", String.class), Phase.parse(r.get("phase", String.class)), instant(r, "writing_ends_at"),
                instant(r, "revealed_at"), r.get("created_by", String.class), instant(r, "created_at"), split(r.get("service_slugs", String.class)),
                split(r.get("participant_names", String.class)), r.get("risk_count", Integer.class));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }


}
