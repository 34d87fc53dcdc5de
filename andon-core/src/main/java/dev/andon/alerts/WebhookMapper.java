package dev.andon.alerts;

import static dev.andon.alerts.EventFields.capped;
import static dev.andon.alerts.EventFields.jsonText;
import static dev.andon.alerts.EventFields.kind;
import static dev.andon.alerts.EventFields.length;
import static dev.andon.alerts.EventFields.quoted;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.Jackson3JsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.Jackson3MappingProvider;
import dev.andon.probe.ProbeSpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads any JSON webhook (Grafana, Datadog, a CI script) into alert events through the
 * integration's {@link WebhookMapping}: JSONPaths into the body, or into each element of the
 * {@code alerts} array when the mapping names one. A path that finds nothing gives null (never an
 * exception); a path that can match several nodes ({@code $..title}) gives its first match.
 *
 * <ul>
 * <li>action: the status value, lower-cased, looked up in the mapping's trigger, acknowledge and
 *     resolve values; no status path means every call is a trigger; an unknown or missing value is an error;
 * <li>summary: the title, required for a trigger, cut to 1024 characters (PagerDuty's limit; a generic
 *     sender cannot be asked to shorten it, so it is cut rather than refused);
 * <li>dedup key: no path, or nothing found, leaves it null (the pipeline generates one for a trigger);
 *     an acknowledge or resolve without one is an error, as it could find no alert;
 * <li>severity: through {@link SeverityMap}, {@code error} when there is no path or no value; none on acknowledge and resolve;
 * <li>source: the value, else the integration's name, which is also the event's client;
 * <li>links: a URL, an array of URLs, or an array of objects with {@code href} or {@code url} (and
 *     {@code text}, {@code title} or {@code name}); entries without a URL are skipped;
 * <li>custom details: the value at the details path as JSON, or the whole alert when there is no path.
 * </ul>
 */
public final class WebhookMapper {

