package dev.andon.postmortems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActionItemRulesTest {
    private static final LocalDate DUE = LocalDate.of(2026, 3, 10);

    private static Optional<String> reminder(LocalDate today) {
        return ActionItemRules.reminderDue(ActionItemStatus.OPEN, DUE, today);
    }

    @Test
    void closedItemsGetNoReminder() {
        for (LocalDate today : List.of(DUE.minusDays(1), DUE, DUE.plusDays(1), DUE.plusDays(8))) {
            assertThat(ActionItemRules.reminderDue(ActionItemStatus.DONE, DUE, today)).isEmpty();
            assertThat(ActionItemRules.reminderDue(ActionItemStatus.WONT_DO, DUE, today)).isEmpty();
        }
    }

    @Test
    void nothingIsDueThreeOrMoreDaysBeforeTheDueDate() {
        assertThat(reminder(LocalDate.of(2026, 3, 7))).isEmpty();
        assertThat(reminder(LocalDate.of(2026, 2, 1))).isEmpty();
    }

    @Test
    void twoDaysAndOneDayBeforeTheComingUpReminderIsDue() {
        assertThat(reminder(LocalDate.of(2026, 3, 8))).contains("before");
        assertThat(reminder(LocalDate.of(2026, 3, 9))).contains("before");
        assertThat(ActionItemRules.reminderDue(ActionItemStatus.IN_PROGRESS, DUE, LocalDate.of(2026, 3, 9))).contains("before");
    }

    @Test
    void onTheDueDateTheDueReminderIsDue() {
        assertThat(reminder(DUE)).contains("due");
        assertThat(ActionItemRules.reminderDue(ActionItemStatus.IN_PROGRESS, DUE, DUE)).contains("due");
    }

    @Test
    void theFirstOverdueReminderIsNamedForTheDayAfterTheDueDateForAWeek() {
        assertThat(reminder(LocalDate.of(2026, 3, 11))).contains("overdue-2026-03-11");
        assertThat(reminder(LocalDate.of(2026, 3, 14))).contains("overdue-2026-03-11");
        assertThat(reminder(LocalDate.of(2026, 3, 17))).as("7 days late").contains("overdue-2026-03-11");
    }

    @Test
    void laterOverdueRemindersComeEverySevenDays() {
        assertThat(reminder(LocalDate.of(2026, 3, 18))).as("8 days late").contains("overdue-2026-03-18");
        assertThat(reminder(LocalDate.of(2026, 3, 24))).as("14 days late").contains("overdue-2026-03-18");
        assertThat(reminder(LocalDate.of(2026, 3, 25))).as("15 days late").contains("overdue-2026-03-25");
        assertThat(reminder(LocalDate.of(2026, 4, 1))).as("22 days late").contains("overdue-2026-04-01");
    }

    @Test
    void overdueReminderDatesCrossMonthsAndLeapDays() {
        assertThat(ActionItemRules.reminderDue(ActionItemStatus.OPEN, LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 1)))
                .contains("overdue-2026-03-01");
        assertThat(ActionItemRules.reminderDue(ActionItemStatus.OPEN, LocalDate.of(2028, 2, 28), LocalDate.of(2028, 3, 7)))
                .as("2028-02-29 exists: 8 days late is 2028-03-07").contains("overdue-2028-03-07");
    }

    @Test
    void anItemIsOverdueFromTheDayAfterItsDueDateUntilItIsClosed() {
        assertThat(ActionItemRules.overdue(ActionItemStatus.OPEN, DUE, DUE)).isFalse();
        assertThat(ActionItemRules.overdue(ActionItemStatus.OPEN, DUE, DUE.plusDays(1))).isTrue();
        assertThat(ActionItemRules.overdue(ActionItemStatus.IN_PROGRESS, DUE, DUE.plusDays(1))).isTrue();
        assertThat(ActionItemRules.overdue(ActionItemStatus.DONE, DUE, DUE.plusDays(1))).isFalse();
        assertThat(ActionItemRules.overdue(ActionItemStatus.WONT_DO, DUE, DUE.plusDays(30))).isFalse();
    }

    @Test
    void completionRateIsDoneOutOfAllButWontDo() {
        assertThat(ActionItemRules.completionRate(List.of(ActionItemStatus.DONE, ActionItemStatus.DONE, ActionItemStatus.OPEN, ActionItemStatus.WONT_DO)))
                .isCloseTo(2.0 / 3, within(1e-9));
        assertThat(ActionItemRules.completionRate(List.of(ActionItemStatus.DONE, ActionItemStatus.IN_PROGRESS, ActionItemStatus.OPEN, ActionItemStatus.OPEN)))
                .isCloseTo(0.25, within(1e-9));
        assertThat(ActionItemRules.completionRate(List.of(ActionItemStatus.DONE, ActionItemStatus.WONT_DO))).isEqualTo(1.0);
        assertThat(ActionItemRules.completionRate(List.of(ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS))).isEqualTo(0.0);
    }

    @Test
    void completionRateIsNullWhenNothingCounts() {
        assertThat(ActionItemRules.completionRate(List.of())).isNull();
        assertThat(ActionItemRules.completionRate(List.of(ActionItemStatus.WONT_DO, ActionItemStatus.WONT_DO))).isNull();
    }
}
