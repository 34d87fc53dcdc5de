package dev.andon.server.slo;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.andon.alerts.AlertAction;
import dev.andon.alerts.AlertEvent;
import dev.andon.alerts.AlertLink;
import dev.andon.alerts.Severity;
import dev.andon.checks.LatencyHistogram;
import dev.andon.oncall.ContactType;
import dev.andon.server.alerts.AlertIntake;
import dev.andon.server.alerts.Intake;
import dev.andon.server.paging.Outbox;
import dev.andon.server.paging.channels.Channels;
import dev.andon.server.paging.channels.Message;
import dev.andon.slo.BudgetPolicy;
import dev.andon.slo.Indicator;
import dev.andon.slo.Slo;
import dev.andon.slo.SloMath;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every minute ("slo-evaluate", one node at a time): reads the minutes check SLIs produced from
 * the checks' roll-ups, then evaluates every SLO. A burn alert or the no-data alert that changes
 * enters the alert pipeline (origin "slo", one alert per SLO and severity, resolved when the burn
 * stops); a budget state that changes is recorded and, when the service's policy says notify,
 * mailed to the owning team.
 */
@Component
public class SloEngine {
    static final String TASK = "slo-evaluate";
    /** Check results may arrive a little late (agents upload in batches): the last minutes are read again each run. */
    static final Duration REREAD = Duration.ofMinutes(3);
    /** The first read of a check SLO goes back this far. */
    static final Duration BACKFILL = Duration.ofDays(1);
    private static final Logger log = LoggerFactory.getLogger(SloEngine.class);

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final SloStore store;
    private final SloService slos;
    private final BudgetPolicies policies;
    private final AlertIntake intake;
    private final Channels channels;
    private final Outbox outbox;
    private final Clock clock;
    private final org.springframework.beans.factory.ObjectProvider<SliSource> sources;
    private final RunningSums running;

    public SloEngine(DSLContext sql, TransactionTemplate transactions, SloStore store, SloService slos, BudgetPolicies policies, AlertIntake intake,
                     Channels channels, Outbox outbox, Clock clock,
                     org.springframework.beans.factory.ObjectProvider<SliSource> sources, RunningSums running) {
        this.running = running;
        this.sql = sql;
        this.transactions = transactions;
        this.store = store;
        this.slos = slos;
        this.policies = policies;
        this.intake = intake;
        this.channels = channels;
        this.outbox = outbox;
        this.clock = clock;
        this.sources = sources;
    }

    /** Where minutes of an SLI come from besides checks and pushes: Prometheus. */
    public interface SliSource {
        Indicator.Source source();

        /** The counts of each minute in [from, to) that has data. */
        List<SloStore.Minute> read(SloStore.Stored stored, Instant from, Instant to);
    }

    @Bean
    static RecurringTask<Void> sloEvaluateTask(SloEngine engine) {
        return Tasks.recurring(TASK, FixedDelay.of(Duration.ofMinutes(1))).execute((instance, context) -> engine.run());
    }

    /** Collects and evaluates at the clock's now; returns what changed (for tests and logs). */
    public List<String> run() {
        Instant now = clock.instant();
        collect(now);
        return evaluate(now);
    }

    // --- collecting

    public void collect(Instant now) {
        Instant until = now.truncatedTo(ChronoUnit.MINUTES);
        for (SloStore.Stored stored : store.all()) {
            Indicator indicator = stored.slo().indicator();
            if (indicator.source() == Indicator.Source.PUSH) {
                continue;
            }
            Instant from = stored.collectedUntil() == null ? later(stored.collectingSince().minus(BACKFILL), until.minus(BACKFILL))
                    : stored.collectedUntil().minus(REREAD);
            if (!from.isBefore(until)) {
                continue;
            }
            try {
                List<SloStore.Minute> minutes = indicator.source() == Indicator.Source.CHECK ? fromChecks(stored, from, until) : fromSource(stored, from, until);
                // A first read (a day back), or a catch-up after a failing source or a pause, writes
                // minutes the running sums may already hold as empty: they are rebuilt.
                boolean gap = stored.collectedUntil() == null || stored.collectedUntil().isBefore(until.minus(Duration.ofMinutes(1)));
                transactions.executeWithoutResult(status -> {
                    store.putMinutes(minutes);
                    store.collectedUntil(stored.id(), until);
                    if (gap) {
                        store.countsChanged(stored.id(), now);
                    }
                });
            } catch (RuntimeException e) {
                // One SLO's source being down must not stop the others; its minutes are read next time.
                log.warn("SLO {}: could not read its counts: {}", stored.slo().slug(), e.getMessage());
            }
        }
    }

