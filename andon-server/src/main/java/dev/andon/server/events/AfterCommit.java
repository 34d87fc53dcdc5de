package dev.andon.server.events;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Publishes an application event once the current transaction commits (at once outside one), so listeners reload what was committed. */
public final class AfterCommit {
    private AfterCommit() {}

    public static void publish(ApplicationEventPublisher publisher, Object event) {
        run(() -> publisher.publishEvent(event));
    }

    /** Runs the action once the current transaction commits (never if it rolls back), or at once outside one. */
    public static void run(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
