package dev.andon.server.incidents;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.andon.incidents.IncidentStatus;
import dev.andon.oncall.ContactType;
import dev.andon.server.paging.Outbox;
import dev.andon.server.paging.channels.Channels;
import dev.andon.server.paging.channels.DeliveryResult;
import dev.andon.server.paging.channels.Message;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mail about incidents, always from db-scheduler tasks and never from a request: the internal
 * updates to the subscribers ("incident-mail", one task per update or reminder, written in the
 * transaction that posts it) and the reminder when no update was posted for the severity's
 * interval ("incident-reminders", every minute, one reminder per overdue period).
 */
@Component
public class IncidentMail {
    static final String REMINDER_TASK = "incident-reminders";
    private static final Logger log = LoggerFactory.getLogger(IncidentMail.class);

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final Incidents incidents;
    private final Channels channels;
    private final Outbox outbox;

    public IncidentMail(DSLContext sql, TransactionTemplate transactions, Incidents incidents, Channels channels, Outbox outbox) {
        this.sql = sql;
        this.transactions = transactions;
        this.incidents = incidents;
        this.channels = channels;
        this.outbox = outbox;
    }

    @Bean
    static OneTimeTask<Void> incidentMailTask(IncidentMail mail) {
        return Tasks.oneTime(Incidents.MAIL_TASK).execute((instance, context) -> mail.deliver(instance.getId()));
    }

    @Bean
    static RecurringTask<Void> incidentRemindersTask(IncidentMail mail, java.time.Clock clock) {
        return Tasks.recurring(REMINDER_TASK, FixedDelay.of(Duration.ofMinutes(1))).execute((instance, context) -> mail.remind(clock.instant()));
    }

    /**
     * Records a reminder on every open incident that has had no update (nor reminder) for its
     * severity's interval, and schedules its mail. Returns the numbers of the incidents reminded.
     */
    public List<Long> remind(Instant now) {
        List<Long> reminded = new ArrayList<>();
        for (Incidents.Incident incident : incidents.list("open", null, null, 1000)) {
            Duration every = incident.severity().updateEvery();
            Boolean due = transactions.execute(status -> {
                // Locked, so two runs (a slow node and its successor) cannot both remind for one period.
                // Resolved since the list was read: nothing to remind of.
                if (sql.resultQuery("select 1 from incidents where id = ? and status <> 'resolved' for no key update", incident.id())
                        .fetch().isEmpty()) {
                    return false;
                }
                OffsetDateTime lastReminder = sql.resultQuery("select max(at) from incident_log where incident_id = ? and kind = 'reminder'",
                        incident.id()).fetchOne(0, OffsetDateTime.class);
                OffsetDateTime lastUpdate = sql.resultQuery("select max(posted_at) from incident_updates where incident_id = ?",
                        incident.id()).fetchOne(0, OffsetDateTime.class);
                Instant since = latest(incident.createdAt(), lastUpdate, lastReminder);
                if (now.isBefore(since.plus(every))) {
                    return false;
                }
                String who = incident.communicator();
                String body = "No update for " + minutes(Duration.between(lastUpdate == null ? incident.createdAt() : lastUpdate.toInstant(), now))
                        + " (" + incident.severity().name() + " expects one every " + minutes(every) + ")"
                        + (who == null ? "; nobody holds communications or command" : ": reminded " + who);
                long logId = sql.resultQuery("""
                        insert into incident_log (incident_id, at, recorded_at, kind, actor, body, detail)
                        values (?, ?::timestamptz, ?::timestamptz, 'reminder', 'andon', ?, null) returning id""",
                        incident.id(), Incidents.utc(now), Incidents.utc(now), body).fetchOne(0, Long.class);
                if (who != null) {
                    incidents.scheduleMail("reminder:" + logId, now);
                }
                return true;
            });
            if (Boolean.TRUE.equals(due)) {
                reminded.add(incident.number());
            }
        }
        return reminded;
    }

    /** Sends one "update:ID" or "reminder:ID"; a delivery problem is logged, not retried (the next update or reminder follows). */
    public void deliver(String instance) {
        int colon = instance.indexOf(':');
        String kind = instance.substring(0, colon);
        long id = Long.parseLong(instance.substring(colon + 1));
        if (kind.equals("update")) {
            Record update = sql.resultQuery("select incident_id, status, body, posted_by from incident_updates where id = ?", id).fetchOne();
            if (update == null) {
                return;
            }
            Incidents.Incident incident = incidentById(update.get("incident_id", Long.class));
            String subject = "[" + incident.reference() + " " + incident.severity().name() + "] "
                    + IncidentStatus.parse(update.get("status", String.class)).text() + ": " + incident.title();
            List<String> details = List.of("Posted by " + update.get("posted_by", String.class), "Customer impact: " + incident.customerImpact());
            sql.resultQuery("""
                    select u.username, u.email from incident_subscribers s join users u on u.id = s.user_id
                    where s.incident_id = ? and u.email is not null and u.email <> '' order by u.username""", incident.id())
                    .forEach(r -> send(r.get(1, String.class), new Message("incident-update-" + id + "-" + r.get(0, String.class), subject,
                            update.get("body", String.class), incident.severity().name(), String.join(", ", incident.services()), url(incident),
                            null, null, details, false)));
        } else if (kind.equals("reminder")) {
            Record entry = sql.resultQuery("select incident_id, body from incident_log where id = ?", id).fetchOne();
            if (entry == null) {
                return;
            }
            Incidents.Incident incident = incidentById(entry.get("incident_id", Long.class));
            String email = incident.communicator() == null ? null
                    : sql.resultQuery("select email from users where username = ?", incident.communicator()).fetchOne(0, String.class);
            if (email != null && !email.isBlank()) {
                send(email, new Message("incident-reminder-" + id, "[" + incident.reference() + "] Time for an update: " + incident.title(),
                        entry.get("body", String.class), incident.severity().name(), String.join(", ", incident.services()), url(incident),
                        null, null, List.of("Post it on " + url(incident) + "#updates"), false));
            }
        }
    }

    private void send(String address, Message message) {
        DeliveryResult result = channels.of(ContactType.EMAIL).send(address, null, message);
        if (!result.delivered()) {
            log.warn("Incident mail {} to {} not delivered: {}", message.idempotencyKey(), address, result.detail());
        }
    }

    private Incidents.Incident incidentById(long id) {
        long number = sql.resultQuery("select number from incidents where id = ?", id).fetchOne(0, Long.class);
        return incidents.require(number);
    }

    private String url(Incidents.Incident incident) {
        return outbox.baseUrl() + "/incidents/" + incident.number();
    }

    private static Instant latest(Instant declared, OffsetDateTime update, OffsetDateTime reminder) {
        Instant latest = declared;
        for (OffsetDateTime time : new OffsetDateTime[] {update, reminder}) {
            if (time != null && time.toInstant().isAfter(latest)) {
                latest = time.toInstant();
            }
        }
        return latest;
    }

    static String minutes(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes >= 120 && minutes % 60 == 0 ? minutes / 60 + " h" : minutes + " min";
    }
}