    private List<SloStore.Minute> fromSource(SloStore.Stored stored, Instant from, Instant until) {
        for (SliSource source : sources.orderedStream().toList()) {
            if (source.source() == stored.slo().indicator().source()) {
                return source.read(stored, from, until);
            }
        }
        throw new IllegalStateException("no reader for " + stored.slo().indicator().source().key() + " SLIs");
    }

    /**
     * Minutes from the check's minute roll-ups. Availability: up and degraded results are good,
     * down ones bad, unknown ones (Andon's own trouble) neither; without a location, the verdict.
     * Latency: results at or under the threshold are good, counted from the latency histogram (the
     * threshold is taken at the histogram bucket bound at or below it).
     */
    List<SloStore.Minute> fromChecks(SloStore.Stored stored, Instant from, Instant until) {
        Indicator indicator = stored.slo().indicator();
        List<SloStore.Minute> minutes = new ArrayList<>();
        if (!indicator.threshold()) {
            String location = indicator.location() == null ? "" : indicator.location();
            sql.resultQuery("""
                    select r.bucket, r.up + r.degraded as good, r.up + r.degraded + r.down as total from check_rollups r join checks c on c.id = r.check_id
                    where c.slug = ? and r.resolution = 'm' and r.location = ? and r.bucket >= ?::timestamptz and r.bucket < ?::timestamptz""",
                    indicator.check(), location, dev.andon.server.database.SqlTimes.utc(from), dev.andon.server.database.SqlTimes.utc(until))
                    .forEach(r -> minutes.add(new SloStore.Minute(stored.id(), r.get(0, OffsetDateTime.class).toInstant(), r.get(1, Long.class), r.get(2, Long.class))));
            return minutes;
        }
        Map<Instant, long[]> histograms = new HashMap<>();
        sql.resultQuery("""
                select r.bucket, r.latency from check_rollups r join checks c on c.id = r.check_id
                where c.slug = ? and r.resolution = 'm' and r.location <> '' and (? is null or r.location = ?)
                  and r.bucket >= ?::timestamptz and r.bucket < ?::timestamptz""", indicator.check(), indicator.location(), indicator.location(),
                dev.andon.server.database.SqlTimes.utc(from), dev.andon.server.database.SqlTimes.utc(until)).forEach(r -> {
                    Long[] counts = r.get(1, Long[].class);
                    if (counts == null || counts.length != LatencyHistogram.bucketCount()) {
                        return;
                    }
                    long[] sum = histograms.computeIfAbsent(r.get(0, OffsetDateTime.class).toInstant(), k -> new long[LatencyHistogram.bucketCount()]);
                    for (int i = 0; i < counts.length; i++) {
                        sum[i] += counts[i];
                    }
                });
        histograms.forEach((minute, counts) -> {
            long good = 0;
            long total = 0;
            for (int i = 0; i < counts.length; i++) {
                total += counts[i];
                var upper = LatencyHistogram.upperBoundMillis(i);
                if (upper.isPresent() && upper.getAsDouble() <= indicator.latencyThresholdMs()) {
                    good += counts[i];
                }
            }
            minutes.add(new SloStore.Minute(stored.id(), minute, good, total));
        });
        return minutes;
    }

    // --- evaluating

    /** What one evaluation did: the changes, and how the running sums were brought up to date. */
    public record Evaluation(List<String> changes, RunningSums.Prepared prepared, int served, int full) {}

    public List<String> evaluate(Instant now) {
        return evaluateAll(now).changes();
    }

