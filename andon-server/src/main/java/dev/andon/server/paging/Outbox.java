package dev.andon.server.paging;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.andon.catalog.CatalogException;
import dev.andon.catalog.CatalogRepository;
import dev.andon.catalog.User;
import dev.andon.oncall.ContactMethod;
import dev.andon.oncall.ContactType;
import dev.andon.oncall.NotificationRule;
import dev.andon.server.access.SecretBox;
import dev.andon.server.paging.channels.Channels;
import dev.andon.server.paging.channels.DeliveryResult;
import dev.andon.server.paging.channels.Message;
import dev.andon.server.paging.channels.NotifyProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The notification outbox. Deciding to notify writes a row (in the transaction that decided it) and
 * a db-scheduler task due when the notification rule says; the task sends it through its channel
 * outside any transaction, records every attempt and its result on the group's timeline, and is
 * retried with exponential backoff (10 s, 20 s, 40 s, ...) up to {@code andon.paging.max-attempts}.
 * The row's idempotency key travels with every attempt (Idempotency-Key, I-Twilio-Idempotency-Token,
 * Message-ID), so a receiver can drop the duplicate a crash between sending and recording causes. A
 * page whose group was acknowledged, resolved or suppressed meanwhile is cancelled, not sent.
 */
@Component
public class Outbox {
    public static final String TASK = "notification";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final CatalogRepository catalog;
    private final SecretBox secrets;
    private final Channels channels;
    private final ActionLinks links;
    private final PagingProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Environment environment;
    private final NotifyProperties notify;

    public Outbox(DSLContext sql, TransactionTemplate transactions, CatalogRepository catalog, SecretBox secrets, Channels channels,
                  ActionLinks links, PagingProperties properties, Clock clock, MeterRegistry meters, Environment environment,
                  NotifyProperties notify) {
        this.notify = notify;
        this.sql = sql;
        this.transactions = transactions;
        this.catalog = catalog;
        this.secrets = secrets;
        this.channels = channels;
        this.links = links;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.environment = environment;
    }

