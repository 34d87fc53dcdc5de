package dev.andon.server.checks;

import static dev.andon.server.jooq.Tables.SERVICES;

import dev.andon.catalog.CatalogException;
import dev.andon.checks.Check;
import dev.andon.checks.CheckFields;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.server.events.AfterCommit;
import java.time.Clock;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates, changes and deletes checks: validated, stored and recorded in the event log in one transaction. */
@Component
public class CheckService {
    private final CheckStore store;
    private final DSLContext sql;
    private final EventLog events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;

    public CheckService(CheckStore store, DSLContext sql, EventLog events, TransactionTemplate transactions, Clock clock,
                        ApplicationEventPublisher publisher) {
        this.store = store;
        this.sql = sql;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.publisher = publisher;
    }

    public CheckStore store() {
        return store;
    }

    public CheckStore.StoredCheck create(String actor, Check check) {
        return transactions.execute(status -> {
            if (store.find(check.slug()).isPresent()) {
                throw new CatalogException(CatalogException.Code.CONFLICT, "slug", "check '" + check.slug() + "' already exists");
            }
            return save(actor, check);
        });
    }

    public CheckStore.StoredCheck update(String actor, Check check) {
        return transactions.execute(status -> {
            if (store.find(check.slug()).isEmpty()) {
                throw notFound(check.slug());
            }
            return save(actor, check);
        });
    }

    /** Creates or updates in the caller's transaction (apply uses this for a whole plan). */
    public CheckStore.StoredCheck save(String actor, Check check) {
        check.validate();
        Optional<CheckStore.StoredCheck> before = store.find(check.slug());
        Long serviceId = sql.select(SERVICES.ID).from(SERVICES).where(SERVICES.SLUG.eq(check.service())).fetchOne(SERVICES.ID);
        if (serviceId == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "service", "service '" + check.service() + "' does not exist");
        }
        store.save(check, serviceId);
        CheckStore.StoredCheck after = store.find(check.slug()).orElseThrow();
        if (before.isEmpty() || !before.get().check().equals(check)) {
            events.append(Event.of(clock.instant(), actor, before.isEmpty() ? "check.created" : "check.updated", "check", check.slug(),
                    before.map(stored -> CheckFields.redacted(CheckFields.json(stored.check())).toString()).orElse(null),
                    CheckFields.redacted(CheckFields.json(check)).toString()));
        }
        changed(check.slug());
        return after;
    }

    public void delete(String actor, String slug) {
        transactions.executeWithoutResult(status -> deleteInTransaction(actor, slug));
    }

    public void deleteInTransaction(String actor, String slug) {
        CheckStore.StoredCheck before = store.find(slug).orElseThrow(() -> notFound(slug));
        store.delete(slug);
        events.append(Event.of(clock.instant(), actor, "check.deleted", "check", slug, CheckFields.redacted(CheckFields.json(before.check())).toString(), null));
        changed(slug);
    }

    public CheckStore.StoredCheck setPaused(String actor, String slug, boolean paused) {
        return transactions.execute(status -> {
            Check check = store.find(slug).orElseThrow(() -> notFound(slug)).check();
            return save(actor, new Check(check.slug(), check.name(), check.service(), check.probe(), check.interval(), check.timeout(),
                    check.retries(), check.thresholds(), check.locations(), check.downWhen(), paused));
        });
    }

    /** Tells the listeners once the transaction commits, so they load what was committed. */
    private void changed(String slug) {
        AfterCommit.publish(publisher, new ChecksChanged(slug));
    }

    static CatalogException notFound(String slug) {
        return new CatalogException(CatalogException.Code.NOT_FOUND, "slug", "check '" + slug + "' does not exist");
    }
}