    /**
     * Evaluates every SLO at {@code now}. Rolling-window Occurrences SLOs read their running sums
     * (one query moves all of them on, one reads their fresh minutes); the others read their
     * minutes. States are read in one query each and only changes are written, in one transaction
     * with the alerts they raise. One evaluation at a time on a node: the running sums are its state.
     */
    public synchronized Evaluation evaluateAll(Instant now) {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        Instant settledEnd = minute.minus(RunningSums.TAIL);
        List<SloStore.Stored> all = store.all();
        Map<Long, List<SloStore.Exclusion>> exclusions = store.allExclusions();
        Map<Long, BudgetPolicy> servicePolicies = policies.all();
        Map<String, Boolean> alertStates = new HashMap<>();
        sql.resultQuery("select slo_id, alert, firing from slo_alert_states").forEach(r -> alertStates.put(r.get(0, Long.class) + "/" + r.get(1, String.class),
                r.get(2, Boolean.class)));
        Map<Long, String> budgetStates = new HashMap<>();
        sql.resultQuery("select slo_id, state from slo_budget_states").forEach(r -> budgetStates.put(r.get(0, Long.class), r.get(1, String.class)));

        List<SloStore.Stored> served = all.stream().filter(stored -> RunningSums.serves(stored.slo())
                && !overlaps(exclusions.getOrDefault(stored.id(), List.of()), minute.minus(longest(stored.slo())), minute)).toList();
        RunningSums.Prepared prepared = running.prepare(served, settledEnd, now);
        Map<Long, dev.andon.slo.ArrayBuckets> tails = store.tails(served.stream().map(SloStore.Stored::id).toList(), settledEnd, minute);
        java.util.Set<Long> servedIds = new java.util.HashSet<>(tails.keySet());

        List<String> changes = new ArrayList<>();
        List<Intake> raised = new ArrayList<>();
        List<Object[]> alertWrites = new ArrayList<>();
        List<Object[]> budgetWrites = new ArrayList<>();
        List<Runnable> notifications = new ArrayList<>();
        int full = 0;
        for (SloStore.Stored stored : all) {
            try {
                Slo slo = stored.slo();
                BudgetPolicy policy = servicePolicies.getOrDefault(stored.serviceId(), BudgetPolicy.DEFAULT);
                List<dev.andon.slo.TimeWindow.Period> excluded = exclusions.getOrDefault(stored.id(), List.of()).stream()
                        .map(SloStore.Exclusion::period).toList();
                dev.andon.slo.Buckets buckets = null;
                if (servedIds.contains(stored.id())) {
                    buckets = running.buckets(stored, tails.get(stored.id()), minute);
                    if (buckets != null && slo.noDataAlertAfter() != null && buckets.lastData() == null) {
                        buckets = null;
                    }
                }
                if (buckets == null) {
                    buckets = slos.view(stored, policy, now).buckets();
                    full++;
                }
                SloMath.Status status = SloMath.status(slo, buckets, excluded, now);
                List<SloMath.AlertState> alerts = SloMath.alerts(slo, buckets, excluded, now);
                boolean noData = SloMath.noDataAlert(slo, buckets, now);
                SloService.View view = new SloService.View(stored, status, alerts, noData, policy.state(status.remaining()), List.of(), null, excluded);
                // Per severity: firing when any of its windows fires; the alert names the first that does.
                for (String severity : List.of("page", "ticket")) {
                    List<SloMath.AlertState> states = alerts.stream().filter(state -> state.alert().severity().equals(severity)).toList();
                    if (states.isEmpty()) {
                        continue;
                    }
                    SloMath.AlertState firing = states.stream().filter(SloMath.AlertState::firing).findFirst().orElse(null);
                    if (changed(alertStates, alertWrites, stored.id(), severity, firing != null, now)) {
                        raised.add(alert(stored, view, severity, firing, now));
                        changes.add(slo.slug() + ":" + severity + (firing != null ? ":firing" : ":resolved"));
                    }
                }
                // An alert whose definition was removed while it fired resolves: it would stay open for ever.
                for (String kind : List.of("page", "ticket", "no-data")) {
                    boolean defined = kind.equals("no-data") ? slo.noDataAlertAfter() != null
                            : slo.alerts().stream().anyMatch(alert -> alert.severity().equals(kind));
                    if (!defined && Boolean.TRUE.equals(alertStates.get(stored.id() + "/" + kind))) {
                        alertWrites.add(new Object[] {stored.id(), kind, false});
                        raised.add(resolve(stored, kind, now));
                        changes.add(slo.slug() + ":" + kind + ":resolved");
                    }
                }
                if (slo.noDataAlertAfter() != null && changed(alertStates, alertWrites, stored.id(), "no-data", noData, now)) {
                    raised.add(noDataAlert(stored, noData, now));
                    changes.add(slo.slug() + ":no-data" + (noData ? ":firing" : ":resolved"));
                }
                String state = view.state().key();
                String previous = budgetStates.get(stored.id());
                if (!state.equals(previous)) {
                    budgetWrites.add(new Object[] {stored.id(), state, finite(status.remaining())});
                    if (previous != null || view.state() != BudgetPolicy.State.HEALTHY) {
                        changes.add(slo.slug() + ":budget:" + state);
                        if (policy.actionsFor(view.state()).contains(BudgetPolicy.Action.NOTIFY)) {
                            notifications.add(() -> notifyTeam(stored, view, now));
                        }
                    }
                }
            } catch (RuntimeException e) {
                log.warn("SLO {}: evaluation failed: {}", stored.slo().slug(), e.getMessage(), e);
            }
        }
        if (!raised.isEmpty() || !alertWrites.isEmpty() || !budgetWrites.isEmpty()) {
            transactions.executeWithoutResult(status -> {
                intake.apply(raised);
                if (!alertWrites.isEmpty()) {
                    sql.execute("""
                            insert into slo_alert_states (slo_id, alert, firing, changed_at)
                            select * from unnest(?::bigint[], ?::text[], ?::boolean[], ?::timestamptz[])
                            on conflict (slo_id, alert) do update set firing = excluded.firing, changed_at = excluded.changed_at""",
                            alertWrites.stream().map(w -> (Long) w[0]).toArray(Long[]::new), alertWrites.stream().map(w -> (String) w[1]).toArray(String[]::new),
                            alertWrites.stream().map(w -> (Boolean) w[2]).toArray(Boolean[]::new),
                            alertWrites.stream().map(w -> dev.andon.server.database.SqlTimes.utc(now)).toArray(OffsetDateTime[]::new));
                }
                if (!budgetWrites.isEmpty()) {
                    sql.execute("""
                            insert into slo_budget_states (slo_id, state, remaining, changed_at)
                            select * from unnest(?::bigint[], ?::text[], ?::double precision[], ?::timestamptz[])
                            on conflict (slo_id) do update set state = excluded.state, remaining = excluded.remaining, changed_at = excluded.changed_at""",
                            budgetWrites.stream().map(w -> (Long) w[0]).toArray(Long[]::new), budgetWrites.stream().map(w -> (String) w[1]).toArray(String[]::new),
                            budgetWrites.stream().map(w -> (Double) w[2]).toArray(Double[]::new),
                            budgetWrites.stream().map(w -> dev.andon.server.database.SqlTimes.utc(now)).toArray(OffsetDateTime[]::new));
                }
            });
        }
        notifications.forEach(Runnable::run);
        return new Evaluation(changes, prepared, servedIds.size(), full);
    }

