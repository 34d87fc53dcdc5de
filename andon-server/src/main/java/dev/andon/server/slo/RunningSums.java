package dev.andon.server.slo;

import dev.andon.slo.BudgetingMethod;
import dev.andon.slo.Buckets;
import dev.andon.slo.Counts;
import dev.andon.slo.NoDataPolicy;
import dev.andon.slo.RollingSums;
import dev.andon.slo.Slo;
import dev.andon.slo.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The evaluator's running sums, in this node's memory: for each rolling-window Occurrences SLO, the
 * sums of its settled minutes (older than {@link #TAIL}) over each span its math reads, moved on
 * each minute by one query for all SLOs (the minutes entering and leaving). Built from the stored
 * minutes and hour roll-ups when an SLO is new to this node, its definition changed, settled
 * minutes were rewritten, or the node fell more than {@link #CATCH_UP} behind.
 */
@Component
public class RunningSums {
    /** The newest minutes may still change (late check results, a collector reading again): read fresh each time, never summed in. */
    public static final Duration TAIL = Duration.ofMinutes(3);
    /** Further behind than this, recomputing is cheaper than replaying minute by minute. */
    static final int CATCH_UP = 10;

    private final SloStore store;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    public RunningSums(SloStore store) {
        this.store = store;
    }

    private record Entry(Instant updatedAt, RollingSums sums, Instant builtAt) {}

    /** Whether an SLO can be evaluated from running sums: rolling Occurrences, no-data excluded, no span shorter than the tail. */
    public static boolean serves(Slo slo) {
        if (slo.method() != BudgetingMethod.OCCURRENCES || !(slo.window() instanceof TimeWindow.Rolling) || slo.noData() != NoDataPolicy.EXCLUDED) {
            return false;
        }
        return RollingSums.spansOf(slo).stream().allMatch(span -> span.compareTo(TAIL) > 0 && span.toSeconds() % 60 == 0);
    }

    /** How many SLOs were built from storage and how many moved on, in the last {@link #prepare} call. */
    public record Prepared(int built, int advanced) {}

    /**
     * Brings the running sums of {@code slos} (all served) to end at {@code settledEnd}: one query
     * moves every SLO that is close behind on; the rest are built from storage.
     */
    public Prepared prepare(Collection<SloStore.Stored> slos, Instant settledEnd, Instant now) {
        List<SloStore.Stored> build = new ArrayList<>();
        List<SloStore.Stored> advance = new ArrayList<>();
        Set<Long> present = new HashSet<>();
        for (SloStore.Stored stored : slos) {
            present.add(stored.id());
            Entry entry = entries.get(stored.id());
            if (entry == null || !entry.updatedAt().equals(stored.updatedAt()) || entry.sums().end().isAfter(settledEnd)
                    || ChronoUnit.MINUTES.between(entry.sums().end(), settledEnd) > CATCH_UP
                    || (stored.countsChangedAt() != null && !stored.countsChangedAt().isBefore(entry.builtAt()))) {
                build.add(stored);
            } else if (entry.sums().end().isBefore(settledEnd)) {
                advance.add(stored);
            }
        }
        entries.keySet().retainAll(present);
        if (!advance.isEmpty()) {
            Set<Instant> wanted = new HashSet<>();
            for (SloStore.Stored stored : advance) {
                RollingSums sums = entries.get(stored.id()).sums();
                for (Instant end = sums.end(); end.isBefore(settledEnd); end = end.plus(Duration.ofMinutes(1))) {
                    wanted.add(end);
                    for (Duration span : sums.spans()) {
                        wanted.add(end.minus(span));
                    }
                }
            }
            Map<Long, Map<Instant, Counts>> minutes = store.minutes(advance.stream().map(SloStore.Stored::id).toList(), wanted);
            for (SloStore.Stored stored : advance) {
                RollingSums sums = entries.get(stored.id()).sums();
                Map<Instant, Counts> own = minutes.getOrDefault(stored.id(), Map.of());
                while (sums.end().isBefore(settledEnd)) {
                    sums.advance(own.getOrDefault(sums.entering(), Counts.NONE), own);
                }
            }
        }
        for (SloStore.Stored stored : build) {
            try {
                entries.put(stored.id(), new Entry(stored.updatedAt(), build(stored, settledEnd), now));
            } catch (RuntimeException e) {
                // This SLO takes the full path; the others still move on.
                entries.remove(stored.id());
            }
        }
        return new Prepared(build.size(), advance.size());
    }

    /** The running sums of a served SLO followed by its fresh tail, as the math reads them at {@code minute}; null when it has none. */
    public Buckets buckets(SloStore.Stored stored, Buckets tail, Instant minute) {
        Entry entry = entries.get(stored.id());
        return entry == null || !entry.sums().end().equals(minute.minus(TAIL)) ? null : entry.sums().withTail(tail, minute);
    }

    /** Forgets every SLO's sums: the next evaluation builds them all from storage (the benchmark's full recompute). */
    public void clear() {
        entries.clear();
    }

    private RollingSums build(SloStore.Stored stored, Instant settledEnd) {
        List<Duration> spans = RollingSums.spansOf(stored.slo()).stream().map(span -> span.minus(TAIL)).toList();
        Map<Duration, long[]> read = new HashMap<>();
        for (Duration span : new HashSet<>(spans)) {
            read.put(span, store.span(stored.id(), settledEnd.minus(span), settledEnd));
        }
        Instant[] last = {null};
        return new RollingSums(spans, settledEnd, new Buckets() {
            @Override
            public Counts sum(Instant from, Instant to) {
                long[] sums = read.get(Duration.between(from, to));
                return new Counts(sums[0], sums[1]);
            }

            @Override
            public long minutesWithData(Instant from, Instant to) {
                return read.get(Duration.between(from, to))[2];
            }

            @Override
            public Instant since() {
                return null;
            }

            @Override
            public Instant lastData() {
                // Only the no-data alert asks; it reads the tail first, and an SLO quiet for longer than
                // the tail is evaluated on the full path when it has such an alert.
                return last[0];
            }
        });
    }
}
