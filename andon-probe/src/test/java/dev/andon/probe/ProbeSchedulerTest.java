package dev.andon.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProbeSchedulerTest {

    /** A probe that answers at once, or blocks until released. */
    private record FakeSpec(String name, CountDownLatch release) implements ProbeSpec {
        @Override
        public String type() {
            return "fake";
        }

        @Override
        public ProbeResult run(Duration timeout) {
            if (release != null) {
                try {
                    release.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new ProbeResult(ProbeResult.Status.UP, name, null, Map.of(), Map.of());
        }
    }

    @Test
    void slotsSpreadChecksAcrossTheirInterval() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        List<Long> offsets = IntStream.range(0, 1000).mapToObj(id -> ProbeScheduler.firstSlot(
                new ProbeScheduler.Assignment(id, "c" + id, new FakeSpec("x", null), Duration.ofSeconds(10), Duration.ofSeconds(5), 0), now))
                .map(slot -> Duration.between(now, slot).toMillis()).toList();

        assertThat(offsets).allMatch(offset -> offset >= 0 && offset < 10_000);
        // Each of the ten seconds gets roughly a tenth of the checks: no thundering herd.
        for (int second = 0; second < 10; second++) {
            int from = second * 1000;
            long inSecond = offsets.stream().filter(offset -> offset >= from && offset < from + 1000).count();
            assertThat(inSecond).isBetween(60L, 140L);
        }
    }

    @Test
    void aCheckKeepsItsSlotAcrossRestarts() {
        var assignment = new ProbeScheduler.Assignment(42, "c", new FakeSpec("x", null), Duration.ofSeconds(30), Duration.ofSeconds(5), 0);
        Instant first = ProbeScheduler.firstSlot(assignment, Instant.parse("2026-11-22T10:00:00Z"));
        Instant later = ProbeScheduler.firstSlot(assignment, Instant.parse("2026-11-22T11:17:03.123Z"));

        assertThat(Duration.between(first, later).toMillis() % 30_000).isZero();
    }

    @Test
    void runsAssignedChecksRepeatedly() throws Exception {
        List<ProbeScheduler.Outcome> outcomes = new CopyOnWriteArrayList<>();
        try (ProbeScheduler scheduler = new ProbeScheduler(Clock.systemUTC(), 10, outcomes::add)) {
            scheduler.replace(List.of(new ProbeScheduler.Assignment(1, "a", new FakeSpec("a", null), Duration.ofMillis(1000), Duration.ofMillis(500), 0)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (outcomes.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(3).allMatch(outcome -> !outcome.checkerFailure() && outcome.result().up());
        assertThat(outcomes).allMatch(outcome -> outcome.lag().toMillis() < 500);
    }

    @Test
    void overloadIsACheckerFailureNeverADown() throws Exception {
        List<ProbeScheduler.Outcome> outcomes = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try (ProbeScheduler scheduler = new ProbeScheduler(Clock.systemUTC(), 1, outcomes::add)) {
            // One probe may run at a time and the first never finishes in time: every other run is refused.
            scheduler.replace(List.of(
                    new ProbeScheduler.Assignment(1, "slow", new FakeSpec("slow", release), Duration.ofSeconds(1), Duration.ofSeconds(1), 0),
                    new ProbeScheduler.Assignment(2, "fast", new FakeSpec("fast", null), Duration.ofSeconds(1), Duration.ofSeconds(1), 0)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (outcomes.stream().noneMatch(ProbeScheduler.Outcome::checkerFailure) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            release.countDown();
        }
        ProbeScheduler.Outcome refused = outcomes.stream().filter(ProbeScheduler.Outcome::checkerFailure).findFirst().orElseThrow();
        assertThat(refused.result().message()).contains("checker overloaded");
    }

    @Test
    void replacingAssignmentsStopsRemovedChecks() throws Exception {
        List<ProbeScheduler.Outcome> outcomes = new CopyOnWriteArrayList<>();
        try (ProbeScheduler scheduler = new ProbeScheduler(Clock.systemUTC(), 10, outcomes::add)) {
            scheduler.replace(List.of(new ProbeScheduler.Assignment(1, "a", new FakeSpec("a", null), Duration.ofMillis(1000), Duration.ofMillis(500), 0)));
            assertThat(scheduler.size()).isEqualTo(1);
            scheduler.replace(List.of());
            assertThat(scheduler.size()).isZero();
            int seen = outcomes.size();
            Thread.sleep(1500);
            assertThat(outcomes).hasSize(seen);
        }
    }

    @Test
    void probesInterruptedByStoppingReportNothing() throws Exception {
        List<ProbeScheduler.Outcome> outcomes = new CopyOnWriteArrayList<>();
        CountDownLatch never = new CountDownLatch(1);
        ProbeScheduler scheduler = new ProbeScheduler(Clock.systemUTC(), 10, outcomes::add);
        scheduler.replace(List.of(new ProbeScheduler.Assignment(7, "stuck", new FakeSpec("stuck", never), Duration.ofSeconds(1), Duration.ofSeconds(1), 0)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (scheduler.inFlight() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(scheduler.inFlight()).isEqualTo(1);
        scheduler.close();
        Thread.sleep(300);
        // A probe cut short by our own shutdown says nothing about its target.
        assertThat(outcomes).isEmpty();
    }

    /** A clock a test can set back. */
    private static final class SettableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    @Test
    void aClockSteppingBackDoesNotPauseTheChecks() throws Exception {
        List<ProbeScheduler.Outcome> outcomes = new CopyOnWriteArrayList<>();
        SettableClock clock = new SettableClock();
        try (ProbeScheduler scheduler = new ProbeScheduler(clock, 10, outcomes::add)) {
            scheduler.replace(List.of(new ProbeScheduler.Assignment(3, "c", new FakeSpec("c", null), Duration.ofMillis(300), Duration.ofMillis(200), 0)));
            Thread.sleep(400);
            clock.offset = Duration.ofHours(-1);
            int before = outcomes.size();
            Thread.sleep(1500);
            assertThat(outcomes.size() - before).isGreaterThanOrEqualTo(3);
        }
    }
}
