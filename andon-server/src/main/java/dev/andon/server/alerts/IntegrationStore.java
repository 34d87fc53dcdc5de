package dev.andon.server.alerts;

import static dev.andon.server.jooq.Tables.INTEGRATIONS;
import static dev.andon.server.jooq.Tables.SERVICES;

import dev.andon.alerts.AlertFields;
import dev.andon.alerts.Integration;
import dev.andon.catalog.CatalogException;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.server.access.ApiTokens;
import dev.andon.server.events.AfterCommit;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Integrations in PostgreSQL, and their keys. A key is 32 random hex characters (128 bits), the
 * shape of a PagerDuty routing key, so clients that check the length accept it; only its SHA-256
 * is stored, and it is shown once, when created or rotated. Looking an integration up by key is
 * on every ingestion call, so it is cached briefly (a rotated or deleted key stops working on
 * other nodes within {@link #CACHE_FOR}).
 */
@Component
public class IntegrationStore {
    static final Duration CACHE_FOR = Duration.ofSeconds(15);
    private static final int MAX_CACHED = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An integration as stored: its definition, its id, and a hint of its key (the last 4 characters). */
    public record Stored(long id, Integration integration, long serviceId, String keyHint, Instant keyCreatedAt) {}

    private record Cached(Stored stored, Instant at) {}

    private final DSLContext sql;
    private final EventLog events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;
    private final Map<String, Cached> byKeyHash = new ConcurrentHashMap<>();

    public IntegrationStore(DSLContext sql, EventLog events, TransactionTemplate transactions, Clock clock, ApplicationEventPublisher publisher) {
        this.sql = sql;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.publisher = publisher;
    }

    @EventListener
    void onChanged(AlertsChanged changed) {
        byKeyHash.clear();
    }

    public List<Stored> all() {
        return select().orderBy(INTEGRATIONS.SLUG).fetch(IntegrationStore::toStored);
    }

    public List<Stored> forService(String service) {
        return select().where(SERVICES.SLUG.eq(service)).orderBy(INTEGRATIONS.SLUG).fetch(IntegrationStore::toStored);
    }

    public Optional<Stored> find(String slug) {
        return select().where(INTEGRATIONS.SLUG.eq(slug)).fetchOptional(IntegrationStore::toStored);
    }

    /** The integration a key belongs to, or empty for an unknown (or rotated) key. */
    public Optional<Stored> byKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 256) {
            return Optional.empty();
        }
        String hash = ApiTokens.hash(key);
        Instant now = clock.instant();
        Cached cached = byKeyHash.get(hash);
        if (cached == null || Duration.between(cached.at(), now).compareTo(CACHE_FOR) > 0) {
            if (byKeyHash.size() >= MAX_CACHED) {
                // Someone is trying many keys: keep the cache bounded rather than remember every guess.
                byKeyHash.clear();
            }
            cached = new Cached(select().where(INTEGRATIONS.KEY_HASH.eq(hash)).fetchOptional(IntegrationStore::toStored).orElse(null), now);
            byKeyHash.put(hash, cached);
        }
        return Optional.ofNullable(cached.stored());
    }

    private org.jooq.SelectOnConditionStep<Record> select() {
        return sql.select(INTEGRATIONS.fields()).select(SERVICES.SLUG.as("service_slug")).from(INTEGRATIONS).join(SERVICES)
                .on(SERVICES.ID.eq(INTEGRATIONS.SERVICE_ID));
    }

    private static Stored toStored(Record row) {
        Integration integration = AlertFields.integration(row.get(INTEGRATIONS.SLUG),
                JSON.readTree(row.get(INTEGRATIONS.SPEC).data()));
        return new Stored(row.get(INTEGRATIONS.ID), integration, row.get(INTEGRATIONS.SERVICE_ID), row.get(INTEGRATIONS.KEY_HINT),
                row.get(INTEGRATIONS.KEY_CREATED_AT) == null ? null : row.get(INTEGRATIONS.KEY_CREATED_AT).toInstant());
    }

    /** What creating an integration gives: the integration, and its key, shown this once. */
    public record Created(Stored stored, String key) {}

    /** Creates (with a new key) or updates by slug, in the caller's transaction; the key is null for an update. */
    public Created save(String actor, Integration integration) {
        Long serviceId = sql.select(SERVICES.ID).from(SERVICES).where(SERVICES.SLUG.eq(integration.service())).fetchOne(SERVICES.ID);
        if (serviceId == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "service", "service '" + integration.service() + "' does not exist");
        }
        Optional<Stored> before = find(integration.slug());
        String spec = AlertFields.json(integration).toString();
        String key = null;
        if (before.isEmpty()) {
            key = newKey();
            sql.insertInto(INTEGRATIONS).set(INTEGRATIONS.SLUG, integration.slug()).set(INTEGRATIONS.NAME, integration.name())
                    .set(INTEGRATIONS.SERVICE_ID, serviceId).set(INTEGRATIONS.TYPE, integration.type().text())
                    .set(INTEGRATIONS.SPEC, JSONB.valueOf(spec)).set(INTEGRATIONS.KEY_HASH, ApiTokens.hash(key))
                    .set(INTEGRATIONS.KEY_HINT, hint(key)).set(INTEGRATIONS.KEY_CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC)).execute();
        } else if (!before.get().integration().equals(integration)) {
            sql.update(INTEGRATIONS).set(INTEGRATIONS.NAME, integration.name()).set(INTEGRATIONS.SERVICE_ID, serviceId)
                    .set(INTEGRATIONS.TYPE, integration.type().text()).set(INTEGRATIONS.SPEC, JSONB.valueOf(spec))
                    .set(INTEGRATIONS.UPDATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .where(INTEGRATIONS.SLUG.eq(integration.slug())).execute();
        }
        if (before.isEmpty() || !before.get().integration().equals(integration)) {
            events.append(Event.of(clock.instant(), actor, before.isEmpty() ? "integration.created" : "integration.updated", "integration",
                    integration.slug(), before.map(stored -> AlertFields.json(stored.integration()).toString()).orElse(null), spec));
            changed();
        }
        return new Created(find(integration.slug()).orElseThrow(), key);
    }

    public Created create(String actor, Integration integration) {
        return transactions.execute(status -> {
            if (find(integration.slug()).isPresent()) {
                throw new CatalogException(CatalogException.Code.CONFLICT, "slug", "integration '" + integration.slug() + "' already exists");
            }
            return save(actor, integration);
        });
    }

    public Stored update(String actor, Integration integration) {
        return transactions.execute(status -> {
            if (find(integration.slug()).isEmpty()) {
                throw notFound(integration.slug());
            }
            return save(actor, integration).stored();
        });
    }

    /** A new key for the integration; the old one stops working at once on this node. */
    public Created rotateKey(String actor, String slug) {
        return transactions.execute(status -> {
            find(slug).orElseThrow(() -> notFound(slug));
            String key = newKey();
            sql.update(INTEGRATIONS).set(INTEGRATIONS.KEY_HASH, ApiTokens.hash(key)).set(INTEGRATIONS.KEY_HINT, hint(key))
                    .set(INTEGRATIONS.KEY_CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC)).where(INTEGRATIONS.SLUG.eq(slug)).execute();
            events.append(Event.of(clock.instant(), actor, "integration.key-rotated", "integration", slug, null, null));
            changed();
            return new Created(find(slug).orElseThrow(), key);
        });
    }

    public void delete(String actor, String slug) {
        transactions.executeWithoutResult(status -> deleteInTransaction(actor, slug));
    }

    public void deleteInTransaction(String actor, String slug) {
        Stored before = find(slug).orElseThrow(() -> notFound(slug));
        // Its open alerts can no longer hear from their source: resolve them, on their timelines, so
        // none is left open forever (or collides with another scope's key).
        java.time.OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        Long[] groups = sql.resultQuery("""
                with resolved as (
                    update alerts set status = 'resolved', resolved_at = ?::timestamptz, resolved_by = ?, auto_resolve_at = null
                    where integration_id = ? and status <> 'resolved'
                    returning id, group_id),
                logged as (
                    insert into alert_log (alert_id, at, kind, actor, detail)
                    select id, ?::timestamptz, 'resolved', ?, '{"reason": "its integration was deleted"}'::jsonb from resolved)
                select distinct group_id from resolved where group_id is not null""", now, actor, before.id(), now, actor)
                .fetch(0, Long.class).toArray(Long[]::new);
        if (groups.length > 0) {
            sql.execute("select andon_refresh_groups(?::bigint[], ?::timestamptz)", groups, now);
        }
        sql.deleteFrom(INTEGRATIONS).where(INTEGRATIONS.SLUG.eq(slug)).execute();
        events.append(Event.of(clock.instant(), actor, "integration.deleted", "integration", slug,
                AlertFields.json(before.integration()).toString(), null));
        changed();
    }

    /** Tells the listeners once the transaction commits, so they load what was committed. */
    private void changed() {
        AfterCommit.publish(publisher, new AlertsChanged("integration"));
    }

    static String newKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String hint(String key) {
        return key.substring(key.length() - 4);
    }

    static CatalogException notFound(String slug) {
        return new CatalogException(CatalogException.Code.NOT_FOUND, "slug", "integration '" + slug + "' does not exist");
    }
}