    private static Duration longest(Slo slo) {
        return dev.andon.slo.RollingSums.spansOf(slo).stream().max(Duration::compareTo).orElseThrow();
    }

    private static boolean overlaps(List<SloStore.Exclusion> exclusions, Instant from, Instant to) {
        return exclusions.stream().anyMatch(e -> e.startsAt().isBefore(to) && e.endsAt().isAfter(from));
    }

    private static boolean changed(Map<String, Boolean> states, List<Object[]> writes, long sloId, String alert, boolean firing, Instant now) {
        Boolean before = states.get(sloId + "/" + alert);
        if (before != null && before == firing) {
            return false;
        }
        writes.add(new Object[] {sloId, alert, firing});
        // Nothing to resolve when it never fired.
        return before != null || firing;
    }

    /** The dedup key of an SLO's alert of one severity (scope: Andon's own alerts). */
    public static String dedupKey(String slo, String severity) {
        return "slo:" + slo + ":" + severity;
    }

    private Intake alert(SloStore.Stored stored, SloService.View view, String severity, SloMath.AlertState firing, Instant now) {
        Slo slo = stored.slo();
        AlertEvent event;
        if (firing == null) {
            event = new AlertEvent(AlertAction.RESOLVE, dedupKey(slo.slug(), severity), null, "slo", null, now, slo.slug(), null, "burn-rate", null,
                    List.of(), List.of(), "Andon SLOs", null, null);
        } else {
            String summary = "SLO " + slo.name() + " (" + slo.service() + ") is burning its error budget " + round(firing.longBurn()) + "x over "
                    + dev.andon.slo.Durations.text(firing.alert().longWindow()) + " (" + round(firing.shortBurn()) + "x over "
                    + dev.andon.slo.Durations.text(firing.alert().shortWindow()) + "; threshold " + round(firing.threshold()) + "x): "
                    + DeployGate.percent(view.status().remaining()) + " of the budget left";
            ObjectNode details = SloStore.JSON.createObjectNode().put("slo", slo.slug()).put("service", slo.service()).put("target", slo.target())
                    .put("window", slo.window().durationText()).put("budgetRemaining", finite(view.status().remaining()))
                    .put("alert", firing.alert().name()).put("longBurn", firing.longBurn()).put("shortBurn", firing.shortBurn())
                    .put("threshold", firing.threshold()).put("events", firing.longEvents());
            if (view.status().timeToExhaustion() != null) {
                details.put("timeToExhaustion", view.status().timeToExhaustion().toString());
            }
            event = new AlertEvent(AlertAction.TRIGGER, dedupKey(slo.slug(), severity), summary, "slo", "page".equals(severity) ? Severity.CRITICAL
                    : Severity.WARNING, now, slo.slug(), null, "burn-rate", details.toString(), List.of(new AlertLink("/slos/" + slo.slug(), "SLO " + slo.name())),
                    List.of(), "Andon SLOs", null, null);
        }
        return new Intake.Alert(null, "slo", slo.slug(), stored.serviceId(), event, now, null, "slo:" + slo.slug());
    }

