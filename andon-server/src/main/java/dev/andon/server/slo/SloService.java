package dev.andon.server.slo;

import dev.andon.catalog.CatalogException;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.slo.ArrayBuckets;
import dev.andon.slo.BudgetPolicy;
import dev.andon.slo.Indicator;
import dev.andon.slo.InvalidSloException;
import dev.andon.slo.OpenSlo;
import dev.andon.slo.Slo;
import dev.andon.slo.SloFields;
import dev.andon.slo.SloMath;
import dev.andon.slo.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * SLOs as users change them: define (checked against the catalog: the service, the check, the
 * data source), push counts, exclude time, and read where each stands. Every change is one
 * transaction with its event (object type "slo").
 */
@Component
public class SloService {
    /** How far back pushed counts may go: older minutes are history, not retries. */
    static final Duration PUSH_HORIZON = Duration.ofDays(7);
    /** The most minutes one push may carry. */
    static final int PUSH_LIMIT = 1440;

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final SloStore store;
    private final EventLog events;
    private final Clock clock;
    private final dev.andon.server.alerts.AlertIntake intake;

    public SloService(DSLContext sql, TransactionTemplate transactions, SloStore store, EventLog events, Clock clock,
                      dev.andon.server.alerts.AlertIntake intake) {
        this.intake = intake;
        this.sql = sql;
        this.transactions = transactions;
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    public List<SloStore.Stored> all() {
        return store.all();
    }

    public SloStore.Stored require(String slug) {
        return store.find(slug).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "slug",
                "There is no SLO '" + slug + "'; see /api/v1/slos for the list."));
    }

    /** Creates or replaces the SLO {@code json} defines; returns it and whether it was created. */
    public record Saved(SloStore.Stored stored, boolean created) {}

    public Saved save(String actor, JsonNode json) {
        Slo slo = read(json);
        Instant now = clock.instant();
        return transactions.execute(status -> {
            long serviceId = serviceId(slo.service());
            checkSource(slo.indicator());
            Optional<SloStore.Stored> existing = store.find(slo.slug());
            if (existing.isPresent()) {
                SloStore.Stored before = existing.get();
                if (SloFields.write(before.slo()).equals(SloFields.write(slo))) {
                    return new Saved(before, false);
                }
                store.update(before.id(), slo, serviceId, now, !before.slo().indicator().equals(slo.indicator()));
                event(now, actor, "slo.updated", slo.slug(), SloFields.write(before.slo()).toString(), SloFields.write(slo).toString());
                return new Saved(store.find(before.id()).orElseThrow(), false);
            }
            long id = store.insert(slo, serviceId, now.truncatedTo(ChronoUnit.MINUTES));
            event(now, actor, "slo.created", slo.slug(), null, SloFields.write(slo).toString());
            return new Saved(store.find(id).orElseThrow(), true);
        });
    }

    public void delete(String actor, String slug) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            SloStore.Stored stored = require(slug);
            // Its firing alerts resolve with it: nothing would ever resolve them afterwards.
            List<dev.andon.server.alerts.Intake> resolved = sql.resultQuery("select alert from slo_alert_states where slo_id = ? and firing", stored.id())
                    .fetch(0, String.class).stream().map(kind -> SloEngine.resolve(stored, kind, now)).toList();
            intake.apply(resolved);
            store.delete(stored.id());
            event(now, actor, "slo.deleted", slug, SloFields.write(stored.slo()).toString(), null);
        });
    }

    /** What an OpenSLO import did (or, on a dry run, would do) to each SLO and data source. */
    public record Imported(boolean applied, Map<String, String> slos, List<String> dataSources, List<OpenSlo.Problem> notes) {}

    /** Problems that refuse a whole OpenSLO file: nothing of it is applied. */
    public static class ImportRefused extends RuntimeException {
        private final List<OpenSlo.Problem> problems;

        public ImportRefused(List<OpenSlo.Problem> problems) {
            super(problems.size() + " problem(s); nothing was applied: " + problems.getFirst());
            this.problems = List.copyOf(problems);
        }

        public List<OpenSlo.Problem> problems() {
            return problems;
        }
    }

    /**
     * Imports OpenSLO v1 YAML: every SLO and data source in it, in one transaction, or nothing
     * when any document has a problem or names a service or data source Andon does not have.
     */
    public Imported importOpenSlo(String actor, String fileName, String yaml, boolean dryRun) {
        OpenSlo.Result result = OpenSlo.read(fileName, yaml);
        List<OpenSlo.Problem> problems = new ArrayList<>(result.problems());
        if (problems.isEmpty()) {
            for (Slo slo : result.slos()) {
                if (sql.resultQuery("select 1 from services where slug = ?", slo.service()).fetch().isEmpty()) {
                    problems.add(new OpenSlo.Problem(fileName, 0, 0, "SLO " + slo.slug() + " spec.service", "There is no service '" + slo.service()
                            + "' in the catalog; create it first (andon apply) or fix the name"));
                }
                if (slo.indicator().source() == Indicator.Source.PROMETHEUS && store.dataSource(slo.indicator().dataSource()).isEmpty()
                        && result.dataSources().stream().noneMatch(source -> source.name().equals(slo.indicator().dataSource()))) {
                    problems.add(new OpenSlo.Problem(fileName, 0, 0, "SLO " + slo.slug() + " metricSourceRef", "There is no data source '"
                            + slo.indicator().dataSource() + "' in the file or in Andon"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ImportRefused(problems);
        }
        Map<String, String> actions = new java.util.LinkedHashMap<>();
        if (dryRun) {
            for (Slo slo : result.slos()) {
                actions.put(slo.slug(), store.find(slo.slug()).map(stored -> SloFields.write(stored.slo()).equals(SloFields.write(slo)) ? "unchanged" : "updated")
                        .orElse("created"));
            }
            return new Imported(false, actions, result.dataSources().stream().map(OpenSlo.DataSource::name).toList(), result.notes());
        }
        transactions.executeWithoutResult(status -> {
            for (OpenSlo.DataSource source : result.dataSources()) {
                store.putDataSource(source.name(), source.url());
            }
            for (Slo slo : result.slos()) {
                String action = store.find(slo.slug()).map(stored -> SloFields.write(stored.slo()).equals(SloFields.write(slo)) ? "unchanged" : "updated")
                        .orElse("created");
                save(actor, SloFields.write(slo));
                actions.put(slo.slug(), action);
            }
        });
        return new Imported(true, actions, result.dataSources().stream().map(OpenSlo.DataSource::name).toList(), result.notes());
    }

    /** Every SLO (of one service, when given) as OpenSLO v1 YAML, with the data sources they read. */
    public String exportOpenSlo(String service) {
        List<Slo> chosen = store.all().stream().map(SloStore.Stored::slo).filter(slo -> service == null || service.isBlank() || slo.service().equals(service))
                .toList();
        java.util.Set<String> used = new java.util.HashSet<>();
        chosen.forEach(slo -> {
            if (slo.indicator().dataSource() != null) {
                used.add(slo.indicator().dataSource());
            }
        });
        List<OpenSlo.DataSource> sources = store.dataSources().stream().filter(source -> used.contains(source.slug()))
                .map(source -> OpenSlo.DataSource.prometheus(source.slug(), SlosApi.redacted(source.url()))).toList();
        return OpenSlo.write(chosen, sources);
    }

    /** One minute of counts as a service pushes it. */
    public record Push(Instant minute, long good, long total) {}

    /**
     * Stores pushed counts with replace semantics per minute: posting a minute again (a retry)
     * leaves the same counts, never double. Only push SLOs take counts, for past minutes up to
     * {@link #PUSH_HORIZON} back.
     */
    public int push(String slug, List<Push> minutes) {
        SloStore.Stored stored = require(slug);
        if (stored.slo().indicator().source() != Indicator.Source.PUSH) {
            throw new CatalogException(CatalogException.Code.CONFLICT, "indicator.source", "'" + slug + "' reads its counts from "
                    + stored.slo().indicator().source().key() + "; only SLOs with source push take counts");
        }
        if (minutes.isEmpty()) {
            throw new CatalogException(CatalogException.Code.INVALID, "counts", "is empty: send at least one {minute, good, total}");
        }
        if (minutes.size() > PUSH_LIMIT) {
            throw new CatalogException(CatalogException.Code.INVALID, "counts", "has " + minutes.size() + " minutes; send at most " + PUSH_LIMIT + " per request");
        }
        Instant now = clock.instant();
        List<SloStore.Minute> rows = new ArrayList<>();
        for (int i = 0; i < minutes.size(); i++) {
            Push push = minutes.get(i);
            String at = "counts[" + i + "]";
            if (push.minute() == null) {
                throw new CatalogException(CatalogException.Code.INVALID, at + ".minute", "is required: the minute's start, e.g. 2026-11-21T10:15:00Z");
            }
            if (!push.minute().truncatedTo(ChronoUnit.MINUTES).equals(push.minute())) {
                throw new CatalogException(CatalogException.Code.INVALID, at + ".minute", push.minute() + " is not the start of a minute (seconds must be 00)");
            }
            if (push.minute().isAfter(now)) {
                throw new CatalogException(CatalogException.Code.INVALID, at + ".minute", push.minute() + " is in the future");
            }
            if (push.minute().isBefore(now.minus(PUSH_HORIZON))) {
                throw new CatalogException(CatalogException.Code.INVALID, at + ".minute", push.minute() + " is more than 7 days ago");
            }
            if (push.good() < 0 || push.total() < 0 || push.good() > push.total()) {
                throw new CatalogException(CatalogException.Code.INVALID, at, "needs 0 <= good <= total, got good=" + push.good() + " total=" + push.total());
            }
            rows.add(new SloStore.Minute(stored.id(), push.minute(), push.good(), push.total()));
        }
        // A rewrite of a minute the evaluator has already added to its running sums makes them recompute.
        // With a margin: a push whose clock said "fresh" may commit just after the evaluator settled its minute.
        Instant settled = now.truncatedTo(ChronoUnit.MINUTES).minus(RunningSums.TAIL).plus(Duration.ofMinutes(2));
        boolean late = rows.stream().anyMatch(row -> row.minute().isBefore(settled));
        transactions.executeWithoutResult(status -> {
            store.putMinutes(rows);
            if (late) {
                store.countsChanged(stored.id(), now);
            }
        });
        return rows.size();
    }

    /** Excludes [from, to) from the SLO's budget, with a reason; audited. */
    public SloStore.Exclusion exclude(String actor, String slug, Instant from, Instant to, String reason, Long incidentNumber) {
        if (from == null || to == null || !to.isAfter(from)) {
            throw new CatalogException(CatalogException.Code.INVALID, "to", "the excluded span needs a start before its end");
        }
        if (reason == null || reason.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, "reason", "is required: why this time should not count, e.g. the provider's outage");
        }
        Instant now = clock.instant();
        return transactions.execute(status -> {
            SloStore.Stored stored = require(slug);
            Long incidentId = null;
            if (incidentNumber != null) {
                incidentId = sql.resultQuery("select id from incidents where number = ?", incidentNumber).fetchOne(0, Long.class);
                if (incidentId == null) {
                    throw new CatalogException(CatalogException.Code.INVALID, "incident", "There is no incident INC-" + incidentNumber);
                }
            }
            long id = store.addExclusion(stored.id(), from, to, reason.strip(), incidentId, actor, now);
            event(now, actor, "slo.excluded", slug, null, SloStore.JSON.createObjectNode().put("from", from.toString()).put("to", to.toString())
                    .put("reason", reason.strip()).put("incident", incidentNumber).toString());
            return store.exclusions(stored.id()).stream().filter(e -> e.id() == id).findFirst().orElseThrow();
        });
    }

    public void removeExclusion(String actor, String slug, long id) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            SloStore.Stored stored = require(slug);
            if (store.deleteExclusion(stored.id(), id) == 0) {
                throw new CatalogException(CatalogException.Code.NOT_FOUND, "id", "'" + slug + "' has no exclusion " + id);
            }
            event(now, actor, "slo.exclusion-removed", slug, null, SloStore.JSON.createObjectNode().put("exclusion", id).toString());
        });
    }

    /** Everything the pages and the API show about one SLO now. */
    public record View(SloStore.Stored stored, SloMath.Status status, List<SloMath.AlertState> alerts, boolean noDataAlert, BudgetPolicy.State state,
                       List<SloStore.Exclusion> exclusions, ArrayBuckets buckets, List<TimeWindow.Period> excluded) {}

    public View view(SloStore.Stored stored, BudgetPolicy policy) {
        return view(stored, policy, clock.instant());
    }

    public View view(SloStore.Stored stored, BudgetPolicy policy, Instant now) {
        Slo slo = stored.slo();
        TimeWindow.Period period = slo.window().periodAt(now);
        Instant from = period.start();
        for (var alert : slo.alerts()) {
            Instant alertFrom = now.truncatedTo(ChronoUnit.MINUTES).minus(alert.longWindow());
            if (alertFrom.isBefore(from)) {
                from = alertFrom;
            }
        }
        ArrayBuckets buckets = store.buckets(stored, from, now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
        List<SloStore.Exclusion> exclusions = store.exclusions(stored.id());
        List<TimeWindow.Period> excluded = exclusions.stream().map(SloStore.Exclusion::period).toList();
        SloMath.Status status = SloMath.status(slo, buckets, excluded, now);
        return new View(stored, status, SloMath.alerts(slo, buckets, excluded, now), SloMath.noDataAlert(slo, buckets, now),
                policy.state(status.remaining()), exclusions, buckets, excluded);
    }

    /** The budget an incident consumed on each SLO of its services, as fractions. */
    public record IncidentCost(String slo, String name, double consumed) {}

    public List<IncidentCost> incidentCost(long incidentId, Instant startedAt, Instant resolvedAt) {
        Instant now = clock.instant();
        Instant end = resolvedAt == null ? now : resolvedAt;
        List<IncidentCost> costs = new ArrayList<>();
        List<Long> services = sql.resultQuery("select service_id from incident_services where incident_id = ?", incidentId).fetch(0, Long.class);
        for (long serviceId : services) {
            for (SloStore.Stored stored : store.ofService(serviceId)) {
                Slo slo = stored.slo();
                TimeWindow.Period period = slo.window().periodAt(end.isAfter(now) ? now : end);
                Instant from = period.start().isBefore(startedAt) ? period.start() : startedAt;
                ArrayBuckets buckets = store.buckets(stored, from, (end.isAfter(now) ? now : period.end().isAfter(now) ? now : period.end()).plus(Duration.ofMinutes(1)));
                List<TimeWindow.Period> excluded = store.exclusions(stored.id()).stream().map(SloStore.Exclusion::period).toList();
                costs.add(new IncidentCost(slo.slug(), slo.name(), SloMath.consumed(slo, buckets, excluded, startedAt, end, now)));
            }
        }
        return costs;
    }

    // --- helpers

    static Slo read(JsonNode json) {
        try {
            return SloFields.read(json);
        } catch (InvalidSloException e) {
            throw new CatalogException(CatalogException.Code.INVALID, e.field(), e.getMessage());
        }
    }

    long serviceId(String slug) {
        Long id = sql.resultQuery("select id from services where slug = ?", slug).fetchOne(0, Long.class);
        if (id == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "service", "There is no service '" + slug + "'");
        }
        return id;
    }

    private void checkSource(Indicator indicator) {
        if (indicator.source() == Indicator.Source.CHECK
                && sql.resultQuery("select 1 from checks where slug = ?", indicator.check()).fetch().isEmpty()) {
            throw new CatalogException(CatalogException.Code.INVALID, "indicator.check", "There is no check '" + indicator.check() + "'");
        }
        if (indicator.source() == Indicator.Source.PROMETHEUS && store.dataSource(indicator.dataSource()).isEmpty()) {
            throw new CatalogException(CatalogException.Code.INVALID, "indicator.dataSource", "There is no data source '" + indicator.dataSource()
                    + "'; create it with POST /api/v1/slo-data-sources");
        }
    }

    private void event(Instant at, String actor, String kind, String slug, String before, String after) {
        events.append(Event.of(at, actor, kind, "slo", slug, before, after));
    }
}