    @Bean
    static OneTimeTask<Void> notificationTask(Outbox outbox) {
        return Tasks.oneTime(TASK).onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(10), 2.0))
                .execute((instance, context) -> outbox.deliver(Long.parseLong(instance.getId())));
    }

    /** The address links in notifications start with: andon.paging.base-url, or this server's own port on localhost. */
    public String baseUrl() {
        String configured = properties.baseUrl();
        return configured != null && !configured.isBlank() ? configured.replaceAll("/+$", "")
                : "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    }

    /**
     * Writes the notifications that page the user for a group, one per notification rule (none set:
     * every contact method at once, or their account's email). Returns how many; zero means the user
     * cannot be reached. In the caller's transaction; a step that runs again adds none (the keys exist).
     */
    public int page(String username, long groupId, long escalationId, int step, Instant now) {
        return page(username, groupId, escalationId, step, now, "page");
    }

    /** {@link #page} with the notifications' kind: "page" from an escalation, "reassign" to whom a page was handed. */
    int page(String username, long groupId, long escalationId, int step, Instant now, String kind) {
        User user = catalog.user(username).orElse(null);
        if (user == null) {
            return 0;
        }
        Long userId = sql.resultQuery("select id from users where username = ?", username).fetchOne(0, Long.class);
        int created = 0;
        for (Planned planned : plan(user, notify)) {
            String key = kind + "-" + escalationId + "-" + step + "-" + userId + "-" + planned.method().name() + "-" + planned.after().toSeconds();
            Long id = insert(key, groupId, escalationId, userId, kind, planned.method(), now.plus(planned.after()));
            if (id != null) {
                created++;
            } else if (sql.fetchExists(sql.selectOne().from("notifications").where("idempotency_key = ?", key))) {
                created++;
            }
        }
        return created;
    }

    /** Sends a test message to one of the user's contact methods (or their email) now; returns the notification id. */
    public long test(String username, String contactMethod, String actor) {
        return transactions.execute(status -> {
            User user = catalog.user(username).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "username",
                    "user '" + username + "' does not exist"));
            ContactMethod method = methods(user).stream().filter(candidate -> candidate.name().equals(contactMethod)).findFirst()
                    .orElseThrow(() -> new CatalogException(CatalogException.Code.INVALID, "contactMethod", "'" + contactMethod
                            + "' is not one of " + username + "'s contact methods"));
            Long userId = sql.resultQuery("select id from users where username = ?", username).fetchOne(0, Long.class);
            return insert("test-" + java.util.UUID.randomUUID(), null, null, userId, "test", method, clock.instant());
        });
    }

    /** Whether the escalation has paged anyone at all. */
    public boolean anyPaged(long escalationId) {
        return sql.fetchExists(sql.selectOne().from("notifications").where("escalation_id = ? and kind = 'page'", escalationId));
    }

    private record Planned(ContactMethod method, Duration after) {}

    private static List<Planned> plan(User user, NotifyProperties notify) {
        // SMS and voice without a Twilio account would fail every time: such a method cannot reach anyone.
        List<ContactMethod> methods = methods(user).stream()
                .filter(method -> !(method.type() == ContactType.SMS || method.type() == ContactType.VOICE) || notify.twilio().configured())
                .toList();
        List<Planned> planned = new ArrayList<>();
        if (user.notificationRules().isEmpty()) {
            methods.forEach(method -> planned.add(new Planned(method, Duration.ZERO)));
        } else {
            for (NotificationRule rule : user.notificationRules()) {
                methods.stream().filter(method -> method.name().equals(rule.contactMethod())).findFirst()
                        .ifPresent(method -> planned.add(new Planned(method, rule.after())));
            }
        }
        return planned;
    }

    /** The user's contact methods; with none, the email of their account, so a new user is reachable from day one. */
    static List<ContactMethod> methods(User user) {
        if (!user.contactMethods().isEmpty() || user.email() == null || user.email().isBlank()) {
            return user.contactMethods();
        }
        return List.of(new ContactMethod("email", ContactType.EMAIL, user.email(), null));
    }

    private Long insert(String key, Long groupId, Long escalationId, Long userId, String kind, ContactMethod method, Instant due) {
        OffsetDateTime dueAt = due.atOffset(ZoneOffset.UTC);
        String address = method.type().addressIsSecret() ? secrets.encrypt(method.address()) : method.address();
        Long id = sql.resultQuery("""
                insert into notifications (idempotency_key, group_id, escalation_id, user_id, kind, channel, contact_method, address, secret,
                                           due_at, status, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, 'pending', ?::timestamptz)
                on conflict (idempotency_key) do nothing
                returning id""", key, groupId, escalationId, userId, kind, method.type().text(), method.name(), address,
                secrets.encrypt(method.secret()), dueAt, clock.instant().atOffset(ZoneOffset.UTC)).fetchOne(0, Long.class);
        if (id != null) {
            sql.execute("""
                    insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
                    values (?, ?, ?::timestamptz, false, 1, 0) on conflict do nothing""", TASK, id.toString(), dueAt);
        }
        return id;
    }

    // --- delivery

    /** A retryable failure: db-scheduler tries the notification again after the backoff. */
    static final class RetryLater extends RuntimeException {
        RetryLater(String detail) {
            super(detail, null, false, false);
        }
    }

    /** Sends one notification (the task's body). */
    public void deliver(long id) {
        Prepared prepared = transactions.execute(status -> prepare(id));
        if (prepared == null) {
            return;
        }
        DeliveryResult result;
        try {
            result = channels.of(prepared.type()).send(prepared.address(), prepared.secret(), prepared.message());
        } catch (RuntimeException unexpected) {
            result = DeliveryResult.retry("failed: " + unexpected.getClass().getSimpleName());
        }
        meters.counter("andon_notifications_total", "channel", prepared.type().text(),
                "result", result.delivered() ? "sent" : result.retryable() ? "retry" : "failed").increment();
        DeliveryResult outcome = result;
        boolean retry = Boolean.TRUE.equals(transactions.execute(status -> record(id, prepared, outcome)));
        if (retry) {
            throw new RetryLater("notification " + id + " attempt " + prepared.attempt() + ": " + outcome.detail());
        }
    }

    private record Prepared(ContactType type, String address, String secret, Message message, int attempt, Long groupId, String username,
                            String method, String kind) {}

    private Prepared prepare(long id) {
        String baseUrl = baseUrl();
        Record row = sql.resultQuery("""
                select n.*, u.username, g.status as group_status, g.page_state, g.title, g.severity, s.slug as service_slug,
                       s.name as service_name, (select min(a.id) from alerts a where a.group_id = g.id) as first_alert,
                       (select count(*)::int from alerts a where a.group_id = g.id) as alert_count,
                       (select link ->> 'url' from jsonb_array_elements(s.links) link where link ->> 'type' = 'runbook' limit 1) as runbook
                from notifications n
                left join users u on u.id = n.user_id
                left join alert_groups g on g.id = n.group_id
                left join services s on s.id = g.service_id
                where n.id = ? for update of n""", id).fetchOne();
        if (row == null || !"pending".equals(row.get("status", String.class))) {
            return null;
        }
        String kind = row.get("kind", String.class);
        Long groupId = row.get("group_id", Long.class);
        Instant now = clock.instant();
        String groupStatus = row.get("group_status", String.class);
        boolean stale = switch (kind) {
            case "page" -> !("triggered".equals(groupStatus) && "pending".equals(row.get("page_state", String.class)));
            // A page handed over while acknowledged still reaches its new owner; only an acknowledgement after the handover, or resolve, ends it.
            case "reassign" -> "resolved".equals(groupStatus) || sql.fetchExists(sql.selectOne().from("alerts")
                    .where("group_id = ? and acknowledged_at > ?::timestamptz", groupId, row.get("created_at", OffsetDateTime.class)));
            default -> false;
        };
        if (stale) {
            String why = "resolved".equals(groupStatus) ? "resolved" : "acknowledged".equals(groupStatus) ? "acknowledged" : "suppressed";
            sql.execute("update notifications set status = 'cancelled', last_result = ? where id = ?", "cancelled: " + why, id);
            return null;
        }
        int attempt = row.get("attempts", Integer.class) + 1;
        // Counted before sending: a crash mid-send still uses up an attempt, so a poison message cannot loop forever.
        sql.execute("update notifications set attempts = ? where id = ?", attempt, id);
        ContactType type = ContactType.parse(row.get("channel", String.class));
        String username = row.get("username", String.class);
        Message message;
        String key = row.get("idempotency_key", String.class);
        if ("test".equals(kind)) {
            message = new Message(key, "Andon test notification", "This is a test from Andon: " + username + " can be reached by "
                    + row.get("contact_method", String.class) + ".", "info", "", baseUrl + "/profile", null, null,
                    List.of("Sent at " + now + " (UTC)"), true);
        } else {
            String severity = row.get("severity", String.class);
            String title = row.get("title", String.class);
            Long firstAlert = row.get("first_alert", Long.class);
            Instant expires = now.plus(properties.linkValidity());
            String acknowledge = baseUrl + "/a/" + links.token(groupId, "acknowledge", username, expires);
            String resolve = baseUrl + "/a/" + links.token(groupId, "resolve", username, expires);
            List<String> details = new ArrayList<>();
            String serviceSlug = row.get("service_slug", String.class);
            details.add("Service: " + row.get("service_name", String.class) + " (" + serviceSlug + ")");
            int count = row.get("alert_count", Integer.class);
            if (count > 1) {
                details.add(count + " alerts in this page");
            }
            String runbook = row.get("runbook", String.class);
            if (runbook != null) {
                details.add("Runbook: " + runbook);
            }
            details.add("Links work once and expire at " + expires + " (UTC)");
            message = new Message(key, "[" + severity.toUpperCase(Locale.ROOT) + "] " + title, title, severity,
                    row.get("service_name", String.class), baseUrl + (firstAlert == null ? "/alerts" : "/alerts/" + firstAlert),
                    acknowledge, resolve, details, false);
        }
        String address;
        String secret;
        try {
            address = secrets.decrypt(row.get("address", String.class));
            secret = secrets.decrypt(row.get("secret", String.class));
        } catch (IllegalStateException wrongKey) {
            // Another key than the one that stored it (a node without the cluster's andon.secret-key): say so, do not loop.
            Prepared unusable = new Prepared(type, null, null, message, attempt, groupId, username, row.get("contact_method", String.class),
                    kind);
            record(id, unusable, DeliveryResult.fail("cannot decrypt the stored address: this node's andon.secret-key is not the one that "
                    + "stored it"));
            return null;
        }
        return new Prepared(type, address, secret, message, attempt, groupId, username, row.get("contact_method", String.class), kind);
    }

    /**
     * When the escalation's every page failed for good (a dead webhook, a refused address) and none
     * is still to come, the next tier is paged now instead of after the tier's wait: nobody heard it.
     */
    private void escalateIfNobodyLeft(long id, Instant now) {
        sql.execute("""
                update scheduled_tasks t set execution_time = ?::timestamptz
                from notifications n join escalations e on e.id = n.escalation_id and e.state = 'active'
                where n.id = ? and t.task_name = 'escalation-step' and t.task_instance = e.id || ':' || e.step and not t.picked
                  and not exists (select 1 from notifications other
                                  where other.escalation_id = e.id and other.kind = 'page' and other.status in ('pending', 'sent'))""",
                now.atOffset(ZoneOffset.UTC), id);
    }

    /** Records the attempt; true when it should be tried again. */
    private boolean record(long id, Prepared prepared, DeliveryResult result) {
        Instant now = clock.instant();
        boolean retry = !result.delivered() && result.retryable() && prepared.attempt() < properties.maxAttempts();
        String status = result.delivered() ? "sent" : retry ? "pending" : "failed";
        sql.execute("update notifications set status = ?, last_result = ?, sent_at = ?::timestamptz where id = ?", status, result.detail(),
                result.delivered() ? now.atOffset(ZoneOffset.UTC) : null, id);
        if ("failed".equals(status) && "page".equals(prepared.kind())) {
            escalateIfNobodyLeft(id, now);
        }
        if (prepared.groupId() != null) {
            ObjectNode detail = JSON.createObjectNode().put("user", prepared.username()).put("channel", prepared.type().text())
                    .put("contactMethod", prepared.method()).put("attempt", prepared.attempt()).put("result", result.detail());
            if (retry) {
                detail.put("retryIn", Duration.ofSeconds(10L << Math.min(prepared.attempt() - 1, 10)).toSeconds() + "s");
            }
            sql.execute("insert into paging_log (group_id, at, kind, actor, detail) values (?, ?::timestamptz, ?, 'andon', ?::jsonb)", prepared.groupId(),
                    now.atOffset(ZoneOffset.UTC), result.delivered() ? "notified" : retry ? "notify-retry" : "notify-failed", detail.toString());
        }
        return retry;
    }
}
