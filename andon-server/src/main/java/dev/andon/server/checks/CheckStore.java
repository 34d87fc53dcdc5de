package dev.andon.server.checks;

import static dev.andon.server.jooq.Tables.CHECKS;
import static dev.andon.server.jooq.Tables.CHECK_LOCATIONS;
import static dev.andon.server.jooq.Tables.SERVICES;

import dev.andon.checks.Check;
import dev.andon.checks.CheckStatus;
import dev.andon.checks.DownRule;
import dev.andon.checks.Thresholds;
import dev.andon.probe.ProbeResult;
import dev.andon.probe.ProbeScheduler;
import dev.andon.probe.ProbeSpecs;
import dev.andon.server.jooq.tables.records.ChecksRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.springframework.stereotype.Repository;

/** Check definitions and their current verdicts in PostgreSQL. */
@Repository
public class CheckStore {
    private final DSLContext sql;

    public CheckStore(DSLContext sql) {
        this.sql = sql;
    }

    /** A check as stored: its definition, its id, and its verdict over all locations. */
    public record StoredCheck(long id, Check check, CheckStatus status, Instant statusSince, String statusMessage, String statusPhase) {}

    /** The state and latest result of a check at one location. */
    public record LocationRow(String location, CheckStatus status, Instant statusSince, Instant lastResultAt, ProbeResult lastResult) {}

    public List<StoredCheck> all() {
        return select().orderBy(CHECKS.SLUG).fetch(CheckStore::toStored);
    }

    public List<StoredCheck> forService(String service) {
        return select().where(SERVICES.SLUG.eq(service)).orderBy(CHECKS.SLUG).fetch(CheckStore::toStored);
    }

    public Optional<StoredCheck> find(String slug) {
        return select().where(CHECKS.SLUG.eq(slug)).fetchOptional(CheckStore::toStored);
    }

    private org.jooq.SelectOnConditionStep<Record> select() {
        return sql.select(CHECKS.fields()).select(SERVICES.SLUG.as("service_slug")).from(CHECKS).join(SERVICES).on(SERVICES.ID.eq(CHECKS.SERVICE_ID));
    }

    /** Creates or updates by slug; a changed definition keeps the check's verdict and history. */
    public long save(Check check, long serviceId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ChecksRecord values = sql.newRecord(CHECKS);
        values.setSlug(check.slug());
        values.setName(check.name());
        values.setServiceId(serviceId);
        values.setType(check.type());
        values.setSpec(JSONB.valueOf(ProbeSpecs.toJsonString(check.probe())));
        values.setIntervalMs(check.interval().toMillis());
        values.setTimeoutMs(check.timeout().toMillis());
        values.setRetries(check.retries());
        values.setFailuresToDown(check.thresholds().failuresToDown());
        values.setSuccessesToUp(check.thresholds().successesToUp());
        values.setLocations(check.locations().toArray(String[]::new));
        values.setDownWhen(check.downWhen().toString());
        values.setPaused(check.paused());
        values.setUpdatedAt(now);
        long id = sql.insertInto(CHECKS).set(values)
                .onConflict(CHECKS.SLUG).doUpdate().set(values)
                .returning(CHECKS.ID).fetchOne(CHECKS.ID);
        // Locations no longer in the list stop counting towards the verdict.
        sql.deleteFrom(CHECK_LOCATIONS).where(CHECK_LOCATIONS.CHECK_ID.eq(id)).and(CHECK_LOCATIONS.LOCATION.notIn(check.locations())).execute();
        int changed;
        if (check.paused()) {
            changed = sql.update(CHECKS).set(CHECKS.STATUS, "paused").set(CHECKS.STATUS_SINCE, now).set(CHECKS.STATUS_MESSAGE, "paused")
                    .where(CHECKS.ID.eq(id)).and(CHECKS.STATUS.ne("paused")).execute();
        } else {
            changed = sql.update(CHECKS).set(CHECKS.STATUS, "pending").set(CHECKS.STATUS_SINCE, now).set(CHECKS.STATUS_MESSAGE, "waiting for the first result")
                    .where(CHECKS.ID.eq(id)).and(CHECKS.STATUS.eq("paused")).execute();
        }
        if (changed > 0) {
            // Paused or resumed: the state from before says nothing about now (a fixed outage must
            // not be "down" again after maintenance on its first failure).
            sql.deleteFrom(CHECK_LOCATIONS).where(CHECK_LOCATIONS.CHECK_ID.eq(id)).execute();
        }
        return id;
    }

    public boolean delete(String slug) {
        return sql.deleteFrom(CHECKS).where(CHECKS.SLUG.eq(slug)).execute() > 0;
    }

    public List<LocationRow> locations(long checkId) {
        return sql.selectFrom(CHECK_LOCATIONS).where(CHECK_LOCATIONS.CHECK_ID.eq(checkId)).orderBy(CHECK_LOCATIONS.LOCATION)
                .fetch(row -> new LocationRow(row.getLocation(), status(row.getStatus()), row.getStatusSince().toInstant(),
                        row.getLastResultAt() == null ? null : row.getLastResultAt().toInstant(),
                        row.getLastResult() == null ? null : ResultJson.read(row.getLastResult().data())));
    }

    /** What a location must run: every check that is not paused and names the location. */
    public List<ProbeScheduler.Assignment> assignmentsFor(String location) {
        List<ProbeScheduler.Assignment> assignments = new java.util.ArrayList<>();
        for (ChecksRecord row : sql.selectFrom(CHECKS).where(CHECKS.PAUSED.isFalse())
                .and(org.jooq.impl.DSL.val(location).eq(org.jooq.impl.DSL.any(CHECKS.LOCATIONS))).fetch()) {
            try {
                assignments.add(new ProbeScheduler.Assignment(row.getId(), row.getSlug(), ProbeSpecs.fromJson(row.getType(), row.getSpec().data()),
                        Duration.ofMillis(row.getIntervalMs()), Duration.ofMillis(row.getTimeoutMs()), row.getRetries()));
            } catch (RuntimeException e) {
                // One definition this version cannot read must not stop every other check.
                org.slf4j.LoggerFactory.getLogger(CheckStore.class).warn("check {} cannot run: {}", row.getSlug(), e.getMessage());
            }
        }
        return assignments;
    }

    static CheckStatus status(String text) {
        return CheckStatus.valueOf(text.toUpperCase(Locale.ROOT));
    }

    static String text(CheckStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static StoredCheck toStored(Record row) {
        ChecksRecord check = row.into(CHECKS);
        Check definition = new Check(check.getSlug(), check.getName(), row.get("service_slug", String.class),
                ProbeSpecs.fromJson(check.getType(), check.getSpec().data()), Duration.ofMillis(check.getIntervalMs()),
                Duration.ofMillis(check.getTimeoutMs()), check.getRetries(), new Thresholds(check.getFailuresToDown(), check.getSuccessesToUp()),
                Arrays.asList(check.getLocations()), DownRule.parse(check.getDownWhen()), check.getPaused());
        return new StoredCheck(check.getId(), definition, status(check.getStatus()), check.getStatusSince().toInstant(),
                check.getStatusMessage(), check.getStatusPhase());
    }
}
