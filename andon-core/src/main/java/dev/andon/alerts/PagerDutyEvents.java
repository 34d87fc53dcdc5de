package dev.andon.alerts;

import static dev.andon.alerts.EventFields.capped;
import static dev.andon.alerts.EventFields.instant;
import static dev.andon.alerts.EventFields.jsonText;
import static dev.andon.alerts.EventFields.kind;
import static dev.andon.alerts.EventFields.length;
import static dev.andon.alerts.EventFields.quoted;
import static dev.andon.alerts.EventFields.required;
import static dev.andon.alerts.EventFields.string;

import dev.andon.probe.ProbeSpecs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PagerDuty's Events API v2 as Andon receives it: alert events at {@code POST /v2/enqueue} and
 * change events at {@code POST /v2/change/enqueue}, the routing key being an Andon integration key.
 * PagerDuty client libraries, Alertmanager's PagerDuty notifier and curl in a CI script work
 * unchanged, so the request and the answers follow PagerDuty's exactly:
 * <ul>
 * <li>alert event accepted: 202 {@code {"status":"success","message":"Event processed","dedup_key":"..."}},
 *     also for an acknowledge or resolve that finds no open alert (PagerDuty drops those silently);
 * <li>change event accepted: 202 {@code {"status":"success","message":"Change event processed"}}, no dedup key
 *     (the body PagerDuty's own Go client, go-pagerduty, expects in its tests; PagerDuty's reference does not show it);
 * <li>invalid event, either endpoint: 400 {@code {"status":"invalid event","message":"Event object is invalid","errors":[...]}},
 *     the errors being {@link InvalidEventException#errors()};
 * <li>a body that is not JSON at all: PagerDuty's reference shows 400
 *     {@code {"status":"Unrecognized object","message":"Event object format is unrecognized","errors":["JSON parse error"]}};
 * <li>PagerDuty caps bodies at 512 KB; 429 when rate limited and any 5xx make clients retry, other 4xx do not.
 * </ul>
 * {@link #accepted}, {@link #acceptedChange} and {@link #invalid} build those bodies.
 *
 * <p>Error texts are PagerDuty's where its wording is known ({@code 'payload.summary' is missing or
 * blank}, {@code 'payload.severity' is invalid (must be one of the following: ...)}, {@code ... is
 * too long (maximum is 1024 characters)}) and built the same way where it is not. Unknown fields
 * are ignored, as PagerDuty ignores them.
 */
public final class PagerDutyEvents {
    public static final int MAX_SUMMARY = 1024;
    public static final int MAX_DEDUP_KEY = 255;

    static final String INVALID_SEVERITY =
            "'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')";
    static final String INVALID_ACTION =
            "'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')";

    private PagerDutyEvents() {}

    /** An accepted alert event: the integration it came through (its key) and the event. */
    public record Enqueue(String routingKey, AlertEvent event) {}

    /**
     * Reads an alert event. {@code routing_key} and {@code event_action} are required;
     * {@code dedup_key} (at most 255 characters) is required unless the action is trigger; a trigger
     * needs {@code payload} with {@code summary} (at most 1024 characters: PagerDuty rejects longer
     * ones rather than cutting them), {@code source} and {@code severity}. An acknowledge or resolve
     * may carry a payload (Alertmanager sends one with every resolve): its fields are kept when they
     * have the right JSON types, a longer summary is cut, and nothing in it is required.
     *
     * <p>Leniencies, where PagerDuty's behaviour is not documented: {@code event_action} and
     * {@code severity} are matched ignoring case; a trigger with a blank {@code dedup_key} gets a
     * generated one; a timestamp without an offset is read as UTC.
     *
     * @throws InvalidEventException naming every field at fault
     */
    public static Enqueue parse(JsonNode body) {
        List<String> errors = new ArrayList<>();
        requireObject(body);
        String routingKey = required(body.get("routing_key"), "routing_key", errors);
        AlertAction action = action(body.get("event_action"), errors);
        String dedupKey = dedupKey(body.get("dedup_key"), action, errors);
        Payload payload = payload(body.get("payload"), action == AlertAction.TRIGGER, errors);
        List<AlertLink> links = links(body.get("links"), errors);
        List<AlertImage> images = images(body.get("images"), errors);
        String client = string(body.get("client"), "client", errors);
        String clientUrl = string(body.get("client_url"), "client_url", errors);
        if (!errors.isEmpty()) {
            throw new InvalidEventException(errors);
        }
        AlertEvent event = new AlertEvent(action, dedupKey, payload.summary, payload.source, payload.severity, payload.timestamp,
                payload.component, payload.group, payload.eventClass, payload.customDetails, links, images, client, clientUrl, null);
        return new Enqueue(routingKey, event);
    }