    /** Paths run on Jackson's tree as it is; a missing path gives null instead of throwing. */
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new Jackson3JsonNodeJsonProvider(ProbeSpecs.json()))
            .mappingProvider(new Jackson3MappingProvider(ProbeSpecs.json()))
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private WebhookMapper() {}

    /**
     * Why a JSONPath cannot be used, or null when it compiles: for checking a mapping written in
     * YAML or sent to the API before any webhook arrives.
     */
    public static String problem(String jsonPath) {
        if (jsonPath == null || jsonPath.isBlank()) {
            return "is empty: write a JSONPath such as $.title";
        }
        try {
            JsonPath.compile(jsonPath);
            return null;
        } catch (InvalidPathException | IllegalArgumentException e) {
            String why = e.getMessage();
            if (why == null || why.contains("Exception")) {
                why = "it cannot be parsed";
            }
            return quoted(jsonPath) + " is not a valid JSONPath: " + why + " (write it like $.title or $.alerts[0].labels.severity)";
        }
    }

    /**
     * @param integrationName   the integration's name: the source when the mapping gives none, and the client
     * @param severityOverrides the integration's severity table, on top of {@link SeverityMap}'s
     * @return one event per alert; empty when the {@code alerts} array is empty
     * @throws InvalidEventException naming, for every alert at fault, the mapping path and what it found
     */
    public static List<AlertEvent> read(WebhookMapping mapping, String integrationName, JsonNode body, Map<String, Severity> severityOverrides) {
        List<String> errors = new ArrayList<>();
        for (String path : new String[] {mapping.alerts(), mapping.title(), mapping.dedupKey(), mapping.status(), mapping.severity(),
                mapping.source(), mapping.links(), mapping.details()}) {
            String problem = path == null ? null : problem(path);
            if (problem != null) {
                errors.add("The integration's mapping is invalid: " + problem);
            }
        }
        if (mapping.title() == null) {
            errors.add("The integration's mapping has no title path: set one, such as $.title");
        }
        if (!errors.isEmpty()) {
            throw new InvalidEventException(errors);
        }
        List<Alert> alerts = alerts(mapping, body);
        List<AlertEvent> events = new ArrayList<>();
        for (Alert alert : alerts) {
            AlertEvent event = event(alert, mapping, integrationName, severityOverrides, errors);
            if (event != null) {
                events.add(event);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidEventException(errors);
        }
        return events;
    }

    /** One alert in the body and where it is, for errors: "the body" or "$.alerts[2]". */
    private record Alert(JsonNode node, String location) {}

    private static List<Alert> alerts(WebhookMapping mapping, JsonNode body) {
        if (mapping.alerts() == null) {
            if (body == null || !body.isObject()) {
                throw new InvalidEventException(List.of("The body must be a JSON object, not " + kind(body)
                        + " (for a body that carries several alerts, set the mapping's alerts path, such as $.alerts)"));
            }
            return List.of(new Alert(body, "the body"));
        }
        JsonPath path = JsonPath.compile(mapping.alerts());
        JsonNode found = body == null ? null : present(JsonPath.using(JSON_PATH).parse(body).read(path));
        if (found == null) {
            throw new InvalidEventException(List.of(quoted(mapping.alerts()) + " found no alerts in the body"));
        }
        if (found.isObject()) {
            return List.of(new Alert(found, mapping.alerts()));
        }
        if (!found.isArray()) {
            throw new InvalidEventException(List.of(quoted(mapping.alerts()) + " must find an array of alerts, not " + kind(found)));
        }
        List<Alert> alerts = new ArrayList<>();
        for (int index = 0; index < found.size(); index++) {
            String location = path.isDefinite() ? mapping.alerts() + "[" + index + "]" : "alert " + index + " of " + mapping.alerts();
            alerts.add(new Alert(found.get(index), location));
        }
        return alerts;
    }

    private static AlertEvent event(Alert alert, WebhookMapping mapping, String integrationName, Map<String, Severity> severityOverrides,
                                    List<String> errors) {
        if (!alert.node().isObject()) {
            errors.add(alert.location() + " must be an object (one alert), not " + kind(alert.node()));
            return null;
        }
        int before = errors.size();
        AlertAction action = action(alert, mapping, errors);
        boolean trigger = action == AlertAction.TRIGGER;
        boolean followUp = action == AlertAction.ACKNOWLEDGE || action == AlertAction.RESOLVE;

        int beforeTitle = errors.size();
        String title = text(alert, mapping.title(), "title", errors);
        if (title == null && !followUp && errors.size() == beforeTitle) {
            errors.add(quoted(mapping.title()) + " in " + alert.location() + " found no title, which a trigger needs");
        }
        String dedupKey = mapping.dedupKey() == null ? null : text(alert, mapping.dedupKey(), "dedup key", errors);
        if (dedupKey != null && length(dedupKey) > PagerDutyEvents.MAX_DEDUP_KEY) {
            errors.add(quoted(mapping.dedupKey()) + " in " + alert.location() + " found a dedup key of " + length(dedupKey)
                    + " characters: the maximum is " + PagerDutyEvents.MAX_DEDUP_KEY);
        }
        if (dedupKey == null && followUp) {
            String anAction = action == AlertAction.ACKNOWLEDGE ? "an acknowledge" : "a resolve";
            errors.add(mapping.dedupKey() == null
                    ? "The mapping has no dedupKey path, so " + anAction + " in " + alert.location() + " cannot find its alert: set one"
                    : quoted(mapping.dedupKey()) + " in " + alert.location() + " found no dedup key, which " + anAction + " needs to find its alert");
        }
        String severityText = mapping.severity() == null ? null : text(alert, mapping.severity(), "severity", errors);
        String source = mapping.source() == null ? null : text(alert, mapping.source(), "source", errors);
        if (errors.size() > before) {
            return null;
        }
        Severity severity = trigger ? SeverityMap.map(severityText, severityOverrides, Severity.ERROR) : null;
        String details = mapping.details() == null ? jsonText(alert.node()) : jsonText(found(alert.node(), mapping.details()));
        return new AlertEvent(action, dedupKey, capped(title, PagerDutyEvents.MAX_SUMMARY), source == null ? integrationName : source,
                severity, null, null, null, null, details, links(alert, mapping.links()), List.of(), integrationName, null, null);
    }

    private static AlertAction action(Alert alert, WebhookMapping mapping, List<String> errors) {
        if (mapping.status() == null) {
            return AlertAction.TRIGGER;
        }
        int before = errors.size();
        String status = text(alert, mapping.status(), "status", errors);
        if (errors.size() > before) {
            return null;
        }
        if (status != null) {
            String value = status.strip().toLowerCase(Locale.ROOT);
            if (lowerCased(mapping.triggerValues()).contains(value)) {
                return AlertAction.TRIGGER;
            }
            if (lowerCased(mapping.acknowledgeValues()).contains(value)) {
                return AlertAction.ACKNOWLEDGE;
            }
            if (lowerCased(mapping.resolveValues()).contains(value)) {
                return AlertAction.RESOLVE;
            }
        }
        String found = status == null ? "found no status" : "found the status \"" + status + "\"";
        errors.add(quoted(mapping.status()) + " in " + alert.location() + " " + found + ", which is none of the known values (trigger: "
                + String.join(", ", mapping.triggerValues()) + "; acknowledge: " + String.join(", ", mapping.acknowledgeValues())
                + "; resolve: " + String.join(", ", mapping.resolveValues())
                + "): add it to the mapping's triggerValues, acknowledgeValues or resolveValues");
        return null;
    }

    /** A single value as text (numbers and booleans too); null when nothing is there or it is blank. */
    private static String text(Alert alert, String path, String what, List<String> errors) {
        JsonNode value = found(alert.node(), path);
        if (value == null) {
            return null;
        }
        if (!value.isValueNode()) {
            errors.add(quoted(path) + " in " + alert.location() + " found " + kind(value) + " where the " + what + " should be: point it at a text value");
            return null;
        }
        String text = value.asString();
        return text.isBlank() ? null : text;
    }

    /** The one value a path finds: for a path that can match several nodes, its first match; null when nothing is there. */
    private static JsonNode found(JsonNode node, String path) {
        JsonPath compiled = JsonPath.compile(path);
        JsonNode found = present(JsonPath.using(JSON_PATH).parse(node).read(compiled));
        if (found == null || compiled.isDefinite()) {
            return found;
        }
        for (JsonNode match : found) {
            if (present(match) != null) {
                return match;
            }
        }
        return null;
    }

    private static List<AlertLink> links(Alert alert, String path) {
        List<AlertLink> links = new ArrayList<>();
        if (path != null) {
            JsonNode found = present(JsonPath.using(JSON_PATH).parse(alert.node()).read(JsonPath.compile(path)));
            addLinks(links, found, 0);
        }
        return links;
    }

    private static void addLinks(List<AlertLink> links, JsonNode value, int depth) {
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isString() && !value.asString().isBlank()) {
            links.add(new AlertLink(value.asString().strip(), null));
        } else if (value.isObject()) {
            String href = firstText(value, "href", "url");
            if (href != null) {
                links.add(new AlertLink(href, firstText(value, "text", "title", "name")));
            }
        } else if (value.isArray() && depth < 2) {
            // Two levels, so that a path matching several arrays of links ($..links) gives all of them.
            for (JsonNode element : value) {
                addLinks(links, element, depth + 1);
            }
        }
    }

    private static String firstText(JsonNode object, String... names) {
        for (String name : names) {
            JsonNode value = object.get(name);
            if (value != null && value.isString() && !value.asString().isBlank()) {
                return value.asString().strip();
            }
        }
        return null;
    }

    private static List<String> lowerCased(List<String> values) {
        return values.stream().map(value -> value.strip().toLowerCase(Locale.ROOT)).toList();
    }

    private static JsonNode present(Object found) {
        return found instanceof JsonNode node && !node.isNull() && !node.isMissingNode() ? node : null;
    }
}
