package dev.andon.postmortems;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Optional;

/**
 * Action-item rules: which reminder is due on a given day, what is overdue, and a team's completion
 * rate. Dates are calendar days in UTC: a due date is the last day the item is on time.
 */
public final class ActionItemRules {
    /** Days before the due date when the owner gets the "coming up" reminder. */
    public static final int REMIND_DAYS_BEFORE = 2;
    /** After the due date, the owner is reminded the next day and then every this many days until it is closed. */
    public static final int REMIND_EVERY_DAYS_AFTER = 7;

    private ActionItemRules() {}

    /** Open or in progress, and its due date has passed. */
    public static boolean overdue(ActionItemStatus status, LocalDate dueDate, LocalDate today) {
        return !status.closed() && today.isAfter(dueDate);
    }

    /**
     * The reminder due today, named so each is sent once: "before" from {@value #REMIND_DAYS_BEFORE}
     * days before the due date until the day before it, "due" on the day, then "overdue-YYYY-MM-DD"
     * the day after and every {@value #REMIND_EVERY_DAYS_AFTER} days (the date of that reminder).
     * A reminder missed while the server was down is sent late once, never twice: only the newest
     * one that is due counts. Closed items get none.
     */
    public static Optional<String> reminderDue(ActionItemStatus status, LocalDate dueDate, LocalDate today) {
        if (status.closed()) {
            return Optional.empty();
        }
        long days = ChronoUnit.DAYS.between(today, dueDate);
        if (days > REMIND_DAYS_BEFORE) {
            return Optional.empty();
        }
        if (days > 0) {
            return Optional.of("before");
        }
        if (days == 0) {
            return Optional.of("due");
        }
        long late = -days;
        long step = (late - 1) / REMIND_EVERY_DAYS_AFTER;
        return Optional.of("overdue-" + dueDate.plusDays(1 + step * REMIND_EVERY_DAYS_AFTER));
    }

    /**
     * Completion rate: done out of all items not marked won't do, in [0, 1]; null when there is
     * nothing to complete. Won't do leaves the count because the team decided it is not worth doing.
     */
    public static Double completionRate(Collection<ActionItemStatus> statuses) {
        long done = statuses.stream().filter(status -> status == ActionItemStatus.DONE).count();
        long counted = statuses.stream().filter(status -> status != ActionItemStatus.WONT_DO).count();
        return counted == 0 ? null : (double) done / counted;
    }
}
