package dev.andon.server.postmortems;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.andon.oncall.ContactType;
import dev.andon.postmortems.ActionItemRules;
import dev.andon.server.paging.Outbox;
import dev.andon.server.paging.channels.Channels;
import dev.andon.server.paging.channels.DeliveryResult;
import dev.andon.server.paging.channels.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reminders of the learning loop, always sent from db-scheduler tasks: the sweep
 * ("postmortem-reminders", every minute) records which reminders are due (an overdue postmortem's
 * owner once a day; an action item's owner before, on and after its due date, see
 * {@link ActionItemRules#reminderDue}) in the same transaction as their "postmortem-mail" task, so
 * each reminder is sent once even with several nodes, and a crash between deciding and sending
 * loses nothing.
 */
@Component
public class LearningMail {
    static final String SWEEP_TASK = "postmortem-reminders";
    private static final Logger log = LoggerFactory.getLogger(LearningMail.class);

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final Postmortems postmortems;
    private final ActionItems actionItems;
    private final Channels channels;
    private final Outbox outbox;

    public LearningMail(DSLContext sql, TransactionTemplate transactions, Postmortems postmortems, ActionItems actionItems, Channels channels,
                        Outbox outbox) {
        this.sql = sql;
        this.transactions = transactions;
        this.postmortems = postmortems;
        this.actionItems = actionItems;
        this.channels = channels;
        this.outbox = outbox;
    }

    @Bean
    static OneTimeTask<Void> postmortemMailTask(LearningMail mail) {
        return Tasks.oneTime(Postmortems.MAIL_TASK).execute((instance, context) -> mail.deliver(instance.getId()));
    }

    @Bean
    static RecurringTask<Void> postmortemRemindersTask(LearningMail mail, Clock clock) {
        return Tasks.recurring(SWEEP_TASK, FixedDelay.of(Duration.ofMinutes(1))).execute((instance, context) -> mail.sweep(clock.instant()));
    }

    /** Records and schedules every reminder due at {@code now}; returns them as "overdue:ID" and "action-item:ID:REMINDER". */
    public List<String> sweep(Instant now) {
        List<String> scheduled = new ArrayList<>();
        postmortems.remindOverdue(now).forEach(id -> scheduled.add("overdue:" + id));
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (ActionItems.ActionItem item : actionItems.dueBy(today.plusDays(ActionItemRules.REMIND_DAYS_BEFORE))) {
            Optional<String> reminder = ActionItemRules.reminderDue(item.status(), item.dueDate(), today);
            if (reminder.isEmpty() || item.owner() == null) {
                continue;
            }
            Boolean recorded = transactions.execute(status -> {
                // The primary key makes each (item, reminder) once; the task is written in the same transaction.
                int inserted = sql.execute("""
                        insert into action_item_reminders (action_item_id, reminder, sent_at) values (?, ?, ?::timestamptz) on conflict do nothing""",
                        item.id(), reminder.get(), now.atOffset(ZoneOffset.UTC));
                if (inserted > 0) {
                    postmortems.scheduleMail("action-item:" + item.id() + ":" + reminder.get(), now);
                }
                return inserted > 0;
            });
            if (Boolean.TRUE.equals(recorded)) {
                scheduled.add("action-item:" + item.id() + ":" + reminder.get());
            }
        }
        return scheduled;
    }

    /** Sends one reminder; a delivery problem is logged (the next reminder follows). */
    public void deliver(String instance) {
        String[] parts = instance.split(":", 3);
        long id = Long.parseLong(parts[1]);
        if (parts[0].equals("overdue")) {
            Optional<Postmortems.Postmortem> found = postmortems.find(id);
            if (found.isEmpty() || found.get().owner() == null || !found.get().status().editable()) {
                return;
            }
            Postmortems.Postmortem postmortem = found.get();
            String url = outbox.baseUrl() + "/postmortems/" + id;
            send(postmortem.owner(), new Message("postmortem-overdue-" + instance.replace(':', '-'),
                    "[" + postmortem.incidentReference() + "] Postmortem overdue: " + postmortem.title(),
                    "The postmortem of " + postmortem.incidentReference() + " was due " + Postmortems.UTC_TEXT.format(postmortem.dueAt())
                            + " and is still " + postmortem.status().text().toLowerCase() + ".",
                    postmortem.severity() == null ? "" : postmortem.severity().name(), String.join(", ", postmortem.services()), url, null, null,
                    List.of("Finish it on " + url), false));
        } else if (parts[0].equals("action-item")) {
            Optional<ActionItems.ActionItem> found = actionItems.find(id);
            if (found.isEmpty() || found.get().owner() == null || found.get().status().closed()) {
                return;
            }
            ActionItems.ActionItem item = found.get();
            String reminder = parts[2];
            String when = switch (reminder) {
                case "before" -> "is due on " + item.dueDate();
                case "due" -> "is due today (" + item.dueDate() + ")";
                default -> "was due on " + item.dueDate() + " and is overdue";
            };
            String url = outbox.baseUrl() + "/action-items?owner=" + item.owner();
            List<String> details = new ArrayList<>();
            details.add("Status: " + item.status().text() + ", priority " + item.priority().key() + ", type " + item.type().key());
            if (item.postmortemId() != null) {
                details.add("From the postmortem " + outbox.baseUrl() + "/postmortems/" + item.postmortemId());
            }
            if (item.trackerUrl() != null) {
                details.add("Tracker: " + item.trackerUrl());
            }
            details.add("Mark it done or in progress on " + url);
            send(item.owner(), new Message("action-item-" + id + "-" + item.dueDate() + "-" + reminder, "[" + item.reference() + "] Action item " + when + ": " + item.title(),
                    item.title() + (item.description().isBlank() ? "" : "\n\n" + item.description()), item.priority().key(), item.team(), url,
                    null, null, details, false));
        }
    }

    private void send(String username, Message message) {
        String email = sql.resultQuery("select email from users where username = ?", username).fetchOne(0, String.class);
        if (email == null || email.isBlank()) {
            log.warn("Reminder {} not sent: {} has no email address", message.idempotencyKey(), username);
            return;
        }
        DeliveryResult result = channels.of(ContactType.EMAIL).send(email, null, message);
        if (!result.delivered()) {
            log.warn("Reminder {} to {} not delivered: {}", message.idempotencyKey(), username, result.detail());
        }
    }
}
