package dev.andon.server.bench;

import dev.andon.server.AndonApplication;
import dev.andon.server.slo.RunningSums;
import dev.andon.server.slo.SloEngine;
import dev.andon.server.support.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The SLO evaluator at scale (bench/slo.sh runs it; not a test): N SLOs with a 30-day rolling
 * window and the default burn alerts, fed 30 days of counts, evaluated the way the "slo-evaluate"
 * task does it, in this JVM against embedded PostgreSQL, at chosen instants.
 *
 * <ul>
 * <li>full recompute: every SLO's running sums built from storage (what a node does on its first
 * evaluation, or after a definition changed), then the evaluation;</li>
 * <li>incremental: one more minute arrived; the sums of every SLO move on by one query, the fresh
 * tail is read, every SLO is evaluated and the changes written.</li>
 * </ul>
 *
 * <p>Data: hour roll-ups for the whole 31 days of every SLO, and minute rows for every hour the
 * evaluator reads minutes of (the hours holding each span's start, for all the minutes measured,
 * and the last hours). Minute counts follow a formula that is constant within an hour, so each
 * hour row equals the sum of its minutes exactly; the interior minutes of the 30 days, which the
 * evaluator never reads (it sums hours there), are not written. A full table would be 432 million
 * rows for 10,000 SLOs.
 */
public final class SloBench {
    /** A fixed evaluation instant, off the hour, so spans start inside hours. */
    static final Instant T = Instant.parse("2026-11-20T12:07:00Z");
    static final int STEPS = 10;

    private SloBench() {}

    public static void main(String[] args) {
        int slos = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String url = TestPostgres.newDatabase();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AndonApplication.class).run(
                // Command-line arguments: they win over application.properties (builder defaults would not).
                "--andon.database.url=" + url, "--andon.database.user=postgres", "--andon.database.password=",
                "--andon.admin-password=bench-admin-password", "--db-scheduler.enabled=false", "--andon.checks.local.enabled=false", "--server.port=0",
                "--logging.level.root=WARN")) {
            DSLContext sql = context.getBean(DSLContext.class);
            SloEngine engine = context.getBean(SloEngine.class);
            RunningSums running = context.getBean(RunningSums.class);
            long started = System.nanoTime();
            populate(sql, slos);
            System.out.printf(Locale.ROOT, "data: %d SLOs, %,d hour rows, %,d minute rows, in %.1f s%n", slos,
                    sql.fetchOne("select count(*) from slo_hours").get(0, Long.class), sql.fetchOne("select count(*) from slo_minutes").get(0, Long.class),
                    (System.nanoTime() - started) / 1e9);

            List<Double> full = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                running.clear();
                long t0 = System.nanoTime();
                SloEngine.Evaluation evaluation = engine.evaluateAll(T);
                double seconds = (System.nanoTime() - t0) / 1e9;
                full.add(seconds);
                System.out.printf(Locale.ROOT, "full recompute %d: %.2f s (built %d, running-sums SLOs %d, full-path SLOs %d, changes %d)%n", round + 1, seconds,
                        evaluation.prepared().built(), evaluation.served(), evaluation.full(), evaluation.changes().size());
            }
            List<Double> incremental = new ArrayList<>();
            for (int step = 1; step <= STEPS; step++) {
                long t0 = System.nanoTime();
                SloEngine.Evaluation evaluation = engine.evaluateAll(T.plus(step, ChronoUnit.MINUTES));
                double seconds = (System.nanoTime() - t0) / 1e9;
                incremental.add(seconds);
                System.out.printf(Locale.ROOT, "incremental minute %d: %.3f s (advanced %d, built %d, changes %d)%n", step, seconds,
                        evaluation.prepared().advanced(), evaluation.prepared().built(), evaluation.changes().size());
            }
            List<Double> sorted = incremental.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "RESULT slos=%d full_best_s=%.2f full_last_s=%.2f incremental_median_s=%.3f incremental_max_s=%.3f%n", slos,
                    full.stream().min(Double::compare).orElseThrow(), full.getLast(), sorted.get(sorted.size() / 2), sorted.getLast());
        }
    }

    /** One service, N push SLOs (30d rolling, target 0.99, default alerts), hour roll-ups for 31 days and the minutes the evaluator reads. */
    static void populate(DSLContext sql, int slos) {
        sql.execute("insert into services (slug, name, tier) values ('bench', 'Bench', 1)");
        sql.execute("""
                insert into slos (slug, name, service_id, spec, collecting_since)
                select 'bench-' || g, 'bench-' || g, (select id from services where slug = 'bench'),
                       jsonb_build_object('slug', 'bench-' || g, 'name', 'bench-' || g, 'service', 'bench', 'indicator', jsonb_build_object('source', 'push'),
                                          'target', 0.99, 'window', jsonb_build_object('rolling', '30d')),
                       ?::timestamptz
                from generate_series(1, ?) g""", T.minus(Duration.ofDays(40)).atOffset(java.time.ZoneOffset.UTC), slos);
        long lastHour = T.plus(Duration.ofHours(2)).getEpochSecond() / 3600;
        long firstHour = T.minus(Duration.ofDays(31)).getEpochSecond() / 3600;
        // Per minute: total = 60 + (id + hour) % 20, bad = 1 every tenth minute, plus 1 in every minute of one hour in ten.
        sql.execute("""
                insert into slo_hours (slo_id, hour, good, total, data_minutes)
                select s.id, to_timestamp(h * 3600), 60 * (60 + (s.id + h) % 20) - (6 + case when (s.id + h) % 10 = 0 then 60 else 0 end),
                       60 * (60 + (s.id + h) % 20), 60
                from slos s, generate_series(?::bigint, ?::bigint) h""", firstHour, lastHour);
        Set<Long> hours = new TreeSet<>();
        Instant settled = T.minus(RunningSums.TAIL);
        for (Duration span : List.of(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(3),
                Duration.ofDays(30))) {
            Duration held = span.minus(RunningSums.TAIL);
            for (int step = 0; step <= STEPS + 1; step++) {
                hours.add(settled.minus(held).plus(step, ChronoUnit.MINUTES).getEpochSecond() / 3600);
            }
        }
        for (long hour = settled.getEpochSecond() / 3600 - 1; hour <= lastHour; hour++) {
            hours.add(hour);
        }
        sql.execute("""
                insert into slo_minutes (slo_id, minute, good, total)
                select s.id, to_timestamp(m * 60), (60 + (s.id + m / 60) % 20) - ((case when m % 10 = 0 then 1 else 0 end)
                       + (case when (s.id + m / 60) % 10 = 0 then 1 else 0 end)), 60 + (s.id + m / 60) % 20
                from slos s, unnest(?::bigint[]) h, generate_series(h * 60, h * 60 + 59) m""", (Object) hours.toArray(Long[]::new));
        sql.execute("analyze");
    }
}