    /** The RESOLVE of an SLO's alert of one kind (page, ticket, no-data). */
    static Intake resolve(SloStore.Stored stored, String kind, Instant now) {
        AlertEvent event = new AlertEvent(AlertAction.RESOLVE, dedupKey(stored.slo().slug(), kind), null, "slo", null, now, stored.slo().slug(), null,
                kind.equals("no-data") ? "no-data" : "burn-rate", null, List.of(), List.of(), "Andon SLOs", null, null);
        return new Intake.Alert(null, "slo", stored.slo().slug(), stored.serviceId(), event, now, null, "slo:" + stored.slo().slug());
    }

    private Intake noDataAlert(SloStore.Stored stored, boolean firing, Instant now) {
        Slo slo = stored.slo();
        AlertEvent event = firing
                ? new AlertEvent(AlertAction.TRIGGER, dedupKey(slo.slug(), "no-data"), "SLO " + slo.name() + " (" + slo.service() + ") has had no data for "
                        + dev.andon.slo.Durations.text(slo.noDataAlertAfter()) + ": its SLI stopped arriving", "slo", Severity.WARNING, now, slo.slug(), null,
                        "no-data", null, List.of(new AlertLink("/slos/" + slo.slug(), "SLO " + slo.name())), List.of(), "Andon SLOs", null, null)
                : new AlertEvent(AlertAction.RESOLVE, dedupKey(slo.slug(), "no-data"), null, "slo", null, now, slo.slug(), null, "no-data", null, List.of(),
                        List.of(), "Andon SLOs", null, null);
        return new Intake.Alert(null, "slo", slo.slug(), stored.serviceId(), event, now, null, "slo:" + slo.slug());
    }

    private void notifyTeam(SloStore.Stored stored, SloService.View view, Instant now) {
        Slo slo = stored.slo();
        List<String> emails = sql.resultQuery("""
                select distinct u.email from services s join team_members m on m.team_id = s.owner_team_id join users u on u.id = m.user_id
                where s.id = ? and u.email is not null and u.email <> '' order by 1""", stored.serviceId()).fetch(0, String.class);
        String url = outbox.baseUrl() + "/slos/" + slo.slug();
        for (String email : emails) {
            var result = channels.of(ContactType.EMAIL).send(email, null, new Message("slo-budget-" + slo.slug() + "-" + view.state().key() + "-"
                    + now.truncatedTo(ChronoUnit.MINUTES).toEpochMilli(), "[SLO " + slo.slug() + "] Error budget " + view.state().key() + ": "
                    + DeployGate.percent(view.status().remaining()) + " left", "The error budget of " + slo.name() + " (" + slo.service() + ") is "
                    + view.state().key() + ".", "", slo.service(), url, null, null, List.of("See " + url), false));
            if (!result.delivered()) {
                log.warn("SLO {}: budget mail to {} not delivered: {}", slo.slug(), email, result.detail());
            }
        }
    }

    static double finite(double value) {
        return Double.isFinite(value) ? value : 1;
    }

    private static String round(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
