package dev.andon.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The group commit's waiting callers: answered after the commit, or told to retry when it does not come in time. */
@org.junit.jupiter.api.Timeout(60)
class GroupCommitWriterTest {
    /** Stores into a list; holds every batch until released. */
    static final class Recording extends GroupCommitWriter<String> {
        final List<String> stored = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch writing = new CountDownLatch(1);

        Recording() {
            super("test item", "andon_test_item", 100, 10, Clock.systemUTC(), new SimpleMeterRegistry(),
                    Counter.builder("andon_test_refused_total").register(new SimpleMeterRegistry()));
        }

        @Override
        protected void write(List<String> batch) {
            writing.countDown();
            hangUntil(release);
            stored.addAll(batch);
        }
    }

    private final Recording writer = new Recording();

    /** A commit that does not come back until released (a database that stopped answering). */
    static void hangUntil(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        writer.release.countDown();
        writer.stop();
    }

    @Test
    void aCallerIsAnsweredOnlyAfterItsBatchIsStored() throws Exception {
        writer.afterSingletonsInstantiated();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                writer.submitAndWait(List.of("a"), Duration.ofSeconds(30));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(writer.writing.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(caller.join(Duration.ofMillis(300))).as("still waiting while the batch is being written").isFalse();
        writer.release.countDown();
        assertThat(caller.join(Duration.ofSeconds(5))).isTrue();
        assertThat(writer.stored).containsExactly("a");
    }

    @Test
    void aCallerWhoseCommitDoesNotComeInTimeIsToldSoAndWhatWasStillQueuedIsWithdrawn() throws Exception {
        writer.afterSingletonsInstantiated();
        // "first" is taken by the writer, which then hangs (a database that stopped answering).
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                writer.submitAndWait(List.of("first"), Duration.ofSeconds(30));
            } catch (Exception ignored) {
                // released at the end
            }
        });
        assertThat(writer.writing.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        assertThatThrownBy(() -> writer.submitAndWait(List.of("late-1", "late-2"), Duration.ofMillis(300)))
                .isInstanceOf(TimeoutException.class);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(waited).as("gave up after its deadline, not long after").isBetween(250L, 2_000L);
        assertThat(writer.health().queued()).isEqualTo(3);

        writer.release.countDown();
        assertThat(first.join(Duration.ofSeconds(5))).isTrue();
        // The withdrawn items are skipped: the caller was told to retry, so storing them too would double them.
        Thread.sleep(700);
        assertThat(writer.stored).containsExactly("first");
    }

    /** Two lanes: items starting with "slow" go to lane 0, whose writes hang until released; the rest to lane 1. */
    static final class TwoLanes extends GroupCommitWriter<String> {
        final List<String> stored = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);

        TwoLanes() {
            super("lane item", "andon_lane_item", 100, 10, 2, Clock.systemUTC(), new SimpleMeterRegistry(),
                    Counter.builder("andon_lane_refused_total").register(new SimpleMeterRegistry()));
        }

        @Override
        protected int lane(String item) {
            return item.startsWith("slow") ? 0 : 1;
        }

        @Override
        protected void write(List<String> batch) {
            if (batch.getFirst().startsWith("slow")) {
                hangUntil(release);
            }
            stored.addAll(batch);
        }
    }

    @Test
    void lanesCommitIndependentlyAndKeepTheOrderWithinALane() throws Exception {
        TwoLanes lanes = new TwoLanes();
        lanes.afterSingletonsInstantiated();
        try {
            var slow = lanes.submit(List.of("slow-1"));
            // Lane 1 is not held up by lane 0's hanging commit, and keeps its items in order.
            for (int i = 1; i <= 20; i++) {
                lanes.submitAndWait(List.of("fast-" + i), Duration.ofSeconds(5));
            }
            assertThat(slow).isNotDone();
            assertThat(lanes.stored).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> "fast-" + i).toList());
            var more = lanes.submit(List.of("slow-2", "slow-3"));
            // Lane 1's writer counts fast-20 as in hand until just after answering its caller.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (lanes.health().queued() != 3 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(lanes.health().queued()).as("slow-1 in hand, slow-2 and slow-3 queued").isEqualTo(3);
            lanes.release.countDown();
            slow.get(5, TimeUnit.SECONDS);
            more.get(5, TimeUnit.SECONDS);
            assertThat(lanes.stored.subList(20, 23)).containsExactly("slow-1", "slow-2", "slow-3");
        } finally {
            lanes.release.countDown();
            lanes.stop();
        }
    }

    @Test
    void aFullLaneRefusesTheWholeSubmissionAndQueuesNothing() throws Exception {
        TwoLanes lanes = new TwoLanes();
        lanes.afterSingletonsInstantiated();
        try {
            lanes.submit(List.of("slow-hang"));
            Thread.sleep(200);
            // Each lane holds 100 / 2 = 50: fill lane 0 (its writer holds slow-hang).
            for (int i = 0; i < 50; i++) {
                lanes.submit(List.of("slow-" + i));
            }
            assertThatThrownBy(() -> lanes.submit(List.of("fast-a", "slow-over")))
                    .isInstanceOf(GroupCommitWriter.QueueFullException.class);
            assertThat(lanes.health().queued()).isEqualTo(51);
            lanes.submitAndWait(List.of("fast-b"), Duration.ofSeconds(5));
            assertThat(lanes.stored).containsExactly("fast-b");
        } finally {
            lanes.release.countDown();
            lanes.stop();
        }
    }
}