    /**
     * Reads a change event: {@code routing_key} and {@code payload.summary} (at most 1024
     * characters) are required; {@code payload.source}, {@code payload.timestamp} (ISO 8601),
     * {@code payload.custom_details} (any JSON) and {@code links} are optional. Other fields,
     * {@code images} among them (PagerDuty's guide says change events only use links), are ignored.
     *
     * @throws InvalidEventException naming every field at fault
     */
    public static ChangeEvent parseChange(JsonNode body) {
        List<String> errors = new ArrayList<>();
        requireObject(body);
        String routingKey = required(body.get("routing_key"), "routing_key", errors);
        JsonNode payload = body.get("payload");
        String summary = null;
        String source = null;
        Instant timestamp = null;
        String customDetails = null;
        if (payload == null || payload.isNull()) {
            errors.add("'payload' is missing or blank");
        } else if (!payload.isObject()) {
            errors.add("'payload' must be an object, not " + kind(payload));
        } else {
            summary = required(payload.get("summary"), "payload.summary", errors);
            if (summary != null && length(summary) > MAX_SUMMARY) {
                errors.add(tooLong("payload.summary", MAX_SUMMARY));
            }
            source = string(payload.get("source"), "payload.source", errors);
            timestamp = timestamp(payload.get("timestamp"), true, errors);
            customDetails = jsonText(payload.get("custom_details"));
        }
        List<AlertLink> links = links(body.get("links"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidEventException(errors);
        }
        return new ChangeEvent(routingKey, summary, source, timestamp, customDetails, links);
    }

    /** 202 for an alert event: {@code {"status":"success","message":"Event processed","dedup_key":"..."}}. */
    public static ObjectNode accepted(String dedupKey) {
        ObjectNode answer = ProbeSpecs.json().createObjectNode();
        answer.put("status", "success");
        answer.put("message", "Event processed");
        answer.put("dedup_key", dedupKey);
        return answer;
    }

    /** 202 for a change event: {@code {"status":"success","message":"Change event processed"}}. */
    public static ObjectNode acceptedChange() {
        ObjectNode answer = ProbeSpecs.json().createObjectNode();
        answer.put("status", "success");
        answer.put("message", "Change event processed");
        return answer;
    }

    /** 400: {@code {"status":"invalid event","message":"Event object is invalid","errors":[...]}}. */
    public static ObjectNode invalid(List<String> errors) {
        ObjectNode answer = ProbeSpecs.json().createObjectNode();
        answer.put("status", "invalid event");
        answer.put("message", "Event object is invalid");
        ArrayNode list = answer.putArray("errors");
        errors.forEach(list::add);
        return answer;
    }

    private record Payload(String summary, String source, Severity severity, Instant timestamp, String component, String group,
                           String eventClass, String customDetails) {
        static final Payload NONE = new Payload(null, null, null, null, null, null, null, null);
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidEventException(List.of("Event must be a JSON object, not " + kind(body)));
        }
    }

    private static AlertAction action(JsonNode value, List<String> errors) {
        String text = required(value, "event_action", errors);
        if (text == null) {
            return null;
        }
        for (AlertAction action : AlertAction.values()) {
            if (action.text().equals(text.toLowerCase(Locale.ROOT))) {
                return action;
            }
        }
        errors.add(INVALID_ACTION);
        return null;
    }

    private static String dedupKey(JsonNode value, AlertAction action, List<String> errors) {
        int before = errors.size();
        String key = string(value, "dedup_key", errors);
        if (key == null || key.isBlank()) {
            if (action != null && action != AlertAction.TRIGGER && errors.size() == before) {
                errors.add("'dedup_key' is missing or blank");
            }
            return null;
        }
        if (length(key) > MAX_DEDUP_KEY) {
            errors.add(tooLong("dedup_key", MAX_DEDUP_KEY));
        }
        return key;
    }

