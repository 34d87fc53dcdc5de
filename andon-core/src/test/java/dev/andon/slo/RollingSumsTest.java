package dev.andon.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Running sums moved on minute by minute agree exactly with sums over the stored minutes, and so does the math on them. */
class RollingSumsTest {
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void minuteByMinuteSumsEqualTheStoredMinutesAndTheMathAgrees() {
        int minutes = 3 * 24 * 60;
        long[] good = new long[minutes];
        long[] total = new long[minutes];
        Random random = new Random(7);
        for (int i = 0; i < minutes; i++) {
            total[i] = random.nextInt(5) == 0 ? 0 : 100 + random.nextInt(50);
            good[i] = total[i] - (total[i] == 0 ? 0 : random.nextInt(random.nextInt(10) == 0 ? 40 : 3));
        }
        ArrayBuckets stored = new ArrayBuckets(START, good, total, START);
        Slo slo = new Slo("api", "API", "", "api", Indicator.push(), 0.99, new TimeWindow.Rolling(Duration.ofDays(1)), BudgetingMethod.OCCURRENCES,
                null, null, NoDataPolicy.EXCLUDED, 0, null, List.of(new BurnAlert("page", 0.02, Duration.ofHours(1), Duration.ofMinutes(5)),
                new BurnAlert("ticket", 0.1, Duration.ofHours(6), Duration.ofMinutes(30))));
        Duration tail = Duration.ofMinutes(3);
        List<Duration> spans = RollingSums.spansOf(slo).stream().map(span -> span.minus(tail)).toList();
        Instant settled = START.plus(Duration.ofDays(1));
        RollingSums sums = new RollingSums(spans, settled, stored);
        for (int step = 0; step < 24 * 60; step++) {
            Map<Instant, Counts> leaving = new HashMap<>();
            for (Duration span : sums.spans()) {
                Instant out = sums.leaving(span);
                leaving.put(out, stored.sum(out, out.plusSeconds(60)));
            }
            sums.advance(stored.sum(sums.entering(), sums.entering().plusSeconds(60)), leaving);
            Instant now = sums.end().plus(tail);
            Buckets running = sums.withTail(new ArrayBuckets(sums.end(), slice(good, sums.end(), tail), slice(total, sums.end(), tail), sums.end()), now);
            for (Duration span : RollingSums.spansOf(slo)) {
                assertThat(running.sum(now.minus(span), now)).as("span %s at %s", span, now).isEqualTo(stored.sum(now.minus(span), now));
                assertThat(running.minutesWithData(now.minus(span), now)).isEqualTo(stored.minutesWithData(now.minus(span), now));
            }
            if (step % 97 == 0) {
                SloMath.Status expected = SloMath.status(slo, stored, List.of(), now);
                SloMath.Status actual = SloMath.status(slo, running, List.of(), now);
                assertThat(actual.remaining()).isEqualTo(expected.remaining());
                assertThat(actual.burnRate()).isEqualTo(expected.burnRate());
                assertThat(SloMath.alerts(slo, running, List.of(), now)).isEqualTo(SloMath.alerts(slo, stored, List.of(), now));
            }
        }
    }

    @Test
    void onlyTheHeldSpansCanBeRead() {
        RollingSums sums = new RollingSums(List.of(Duration.ofHours(1)), START.plus(Duration.ofHours(2)),
                new ArrayBuckets(START, new long[180], new long[180], START));
        assertThat(sums.sum(START.plus(Duration.ofHours(1)), START.plus(Duration.ofHours(2)))).isEqualTo(Counts.NONE);
        assertThatThrownBy(() -> sums.sum(START, START.plus(Duration.ofHours(2)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RollingSums(List.of(Duration.ofSeconds(90)), START, new ArrayBuckets(START, new long[1], new long[1], START)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long[] slice(long[] values, Instant from, Duration length) {
        int start = (int) Duration.between(START, from).toMinutes();
        long[] part = new long[(int) length.toMinutes()];
        for (int i = 0; i < part.length && start + i < values.length; i++) {
            part[i] = values[start + i];
        }
        return part;
    }
}
