package dev.andon.server.statuspage;

import dev.andon.catalog.CatalogException;
import dev.andon.server.access.SecretBox;
import dev.andon.server.statuspage.StatusPageStore.Maintenance;
import dev.andon.server.statuspage.StatusPageStore.MaintenanceUpdate;
import dev.andon.server.statuspage.StatusPageStore.Page;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * A status page's subscribers: email addresses that confirmed by a signed link (double opt-in) and
 * webhooks an admin added; and the queue of messages to them, one row per subscriber and event, each
 * delivered by {@link StatusNotifications} from a db-scheduler task. Queueing happens in the caller's
 * transaction, so nothing is sent for a change that rolled back.
 */
@Component
public class StatusSubscribers {
    /** Loose on purpose: the confirmation email is the real check. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\",;]{1,64}@[^@\\s<>\",;]+\\.[^@\\s<>\",;]{2,}$");

    private final DSLContext sql;
    private final SecretBox box;
    private final Clock clock;
    private final Environment environment;

    public StatusSubscribers(DSLContext sql, SecretBox box, Clock clock, Environment environment) {
        this.sql = sql;
        this.box = box;
        this.clock = clock;
        this.environment = environment;
    }

    public record Subscriber(long id, long pageId, String pageSlug, String kind, String address, String secret, Instant confirmedAt, Instant createdAt) {}

    // --- email

    /**
     * Records an unconfirmed email subscriber (or finds the existing one) and queues its confirmation email,
     * at most one per address and hour. A confirmed address gets nothing, so the answer cannot differ.
     */
    public void subscribeEmail(Page page, String email) {
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (address.length() > 254 || !EMAIL.matcher(address).matches()) {
            return;
        }
        Instant now = clock.instant();
        sql.execute("""
                insert into status_subscribers (page_id, kind, address, created_at) values (?, 'email', ?, ?::timestamptz)
                on conflict (page_id, kind, address) do nothing""", page.id(), address, StatusPageStore.at(now));
        Subscriber subscriber = find("s.page_id = ? and s.kind = 'email' and s.address = ?", page.id(), address).orElseThrow();
        if (subscriber.confirmedAt() != null) {
            return;
        }
        ObjectNode payload = StatusJson.JSON.createObjectNode();
        payload.putObject("page").put("id", page.slug()).put("name", page.title()).put("url", pageUrl(page));
        payload.put("confirm_url", link(subscriber, "confirm"));
        String hour = now.truncatedTo(ChronoUnit.HOURS).toString();
        queue(List.of(subscriber.id()), "confirm:" + hour, "confirm", payload, now);
    }

    /** Confirms the subscriber the token names; empty when the token is not a valid confirm link of this page. */
    public Optional<Subscriber> confirm(String slug, String token) {
        Optional<Subscriber> subscriber = verify(slug, token, "confirm");
        subscriber.filter(found -> found.confirmedAt() == null).ifPresent(found -> sql.execute(
                "update status_subscribers set confirmed_at = ?::timestamptz where id = ?", StatusPageStore.at(clock.instant()), found.id()));
        return subscriber;
    }

    /** Removes the subscriber the token names (its queued messages go with it); empty when the token is not valid. */
    public Optional<Subscriber> unsubscribe(String slug, String token) {
        Optional<Subscriber> subscriber = verify(slug, token, "unsubscribe");
        subscriber.ifPresent(found -> sql.execute("delete from status_subscribers where id = ?", found.id()));
        return subscriber;
    }

    /** {@code server/status/slug/confirm|unsubscribe/ID.SIGNATURE}, the signature binding the action, the subscriber and its address. */
    String link(Subscriber subscriber, String action) {
        return serverUrl() + "/status/" + subscriber.pageSlug() + "/" + action + "/" + subscriber.id() + "." + box.sign(signed(subscriber, action));
    }

    private static String signed(Subscriber subscriber, String action) {
        return "status-subscriber:" + action + ":" + subscriber.id() + ":" + subscriber.address();
    }

    private Optional<Subscriber> verify(String slug, String token, String action) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        long id;
        try {
            id = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String signature = token.substring(dot + 1);
        return find("s.id = ? and s.kind = 'email'", id).filter(found -> found.pageSlug().equals(slug))
                .filter(found -> box.verify(signed(found, action), signature));
    }

    // --- webhooks

