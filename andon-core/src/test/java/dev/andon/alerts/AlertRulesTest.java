package dev.andon.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.alerts.AlertRules.Outcome;
import org.junit.jupiter.api.Test;

/** PagerDuty's dedup semantics, one event at a time against what is open under the key. */
class AlertRulesTest {

    @Test
    void aTriggerOpensWhenNothingIsOpenAndIsDeduplicatedOtherwise() {
        assertThat(AlertRules.apply(null, AlertAction.TRIGGER)).isEqualTo(Outcome.OPEN);
        assertThat(AlertRules.apply(AlertStatus.TRIGGERED, AlertAction.TRIGGER)).isEqualTo(Outcome.DEDUPLICATE);
        assertThat(AlertRules.apply(AlertStatus.ACKNOWLEDGED, AlertAction.TRIGGER)).isEqualTo(Outcome.DEDUPLICATE);
        // After a resolve the key is free: the next trigger is a new alert.
        assertThat(AlertRules.apply(AlertStatus.RESOLVED, AlertAction.TRIGGER)).isEqualTo(Outcome.OPEN);
    }

    @Test
    void acknowledgeAndResolveApplyToTheOpenAlertAndAreDroppedOtherwise() {
        assertThat(AlertRules.apply(AlertStatus.TRIGGERED, AlertAction.ACKNOWLEDGE)).isEqualTo(Outcome.ACKNOWLEDGE);
        assertThat(AlertRules.apply(AlertStatus.ACKNOWLEDGED, AlertAction.ACKNOWLEDGE)).isEqualTo(Outcome.DROP);
        assertThat(AlertRules.apply(null, AlertAction.ACKNOWLEDGE)).isEqualTo(Outcome.DROP);
        assertThat(AlertRules.apply(AlertStatus.TRIGGERED, AlertAction.RESOLVE)).isEqualTo(Outcome.RESOLVE);
        assertThat(AlertRules.apply(AlertStatus.ACKNOWLEDGED, AlertAction.RESOLVE)).isEqualTo(Outcome.RESOLVE);
        assertThat(AlertRules.apply(null, AlertAction.RESOLVE)).isEqualTo(Outcome.DROP);
        assertThat(AlertRules.apply(AlertStatus.RESOLVED, AlertAction.RESOLVE)).isEqualTo(Outcome.DROP);
    }

    @Test
    void aSequenceOfEventsEndsWherePagerDutyWouldEndIt() {
        AlertStatus status = null;
        int opened = 0;
        int deduplicated = 0;
        for (AlertAction action : new AlertAction[] {AlertAction.TRIGGER, AlertAction.TRIGGER, AlertAction.ACKNOWLEDGE, AlertAction.TRIGGER,
                AlertAction.RESOLVE, AlertAction.ACKNOWLEDGE, AlertAction.TRIGGER}) {
            Outcome outcome = AlertRules.apply(status, action);
            opened += outcome == Outcome.OPEN ? 1 : 0;
            deduplicated += outcome == Outcome.DEDUPLICATE ? 1 : 0;
            AlertStatus after = AlertRules.after(status, outcome);
            status = after == AlertStatus.RESOLVED ? null : after;
        }
        assertThat(opened).isEqualTo(2);
        assertThat(deduplicated).isEqualTo(2);
        assertThat(status).isEqualTo(AlertStatus.TRIGGERED);
    }
}
