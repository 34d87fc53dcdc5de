package dev.andon.alerts;

/** What an inbound event asks for, in PagerDuty's words ({@code event_action}). */
public enum AlertAction {
    TRIGGER, ACKNOWLEDGE, RESOLVE;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
