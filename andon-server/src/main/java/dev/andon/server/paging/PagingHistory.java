package dev.andon.server.paging;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

/**
 * The read side of paging for the pages: the notifications a person was sent (so they can see
 * whether a test reached them) and where the escalation of an alert group stands.
 */
@Component
public class PagingHistory {
    private final DSLContext sql;

    public PagingHistory(DSLContext sql) {
        this.sql = sql;
    }

    /**
     * One notification as the outbox recorded it; {@code alertId} is the first alert of its group
     * (null for a test). The address is left out: it may be a credential.
     */
    public record Notification(long id, Instant createdAt, String kind, String channel, String contactMethod, String status, int attempts,
                               String lastResult, Instant sentAt, Long alertId) {
        public boolean pending() {
            return "pending".equals(status);
        }
    }

    /** The escalation an alert group is in or last was in; {@code policy} is null when none applied. */
    public record Escalation(String state, String policy, int step, Instant startedAt, Instant nextStepAt, Instant endedAt, String endedBy,
                             String assignedTo) {
        public boolean active() {
            return "active".equals(state);
        }
    }

    /** The user's latest notifications, newest first. */
    public List<Notification> notificationsOf(String username, int limit) {
        return sql.resultQuery("""
                select n.id, n.created_at, n.kind, n.channel, n.contact_method, n.status, n.attempts, n.last_result, n.sent_at,
                       (select min(a.id) from alerts a where a.group_id = n.group_id) as alert_id
                from notifications n join users u on u.id = n.user_id
                where u.username = ?
                order by n.created_at desc, n.id desc
                limit ?""", username, limit).fetch(PagingHistory::notification);
    }

    public Optional<Escalation> latestEscalation(long groupId) {
        return sql.resultQuery("""
                select e.state, p.slug as policy, e.step, e.started_at, e.next_step_at, e.ended_at, e.ended_by, u.username as assigned_to
                from escalations e left join escalation_policies p on p.id = e.policy_id left join users u on u.id = e.assigned_to
                where e.group_id = ?
                order by e.id desc
                limit 1""", groupId).fetchOptional(row -> new Escalation(row.get("state", String.class), row.get("policy", String.class),
                row.get("step", Integer.class), instant(row, "started_at"), instant(row, "next_step_at"), instant(row, "ended_at"),
                row.get("ended_by", String.class), row.get("assigned_to", String.class)));
    }

    private static Notification notification(Record row) {
        return new Notification(row.get("id", Long.class), instant(row, "created_at"), row.get("kind", String.class),
                row.get("channel", String.class), row.get("contact_method", String.class), row.get("status", String.class),
                row.get("attempts", Integer.class), row.get("last_result", String.class), instant(row, "sent_at"), row.get("alert_id", Long.class));
    }

    private static Instant instant(Record row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
