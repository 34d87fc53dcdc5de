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
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            stored.addAll(batch);
        }
    }

    private final Recording writer = new Recording();

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
}
