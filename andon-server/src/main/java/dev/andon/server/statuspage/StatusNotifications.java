package dev.andon.server.statuspage;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.andon.oncall.ContactType;
import dev.andon.server.paging.channels.Channels;
import dev.andon.server.paging.channels.DeliveryResult;
import dev.andon.server.paging.channels.Message;
import dev.andon.server.paging.channels.WebhookChannel;
import dev.andon.server.statuspage.StatusSubscribers.Subscriber;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Delivers queued subscriber messages, one db-scheduler task per message, never on a request thread:
 * emails through Andon's email channel, webhooks as a signed JSON POST. A passing failure is retried
 * with growing delays up to {@code andon.status.subscriptions.max-attempts}; a message to someone who
 * unsubscribed meanwhile is dropped with its subscriber.
 *
 * <p>Webhook body: {@code {"page":{...},"incident":{...}|"maintenance":{...},"update":{...}}} with headers
 * {@code Idempotency-Key}, {@code X-Andon-Timestamp} and, when the webhook has a secret, {@code
 * X-Andon-Signature: v1=HEX}, the same scheme as paging webhooks ({@link WebhookChannel#signature}).
 */
@Component
public class StatusNotifications {
    static final String TASK = "status-subscriber-notify";
    private static final Logger log = LoggerFactory.getLogger(StatusNotifications.class);

    private final DSLContext sql;
    private final StatusSubscribers subscribers;
    private final Channels channels;
    private final StatusProperties properties;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            // A redirect would resend the payload and its signature to a host nobody configured.
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public StatusNotifications(DSLContext sql, StatusSubscribers subscribers, Channels channels, StatusProperties properties, Clock clock) {
        this.sql = sql;
        this.subscribers = subscribers;
        this.channels = channels;
        this.properties = properties;
        this.clock = clock;
    }

    @Bean
    static OneTimeTask<Void> statusSubscriberNotifyTask(StatusNotifications notifications, StatusProperties properties) {
        return Tasks.oneTime(TASK).onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(properties.subscriptions().retryDelay(), 2.0))
                .execute((instance, context) -> notifications.deliver(Long.parseLong(instance.getId())));
    }

    /** Thrown so db-scheduler tries the message again later. */
    static final class RetryLater extends RuntimeException {
        RetryLater(String message) {
            super(message, null, false, false);
        }
    }

    /** Sends one queued message; throws {@link RetryLater} when a passing failure is worth another attempt. */
    void deliver(long id) {
        Record row = sql.resultQuery("""
                select n.id, n.subscriber_id, n.kind, n.payload::text as payload, n.attempts, n.delivered_at, n.failed_at
                from status_notifications n where n.id = ?""", id).fetchOne();
        if (row == null || row.get("delivered_at") != null || row.get("failed_at") != null) {
            return;
        }
        Subscriber subscriber = subscribers.find("s.id = ?", row.get("subscriber_id", Long.class)).orElse(null);
        String kind = row.get("kind", String.class);
        if (subscriber == null || (!kind.equals("confirm") && subscriber.confirmedAt() == null)) {
            return;
        }
        JsonNode payload = StatusJson.JSON.readTree(row.get("payload", String.class));
        DeliveryResult result;
        try {
            result = subscriber.kind().equals("email") ? email(id, subscriber, kind, payload) : webhook(id, subscriber, payload);
        } catch (RuntimeException e) {
            result = DeliveryResult.retry(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        int attempts = row.get("attempts", Integer.class) + 1;
        if (result.delivered()) {
            sql.execute("update status_notifications set attempts = ?, delivered_at = ?::timestamptz, last_error = null where id = ?",
                    attempts, StatusPageStore.at(clock.instant()), id);
            return;
        }
        boolean giveUp = !result.retryable() || attempts >= properties.subscriptions().maxAttempts();
        sql.execute("update status_notifications set attempts = ?, last_error = ?, failed_at = ?::timestamptz where id = ?",
                attempts, result.detail(), giveUp ? StatusPageStore.at(clock.instant()) : null, id);
        if (giveUp) {
            log.warn("Status page notification {} to subscriber {} given up after {} attempts: {}", id, subscriber.id(), attempts, result.detail());
            return;
        }
        throw new RetryLater("status page notification " + id + " not delivered (attempt " + attempts + "): " + result.detail());
    }

    private DeliveryResult email(long id, Subscriber subscriber, String kind, JsonNode payload) {
        return channels.of(ContactType.EMAIL).send(subscriber.address(), null, emailMessage(id, subscriber, kind, payload));
    }

    /** The email of one message: a confirmation link, or the update; every one ends with the one-click unsubscribe link. */
    Message emailMessage(long id, Subscriber subscriber, String kind, JsonNode payload) {
        JsonNode page = payload.path("page");
        String pageName = page.path("name").asString();
        String unsubscribe = subscribers.link(subscriber, "unsubscribe");
        List<String> details = new ArrayList<>();
        String subject;
        String summary;
        String severity;
        if (kind.equals("confirm")) {
            subject = "Confirm your subscription to " + pageName + " status";
            summary = "Someone (hopefully you) asked to receive " + pageName + " status updates at this address. To confirm, open:\n"
                    + payload.path("confirm_url").asString() + "\n\nIf it was not you, ignore this email: nothing will be sent without confirmation.";
            severity = "info";
            details.add("Confirm: " + payload.path("confirm_url").asString());
        } else {
            JsonNode about = kind.equals("incident") ? payload.path("incident") : payload.path("maintenance");
            JsonNode update = payload.path("update");
            String status = StatusFeeds.label(update.path("status").asString("update"));
            subject = "[" + pageName + "] " + about.path("name").asString() + " - " + status;
            summary = update.path("body").asString();
            severity = kind.equals("incident") ? about.path("impact").asString("none") : "maintenance";
            if (kind.equals("maintenance")) {
                details.add("Scheduled from " + about.path("scheduled_for").asString() + " until " + about.path("scheduled_until").asString());
            }
            details.add("Details: " + about.path("shortlink").asString());
        }
        details.add("Unsubscribe with one click: " + unsubscribe);
        details.add("List-Unsubscribe: <" + unsubscribe + ">");
        return new Message("status-notification-" + id, subject, summary, severity, pageName, page.path("url").asString(), null, null, details, false);
    }

    private DeliveryResult webhook(long id, Subscriber subscriber, JsonNode payload) {
        URI uri = StatusSubscribers.webAddress(subscriber.address());
        if (uri == null) {
            return DeliveryResult.fail("The webhook address is not an http(s) URL");
        }
        String body = StatusJson.JSON.writeValueAsString(payload);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("User-Agent", "Andon").header("Idempotency-Key", "status-notification-" + id)
                .header("X-Andon-Timestamp", Long.toString(timestamp)).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        String secret = subscribers.box().decrypt(subscriber.secret());
        if (secret != null && !secret.isEmpty()) {
            request.header("X-Andon-Signature", "v1=" + WebhookChannel.signature(secret, timestamp, body));
        }
        String host = uri.getHost();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return DeliveryResult.ok("HTTP " + status + " from " + host);
            }
            String detail = "HTTP " + status + " from " + host;
            return status == 408 || status == 429 || status >= 500 ? DeliveryResult.retry(detail) : DeliveryResult.fail(detail);
        } catch (IOException e) {
            // The host only: a webhook URL may carry a credential in its path.
            return DeliveryResult.retry("network error (" + e.getClass().getSimpleName() + ") sending to " + host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retry("interrupted while sending to " + host);
        }
    }
}
