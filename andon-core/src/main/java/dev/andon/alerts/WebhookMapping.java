package dev.andon.alerts;

import java.util.List;

/**
 * How to read a generic JSON webhook: each field is a JSONPath into the body (or into each element
 * of {@code alerts} when that is set, for senders that batch several alerts in one call).
 *
 * @param alerts            path to an array of alerts in the body; null when the body is one alert
 * @param title             path to the alert's title (required)
 * @param dedupKey          path to the dedup key; null means every trigger opens a new alert
 * @param status            path to the status; null means every call is a trigger
 * @param severity          path to the severity, mapped like any source severity; null means {@code error}
 * @param source            path to the source (host, tool); null means the integration's name
 * @param links             path to a URL or an array of URLs; null for none
 * @param details           path to the custom details; null means the whole alert object
 * @param triggerValues     status values that mean trigger (compared lower-cased)
 * @param acknowledgeValues status values that mean acknowledge
 * @param resolveValues     status values that mean resolve
 */
public record WebhookMapping(String alerts, String title, String dedupKey, String status, String severity, String source, String links,
                             String details, List<String> triggerValues, List<String> acknowledgeValues, List<String> resolveValues) {

    public static final List<String> DEFAULT_TRIGGER = List.of("trigger", "triggered", "firing", "alerting", "problem", "open", "critical", "down");
    public static final List<String> DEFAULT_ACKNOWLEDGE = List.of("acknowledge", "acknowledged", "ack");
    public static final List<String> DEFAULT_RESOLVE = List.of("resolve", "resolved", "ok", "closed", "recovered", "up", "normal");

    public WebhookMapping {
        triggerValues = triggerValues == null || triggerValues.isEmpty() ? DEFAULT_TRIGGER : List.copyOf(triggerValues);
        acknowledgeValues = acknowledgeValues == null || acknowledgeValues.isEmpty() ? DEFAULT_ACKNOWLEDGE : List.copyOf(acknowledgeValues);
        resolveValues = resolveValues == null || resolveValues.isEmpty() ? DEFAULT_RESOLVE : List.copyOf(resolveValues);
    }
}
