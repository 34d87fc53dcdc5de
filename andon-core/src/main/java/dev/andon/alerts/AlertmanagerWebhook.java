package dev.andon.alerts;

import static dev.andon.alerts.EventFields.capped;
import static dev.andon.alerts.EventFields.instant;
import static dev.andon.alerts.EventFields.kind;
import static dev.andon.alerts.EventFields.quoted;
import static dev.andon.alerts.EventFields.required;
import static dev.andon.alerts.EventFields.string;
import static dev.andon.alerts.EventFields.stringMap;

import dev.andon.probe.ProbeSpecs;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Prometheus Alertmanager's webhook (version 4) turned into alert events, one per alert, keyed by
 * the alert's fingerprint. Alertmanager treats any 2xx as delivered, retries 5xx and gives up on
 * other codes, so an invalid notification is answered 400 (a retry could not fix it).
 *
 * <p>How an alert reads as an event, PagerDuty's fields filled the way PagerDuty's Common Event
 * Format means them:
 * <ul>
 * <li>action: trigger while {@code firing}, resolve once {@code resolved}; dedup key: {@code fingerprint};
 * <li>summary: {@code annotations.summary}, else {@code annotations.description}, else the alert name and its
 *     labels ({@code HighLatency on instance=api-1:9090, job=api}), at most 1024 characters;
 * <li>source, the affected system: {@code labels.instance}, else {@code labels.job}, else the host of
 *     {@code externalURL}, else the receiver;
 * <li>severity: {@code labels.severity} through {@link SeverityMap}, {@code error} when absent or unknown (the default
 *     of Alertmanager's own PagerDuty notifier); none on a resolve, like every resolve;
 * <li>timestamp: {@code startsAt} while firing, {@code endsAt} once resolved (a firing alert's {@code endsAt}
 *     is Go's zero time, {@code 0001-01-01T00:00:00Z}, which means "no end");
 * <li>component, the part that is broken: {@code labels.service}, else {@code labels.job};
 *     group, a cluster of sources: {@code labels.cluster}, else {@code labels.namespace};
 *     class, the kind of problem: {@code labels.alertname};
 * <li>custom details: {@code {"labels":{..},"annotations":{..},"startsAt":"..","endsAt":"..","groupLabels":{..}}},
 *     {@code endsAt} left out while it is the zero time;
 * <li>links: {@code generatorURL} ("Source"), the alert in Alertmanager's UI ("Alertmanager"),
 *     {@code annotations.runbook_url} ("Runbook") and {@code annotations.dashboard} ("Dashboard"), when present;
 * <li>client "Alertmanager", client URL {@code externalURL}, group key the notification's {@code groupKey}.
 * </ul>
 */
public final class AlertmanagerWebhook {
    public static final String VERSION = "4";
    public static final String CLIENT = "Alertmanager";

    /** Go's zero time, which Alertmanager writes as the end of an alert that has not ended. */
    private static final Instant NO_END = Instant.parse("0001-01-01T00:00:00Z");

    /** Labels that say most about where an alert is, in the order a summary names them. */
    private static final List<String> TELLING_LABELS = List.of("instance", "job", "service", "namespace", "pod", "container", "cluster");

    private AlertmanagerWebhook() {}

    /**
     * One webhook call: a group of alerts that Alertmanager notifies together.
     *
     * @param status          the group's status, {@code firing} when any alert in it fires; null when not sent
     * @param truncatedAlerts how many alerts Alertmanager left out ({@code max_alerts} in its config)
     * @param alerts          one event per alert, in the order sent
     */
    public record Notification(String version, String groupKey, String status, String receiver, int truncatedAlerts,
                               Map<String, String> groupLabels, Map<String, String> commonLabels, Map<String, String> commonAnnotations,
                               String externalUrl, List<AlertEvent> alerts) {

        public Notification {
            groupLabels = groupLabels == null ? Map.of() : Map.copyOf(groupLabels);
            commonLabels = commonLabels == null ? Map.of() : Map.copyOf(commonLabels);
            commonAnnotations = commonAnnotations == null ? Map.of() : Map.copyOf(commonAnnotations);
            alerts = alerts == null ? List.of() : List.copyOf(alerts);
        }
    }

    /**
     * @param severityOverrides the integration's severity table ({@code page: critical}), on top of {@link SeverityMap}'s
     * @throws InvalidEventException naming every field at fault, e.g. {@code 'alerts[3].fingerprint' is missing or blank}
     */
    public static Notification parse(JsonNode body, Map<String, Severity> severityOverrides) {
        if (body == null || !body.isObject()) {
            throw new InvalidEventException(List.of("The notification must be a JSON object, not " + kind(body)));
        }
        List<String> errors = new ArrayList<>();
        JsonNode version = body.get("version");
        if (version == null || version.isNull()) {
            errors.add("'version' is missing or blank");
        } else if (!version.isString() || !VERSION.equals(version.asString())) {
            errors.add("'version' is " + version + ": only version \"4\" of Alertmanager's webhook is supported");
        }
        String groupKey = required(body.get("groupKey"), "groupKey", errors);
        String status = status(body.get("status"), "status", false, errors);
        String receiver = string(body.get("receiver"), "receiver", errors);
        int truncatedAlerts = truncatedAlerts(body.get("truncatedAlerts"), errors);
        Map<String, String> groupLabels = stringMap(body.get("groupLabels"), "groupLabels", errors);
        Map<String, String> commonLabels = stringMap(body.get("commonLabels"), "commonLabels", errors);
        Map<String, String> commonAnnotations = stringMap(body.get("commonAnnotations"), "commonAnnotations", errors);
        String externalUrl = string(body.get("externalURL"), "externalURL", errors);
        Context context = new Context(groupKey, receiver, externalUrl, groupLabels, severityOverrides);
        List<AlertEvent> alerts = new ArrayList<>();
        JsonNode list = body.get("alerts");
        if (list == null || list.isNull()) {
            errors.add("'alerts' is missing or blank");
        } else if (!list.isArray()) {
            errors.add("'alerts' must be an array, not " + kind(list));
        } else {
            for (int index = 0; index < list.size(); index++) {
                AlertEvent alert = alert(list.get(index), "alerts[" + index + "]", context, errors);
                if (alert != null) {
                    alerts.add(alert);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidEventException(errors);
        }
        return new Notification(VERSION, groupKey, status, receiver, truncatedAlerts, groupLabels, commonLabels, commonAnnotations,
                externalUrl, alerts);
    }

    /** What every alert of one notification shares. */
    private record Context(String groupKey, String receiver, String externalUrl, Map<String, String> groupLabels,
                           Map<String, Severity> severityOverrides) {}

    private static AlertEvent alert(JsonNode alert, String path, Context context, List<String> errors) {
        if (alert == null || !alert.isObject()) {
            errors.add(quoted(path) + " must be an object, not " + kind(alert));
            return null;
        }
        int before = errors.size();
        String status = status(alert.get("status"), path + ".status", true, errors);
        String fingerprint = required(alert.get("fingerprint"), path + ".fingerprint", errors);
        Map<String, String> labels = stringMap(alert.get("labels"), path + ".labels", errors);
        Map<String, String> annotations = stringMap(alert.get("annotations"), path + ".annotations", errors);
        String startsAtText = string(alert.get("startsAt"), path + ".startsAt", errors);
        String endsAtText = string(alert.get("endsAt"), path + ".endsAt", errors);
        Instant startsAt = time(startsAtText, path + ".startsAt", errors);
        Instant endsAt = time(endsAtText, path + ".endsAt", errors);
        String generatorUrl = string(alert.get("generatorURL"), path + ".generatorURL", errors);
        if (errors.size() > before) {
            return null;
        }
        boolean firing = status.equals("firing");
        boolean ended = endsAt != null && endsAt.isAfter(NO_END);

        ObjectNode details = ProbeSpecs.json().createObjectNode();
        details.set("labels", ProbeSpecs.json().valueToTree(labels));
        details.set("annotations", ProbeSpecs.json().valueToTree(annotations));
        details.put("startsAt", startsAtText);
        if (ended) {
            details.put("endsAt", endsAtText);
        }
        details.set("groupLabels", ProbeSpecs.json().valueToTree(context.groupLabels()));

        List<AlertLink> links = new ArrayList<>();
        addLink(links, generatorUrl, "Source");
        addLink(links, alertmanagerLink(context.externalUrl(), labels), CLIENT);
        addLink(links, annotations.get("runbook_url"), "Runbook");
        addLink(links, annotations.get("dashboard"), "Dashboard");

        return new AlertEvent(firing ? AlertAction.TRIGGER : AlertAction.RESOLVE, fingerprint, summary(labels, annotations),
                source(labels, context), firing ? SeverityMap.map(labels.get("severity"), context.severityOverrides(), Severity.ERROR) : null,
                firing ? startsAt : ended ? endsAt : null, firstOf(labels, "service", "job"), firstOf(labels, "cluster", "namespace"),
                present(labels.get("alertname")), ProbeSpecs.json().writeValueAsString(details), links, List.of(), CLIENT,
                present(context.externalUrl()), context.groupKey());
    }

    /** {@code firing} or {@code resolved}; required on each alert, optional on the notification. */
    private static String status(JsonNode value, String path, boolean isRequired, List<String> errors) {
        String status = isRequired ? required(value, path, errors) : string(value, path, errors);
        if (status != null && !status.equals("firing") && !status.equals("resolved")) {
            errors.add(quoted(path) + " is invalid (must be one of the following: 'firing' or 'resolved')");
            return null;
        }
        return status;
    }

    private static int truncatedAlerts(JsonNode value, List<String> errors) {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            errors.add("'truncatedAlerts' must be a whole number of alerts, not " + value);
            return 0;
        }
        return value.intValue();
    }

    private static Instant time(String text, String path, List<String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant instant = instant(text);
        if (instant == null) {
            errors.add(quoted(path) + " is invalid (must be an RFC 3339 timestamp such as 2024-05-01T10:00:00Z)");
        }
        return instant;
    }

    private static String summary(Map<String, String> labels, Map<String, String> annotations) {
        String written = present(annotations.get("summary"));
        if (written == null) {
            written = present(annotations.get("description"));
        }
        if (written != null) {
            return capped(written, PagerDutyEvents.MAX_SUMMARY);
        }
        String name = present(labels.get("alertname"));
        List<String> telling = new ArrayList<>();
        for (String label : TELLING_LABELS) {
            if (present(labels.get(label)) != null) {
                telling.add(label + "=" + labels.get(label));
            }
        }
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            boolean named = label.getKey().equals("alertname") || label.getKey().equals("severity") || TELLING_LABELS.contains(label.getKey());
            if (!named && present(label.getValue()) != null) {
                telling.add(label.getKey() + "=" + label.getValue());
            }
        }
        String text = name == null ? "Alert" : name;
        if (!telling.isEmpty()) {
            text += " on " + String.join(", ", telling);
        }
        return capped(text, PagerDutyEvents.MAX_SUMMARY);
    }

    private static String source(Map<String, String> labels, Context context) {
        String source = firstOf(labels, "instance", "job");
        if (source == null && context.externalUrl() != null) {
            try {
                source = present(URI.create(context.externalUrl().strip()).getHost());
            } catch (IllegalArgumentException e) {
                source = null;
            }
        }
        return source == null ? present(context.receiver()) : source;
    }

    /**
     * The alert in Alertmanager's UI, found by its labels:
     * {@code <externalURL>/#/alerts?filter={alertname="HighLatency",instance="api-1:9090"}} (encoded).
     */
    private static String alertmanagerLink(String externalUrl, Map<String, String> labels) {
        String base = present(externalUrl);
        if (base == null || labels.isEmpty()) {
            return null;
        }
        List<String> matchers = new ArrayList<>();
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            String value = label.getValue().replace("\\", "\\\\").replace("\"", "\\\"");
            matchers.add(label.getKey() + "=\"" + value + "\"");
        }
        String filter = "{" + String.join(",", matchers) + "}";
        return base.replaceAll("/+$", "") + "/#/alerts?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void addLink(List<AlertLink> links, String href, String text) {
        if (present(href) != null) {
            links.add(new AlertLink(href.strip(), text));
        }
    }

    private static String firstOf(Map<String, String> labels, String... names) {
        for (String name : names) {
            String value = present(labels.get(name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String present(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