    /** A trigger's payload is validated in full; another action's only for JSON types. */
    private static Payload payload(JsonNode payload, boolean trigger, List<String> errors) {
        if (payload == null || payload.isNull()) {
            if (trigger) {
                errors.add("'payload' is missing or blank");
            }
            return Payload.NONE;
        }
        if (!payload.isObject()) {
            errors.add("'payload' must be an object, not " + kind(payload));
            return Payload.NONE;
        }
        String summary = trigger ? required(payload.get("summary"), "payload.summary", errors) : string(payload.get("summary"), "payload.summary", errors);
        if (summary != null && length(summary) > MAX_SUMMARY) {
            if (trigger) {
                errors.add(tooLong("payload.summary", MAX_SUMMARY));
            } else {
                summary = capped(summary, MAX_SUMMARY);
            }
        }
        String source = trigger ? required(payload.get("source"), "payload.source", errors) : string(payload.get("source"), "payload.source", errors);
        Severity severity = null;
        if (trigger) {
            String text = required(payload.get("severity"), "payload.severity", errors);
            severity = text == null ? null : Severity.parse(text.toLowerCase(Locale.ROOT));
            if (text != null && severity == null) {
                errors.add(INVALID_SEVERITY);
            }
        } else {
            string(payload.get("severity"), "payload.severity", errors);
        }
        Instant timestamp = timestamp(payload.get("timestamp"), trigger, errors);
        return new Payload(summary, source, severity, timestamp, string(payload.get("component"), "payload.component", errors),
                string(payload.get("group"), "payload.group", errors), string(payload.get("class"), "payload.class", errors),
                jsonText(payload.get("custom_details")));
    }

    /** A blank timestamp counts as absent (PagerDuty fills in the time it received the event). */
    private static Instant timestamp(JsonNode value, boolean validate, List<String> errors) {
        String text = string(value, "payload.timestamp", errors);
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant instant = instant(text);
        if (instant == null && validate) {
            errors.add("'payload.timestamp' is invalid (must be an ISO 8601 timestamp such as 2015-07-17T08:42:58.315+0000)");
        }
        return instant;
    }

    private static List<AlertLink> links(JsonNode value, List<String> errors) {
        List<AlertLink> links = new ArrayList<>();
        for (int index = 0; index < size(value, "links", errors); index++) {
            JsonNode link = element(value, "links", index, errors);
            if (link != null) {
                String path = "links[" + index + "]";
                String href = required(link.get("href"), path + ".href", errors);
                String text = string(link.get("text"), path + ".text", errors);
                if (href != null) {
                    links.add(new AlertLink(href, text));
                }
            }
        }
        return links;
    }

    private static List<AlertImage> images(JsonNode value, List<String> errors) {
        List<AlertImage> images = new ArrayList<>();
        for (int index = 0; index < size(value, "images", errors); index++) {
            JsonNode image = element(value, "images", index, errors);
            if (image != null) {
                String path = "images[" + index + "]";
                String src = required(image.get("src"), path + ".src", errors);
                String href = string(image.get("href"), path + ".href", errors);
                String alt = string(image.get("alt"), path + ".alt", errors);
                if (src != null) {
                    images.add(new AlertImage(src, href, alt));
                }
            }
        }
        return images;
    }

    /** The number of elements of an optional array; 0 (and an error) when it is something else. */
    private static int size(JsonNode value, String name, List<String> errors) {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isArray()) {
            errors.add(quoted(name) + " must be an array, not " + kind(value));
            return 0;
        }
        return value.size();
    }

    private static JsonNode element(JsonNode array, String name, int index, List<String> errors) {
        JsonNode element = array.get(index);
        if (!element.isObject()) {
            errors.add(quoted(name + "[" + index + "]") + " must be an object, not " + kind(element));
            return null;
        }
        return element;
    }

    private static String tooLong(String path, int maximum) {
        return quoted(path) + " is too long (maximum is " + maximum + " characters)";
    }
}