    public Subscriber addWebhook(String slug, String url, String secret, StatusPageStore store) {
        Page page = store.require(slug);
        URI uri = webAddress(url);
        if (uri == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "url", "url must be an http(s) address, e.g. https://example.com/andon-status");
        }
        if (find("s.page_id = ? and s.kind = 'webhook' and s.address = ?", page.id(), uri.toString()).isPresent()) {
            throw new CatalogException(CatalogException.Code.CONFLICT, "url", "this webhook is already subscribed to '" + slug + "'");
        }
        Instant now = clock.instant();
        Long id = sql.resultQuery("""
                insert into status_subscribers (page_id, kind, address, secret, confirmed_at, created_at)
                values (?, 'webhook', ?, ?, ?::timestamptz, ?::timestamptz) returning id""",
                page.id(), uri.toString(), secret == null || secret.isEmpty() ? null : box.encrypt(secret), StatusPageStore.at(now),
                StatusPageStore.at(now)).fetchOne(0, Long.class);
        return find("s.id = ?", id).orElseThrow();
    }

    public List<Subscriber> webhooks(long pageId) {
        return sql.resultQuery(SELECT + " where s.page_id = ? and s.kind = 'webhook' order by s.id", pageId).fetch(StatusSubscribers::subscriber);
    }

    public void deleteWebhook(long pageId, long id) {
        if (sql.execute("delete from status_subscribers where id = ? and page_id = ? and kind = 'webhook'", id, pageId) == 0) {
            throw new CatalogException(CatalogException.Code.NOT_FOUND, "id", "webhook " + id + " is not subscribed to this status page");
        }
    }

    static URI webAddress(String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(address.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null ? uri : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    // --- events

    /** Queues an incident's public update to every confirmed subscriber of the page; the same update is queued once. */
    void queueIncidentUpdate(Page page, long incidentId, String title, String impact, long updateId, String status, String body, Instant postedAt) {
        ObjectNode payload = event(page);
        payload.putObject("incident").put("id", "inc-" + incidentId).put("name", title).put("status", status).put("impact", impact)
                .put("shortlink", pageUrl(page) + "#inc-" + incidentId);
        payload.putObject("update").put("id", Long.toString(updateId)).put("status", status).put("body", body).put("created_at", postedAt.toString());
        queueToConfirmed(page, "incident-update:" + updateId, "incident", payload);
    }

    /** Queues a maintenance notice (its announcement or its latest update) to every confirmed subscriber of the page. */
    void queueMaintenance(Page page, Maintenance maintenance, boolean announced) {
        MaintenanceUpdate latest = maintenance.updates().isEmpty() ? null : maintenance.updates().getFirst();
        ObjectNode payload = event(page);
        payload.putObject("maintenance").put("id", "mnt-" + maintenance.id()).put("name", maintenance.title()).put("status", maintenance.status().text())
                .put("scheduled_for", maintenance.scheduledFor().toString()).put("scheduled_until", maintenance.scheduledUntil().toString())
                .put("shortlink", pageUrl(page) + "#mnt-" + maintenance.id());
        ObjectNode update = payload.putObject("update");
        if (latest != null) {
            update.put("id", Long.toString(latest.id())).put("status", latest.status().text()).put("body", latest.body())
                    .put("created_at", latest.postedAt().toString());
        } else {
            update.put("id", (String) null).put("status", maintenance.status().text()).put("body", maintenance.body())
                    .put("created_at", maintenance.createdAt().toString());
        }
        String key = announced || latest == null ? "maintenance:" + maintenance.id() : "maintenance-update:" + latest.id();
        queueToConfirmed(page, key, "maintenance", payload);
    }

    private ObjectNode event(Page page) {
        ObjectNode payload = StatusJson.JSON.createObjectNode();
        payload.putObject("page").put("id", page.slug()).put("name", page.title()).put("url", pageUrl(page));
        return payload;
    }

    private void queueToConfirmed(Page page, String eventKey, String kind, ObjectNode payload) {
        List<Long> subscribers = sql.resultQuery("select id from status_subscribers where page_id = ? and confirmed_at is not null", page.id())
                .fetch(0, Long.class);
        queue(subscribers, eventKey, kind, payload, clock.instant());
    }

    /** One notification per subscriber (an existing one for the same event stays as it is), each with its delivery task due now. */
    private void queue(List<Long> subscribers, String eventKey, String kind, ObjectNode payload, Instant now) {
        if (subscribers.isEmpty()) {
            return;
        }
        sql.execute("""
                with queued as (
                    insert into status_notifications (subscriber_id, event_key, kind, payload, created_at)
                    select subscriber, ?, ?, ?::jsonb, ?::timestamptz from unnest(?::bigint[]) as subscriber
                    on conflict (subscriber_id, event_key) do nothing returning id)
                insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
                select ?, id::text, ?::timestamptz, false, 1, 0 from queued on conflict do nothing""",
                eventKey, kind, StatusJson.JSON.writeValueAsString(payload), StatusPageStore.at(now), subscribers.toArray(Long[]::new),
                StatusNotifications.TASK, StatusPageStore.at(now));
    }

    // --- rows

    private static final String SELECT = """
            select s.id, s.page_id, p.slug as page_slug, s.kind, s.address, s.secret, s.confirmed_at, s.created_at
            from status_subscribers s join status_pages p on p.id = s.page_id""";

    Optional<Subscriber> find(String condition, Object... binds) {
        return sql.resultQuery(SELECT + " where " + condition, binds).fetchOptional(StatusSubscribers::subscriber);
    }

    private static Subscriber subscriber(Record row) {
        return new Subscriber(row.get("id", Long.class), row.get("page_id", Long.class), row.get("page_slug", String.class), row.get("kind", String.class),
                row.get("address", String.class), row.get("secret", String.class), StatusPageStore.instant(row, "confirmed_at"),
                StatusPageStore.instant(row, "created_at"));
    }

    /** The page's own address where it is published, else its address on this server. */
    String pageUrl(Page page) {
        String configured = page.publicUrl();
        return configured == null || configured.isBlank() ? serverUrl() + "/status/" + page.slug() : configured.replaceAll("/+$", "");
    }

    /** The address people reach Andon at: andon.paging.base-url, or this server's own port on localhost. */
    String serverUrl() {
        String configured = environment.getProperty("andon.paging.base-url");
        return configured != null && !configured.isBlank() ? configured.strip().replaceAll("/+$", "")
                : "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    }

    /** True when andon.paging.base-url is set, so a published copy of the page can point its subscribe form at this server. */
    boolean serverUrlConfigured() {
        String configured = environment.getProperty("andon.paging.base-url");
        return configured != null && !configured.isBlank();
    }

    SecretBox box() {
        return box;
    }
}
