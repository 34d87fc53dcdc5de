package dev.andon.alerts;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import dev.andon.catalog.Slug;
import dev.andon.probe.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one field vocabulary of integrations and maintenance windows, shared by the API's JSON and the
 * YAML kinds, as {@link dev.andon.checks.CheckFields} is for checks. Reading validates and throws
 * {@link InvalidAlertSettingException} naming the field as written ({@code mapping.title},
 * {@code severities.page}, {@code services[1]}); writing leaves defaults out, and reading what was
 * written gives back an equal record.
 */
public final class AlertFields {
    public static final List<String> INTEGRATION_FIELDS = List.of("title", "service", "type", "severities", "autoResolveAfter", "mapping");
    public static final List<String> MAPPING_FIELDS = List.of("alerts", "title", "dedupKey", "status", "severity", "source", "links",
            "details", "triggerValues", "acknowledgeValues", "resolveValues");
    public static final List<String> MAINTENANCE_FIELDS = List.of("title", "description", "services", "allServices", "start", "end", "cron",
            "rrule", "duration", "timezone");

    /** Shorter than this, an auto-resolve or a maintenance occurrence is a typo (1s for 1h), not a plan. */
    private static final Duration SHORTEST = Duration.ofMinutes(1);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String TYPES = "events-v2, alertmanager, webhook";
    private static final String SEVERITIES = "critical, error, warning, info";

    private AlertFields() {}

    // --- integrations

    /** Reads an integration from its spec fields (the slug comes from metadata or the URL). */
    public static Integration integration(String slug, JsonNode fields) {
        requireObject("spec", fields, INTEGRATION_FIELDS);
        refuseUnknown("", fields, INTEGRATION_FIELDS);
        requireSlug("name", slug);
        String title = text(fields, "title");
        String service = text(fields, "service");
        if (service == null || service.isBlank()) {
            throw new InvalidAlertSettingException("service", "is required: the slug of the service whose alerts come in here");
        }
        requireSlug("service", service);
        String typeText = text(fields, "type");
        if (typeText == null || typeText.isBlank()) {
            throw new InvalidAlertSettingException("type", "is required: one of " + TYPES);
        }
        IntegrationType type = IntegrationType.parse(typeText);
        if (type == null) {
            throw new InvalidAlertSettingException("type", "'" + typeText + "' is not an integration type: use one of " + TYPES);
        }
        Map<String, Severity> severities = severities(fields.get("severities"));
        Duration autoResolveAfter = duration(fields, "autoResolveAfter");
        JsonNode mappingNode = fields.get("mapping");
        WebhookMapping mapping = null;
        if (type == IntegrationType.WEBHOOK) {
            if (mappingNode == null || mappingNode.isNull()) {
                throw new InvalidAlertSettingException("mapping", "is required for a webhook integration: say where in the body "
                        + "the alert's title is, at least (mapping: {title: $.title})");
            }
            mapping = mapping(mappingNode);
        } else if (mappingNode != null && !mappingNode.isNull()) {
            throw new InvalidAlertSettingException("mapping", "only applies to a webhook integration: remove it, or set type: webhook");
        }
        return new Integration(slug, title, service, type, severities, autoResolveAfter, mapping);
    }

    public static ObjectNode json(Integration integration) {
        ObjectNode node = NODES.objectNode();
        if (!integration.name().equals(integration.slug())) {
            node.put("title", integration.name());
        }
        node.put("service", integration.service());
        node.put("type", integration.type().text());
        if (!integration.severities().isEmpty()) {
            ObjectNode severities = node.putObject("severities");
            new TreeMap<>(integration.severities()).forEach((source, severity) -> severities.put(source, severity.text()));
        }
        if (integration.autoResolveAfter() != null) {
            node.put("autoResolveAfter", Durations.format(integration.autoResolveAfter()));
        }
        if (integration.mapping() != null) {
            node.set("mapping", json(integration.mapping()));
        }
        return node;
    }

    private static Map<String, Severity> severities(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidAlertSettingException("severities", "must be a mapping of source severity to one of " + SEVERITIES
                    + " (page: critical)");
        }
        Map<String, Severity> severities = new LinkedHashMap<>();
        Map<String, String> byLowerCase = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String source = entry.getKey();
            String field = "severities." + source;
            if (source.isBlank()) {
                throw new InvalidAlertSettingException("severities", "a source severity must not be empty");
            }
            String first = byLowerCase.putIfAbsent(source.toLowerCase(Locale.ROOT), source);
            if (first != null) {
                throw new InvalidAlertSettingException(field, "is the same as '" + first + "' (source severities are compared "
                        + "lower-cased): keep one");
            }
            JsonNode value = entry.getValue();
            Severity severity = value != null && value.isString() ? Severity.parse(value.asString()) : null;
            if (severity == null) {
                String given = value == null || value.isNull() ? "nothing"
                        : value.isValueNode() ? "'" + value.asString() + "'" : "a " + shape(value);
                throw new InvalidAlertSettingException(field, given + " is not a severity: use one of " + SEVERITIES);
            }
            severities.put(source, severity);
        }
        return severities;
    }

    private static WebhookMapping mapping(JsonNode node) {
        requireObject("mapping", node, MAPPING_FIELDS);
        refuseUnknown("mapping.", node, MAPPING_FIELDS);
        String title = path(node, "title");
        if (title == null) {
            throw new InvalidAlertSettingException("mapping.title", "is required: the JSONPath of the alert's title, such as $.title");
        }
        List<String> trigger = statusValues(node, "triggerValues");
        List<String> acknowledge = statusValues(node, "acknowledgeValues");
        List<String> resolve = statusValues(node, "resolveValues");
        refuseAmbiguousStatus(trigger, acknowledge, resolve);
        return new WebhookMapping(path(node, "alerts"), title, path(node, "dedupKey"), path(node, "status"), path(node, "severity"),
                path(node, "source"), path(node, "links"), path(node, "details"), trigger, acknowledge, resolve);
    }

    private static ObjectNode json(WebhookMapping mapping) {
        ObjectNode node = NODES.objectNode();
        putIfSet(node, "alerts", mapping.alerts());
        node.put("title", mapping.title());
        putIfSet(node, "dedupKey", mapping.dedupKey());
        putIfSet(node, "status", mapping.status());
        putIfSet(node, "severity", mapping.severity());
        putIfSet(node, "source", mapping.source());
        putIfSet(node, "links", mapping.links());
        putIfSet(node, "details", mapping.details());
        putIfChanged(node, "triggerValues", mapping.triggerValues(), WebhookMapping.DEFAULT_TRIGGER);
        putIfChanged(node, "acknowledgeValues", mapping.acknowledgeValues(), WebhookMapping.DEFAULT_ACKNOWLEDGE);
        putIfChanged(node, "resolveValues", mapping.resolveValues(), WebhookMapping.DEFAULT_RESOLVE);
        return node;
    }

    /** A JSONPath into the body (or into each alert); null when not given. */
    private static String path(JsonNode mapping, String name) {
        String field = "mapping." + name;
        String path = text(mapping, name, field);
        if (path == null) {
            return null;
        }
        if (!path.startsWith("$")) {
            throw new InvalidAlertSettingException(field, "'" + path + "' is not a JSONPath: start it at the root, like $." + path.strip());
        }
        try {
            JsonPath.compile(path);
        } catch (RuntimeException invalid) {
            // Json-path's own reasons are worth reading; a wrapped index error ("$..[") is not.
            boolean readable = invalid instanceof JsonPathException && invalid.getCause() == null && invalid.getMessage() != null;
            throw new InvalidAlertSettingException(field, "'" + path + "' is not a valid JSONPath" + (readable ? ": " + invalid.getMessage()
                    : ": check its brackets and quotes"));
        }
        return path;
    }

    /** Status values given for one meaning; null (the defaults) when left out. */
    private static List<String> statusValues(JsonNode mapping, String name) {
        String field = "mapping." + name;
        List<String> values = strings(mapping, name, field);
        if (values == null) {
            return null;
        }
        if (values.isEmpty()) {
            throw new InvalidAlertSettingException(field, "must list at least one status value; leave it out for the defaults");
        }
        for (int index = 0; index < values.size(); index++) {
            if (values.get(index).isBlank()) {
                throw new InvalidAlertSettingException(field + "[" + index + "]", "must not be empty");
            }
        }
        return values;
    }

    /**
     * A status value may mean one thing only. The defaults never clash, so a clash involves a list
     * that was given: it is reported there, at the value.
     */
    private static void refuseAmbiguousStatus(List<String> trigger, List<String> acknowledge, List<String> resolve) {
        record Meaning(String field, List<String> given, List<String> defaults) {
            List<String> values() {
                return given == null ? defaults : given;
            }
        }
        List<Meaning> meanings = new ArrayList<>(List.of(new Meaning("triggerValues", trigger, WebhookMapping.DEFAULT_TRIGGER),
                new Meaning("acknowledgeValues", acknowledge, WebhookMapping.DEFAULT_ACKNOWLEDGE),
                new Meaning("resolveValues", resolve, WebhookMapping.DEFAULT_RESOLVE)));
        // Defaults first, so the clash is found while reading a list the user wrote.
        meanings.sort(Comparator.comparing(meaning -> meaning.given() != null));
        Map<String, Meaning> byValue = new HashMap<>();
        for (Meaning meaning : meanings) {
            for (int index = 0; index < meaning.values().size(); index++) {
                String value = meaning.values().get(index);
                Meaning first = byValue.putIfAbsent(value.toLowerCase(Locale.ROOT), meaning);
                if (first != null && first != meaning) {
                    throw new InvalidAlertSettingException("mapping." + meaning.field() + "[" + index + "]", "'" + value + "' is also in "
                            + first.field() + (first.given() == null ? " (by default)" : "") + ": a status value can mean only one thing");
                }
            }
        }
    }

    // --- maintenance windows

    /**
     * Reads a maintenance window: {@code services} or {@code allServices: true}; one-off with
     * {@code start} and {@code end}, or recurring with {@code cron} or {@code rrule}, {@code duration}
     * and {@code timezone} (UTC when left out), bounded by {@code start} and {@code end} if given.
     */
    public static MaintenanceWindow maintenanceWindow(String slug, JsonNode fields) {
        requireObject("spec", fields, MAINTENANCE_FIELDS);
        refuseUnknown("", fields, MAINTENANCE_FIELDS);
        requireSlug("name", slug);
        String title = text(fields, "title");
        String description = text(fields, "description");
        boolean allServices = bool(fields, "allServices");
        List<String> services = services(fields, allServices);
        Instant start = instant(fields, "start");
        Instant end = instant(fields, "end");
        String cron = expression(fields, "cron");
        String rrule = expression(fields, "rrule");
        Duration duration = duration(fields, "duration");
        String timezone = text(fields, "timezone");
        if (start != null && end != null && !end.isAfter(start)) {
            throw new InvalidAlertSettingException("end", "must be after start (" + text(fields, "start") + ")");
        }
        if (cron != null && rrule != null) {
            throw new InvalidAlertSettingException("rrule", "give either cron or rrule, not both");
        }
        if (cron == null && rrule == null) {
            if (duration != null) {
                throw new InvalidAlertSettingException("duration", "only applies to a recurring window (cron or rrule): a one-off window "
                        + "lasts from start to end");
            }
            if (timezone != null) {
                throw new InvalidAlertSettingException("timezone", "only applies to a recurring window (cron or rrule): the start and end "
                        + "of a one-off window carry their own offset");
            }
            if (start == null) {
                throw new InvalidAlertSettingException("start", "is required: when a one-off window begins, such as "
                        + "2026-03-01T02:00:00+01:00 (or give cron or rrule and duration for a recurring window)");
            }
            if (end == null) {
                throw new InvalidAlertSettingException("end", "is required: when a one-off window ends, such as 2026-03-01T06:00:00+01:00");
            }
            return new MaintenanceWindow(slug, title, description, services, allServices, start, end, null, null, null, null);
        }
        ZoneId zone = zone(timezone);
        if (duration == null) {
            throw new InvalidAlertSettingException("duration", "is required: how long each occurrence of a recurring window lasts, "
                    + "such as 4h");
        }
        String field = cron != null ? "cron" : "rrule";
        if (cron != null) {
            try {
                MaintenanceSchedule.cron(cron);
            } catch (IllegalArgumentException unreadable) {
                throw new InvalidAlertSettingException("cron", "'" + cron + "' is not a five-field cron expression"
                        + " (minute hour day-of-month month day-of-week): " + unreadable.getMessage());
            }
        } else {
            RecurrenceRule rule;
            try {
                rule = MaintenanceSchedule.rule(rrule);
            } catch (IllegalArgumentException unreadable) {
                throw new InvalidAlertSettingException("rrule", "'" + rrule + "' is not an RRULE (such as FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;"
                        + "BYMINUTE=0): " + unreadable.getMessage());
            }
            // Both count from DTSTART, which without start is an anchor in 2001 no one would guess.
            if (start == null && rule.getCount() != null) {
                throw new InvalidAlertSettingException("rrule", "COUNT counts occurrences from start: add start, or use UNTIL instead");
            }
            if (start == null && rule.getInterval() > 1) {
                throw new InvalidAlertSettingException("rrule", "INTERVAL=" + rule.getInterval() + " counts periods from start: "
                        + "add start, so it is clear which ones");
            }
        }
        MaintenanceWindow window = new MaintenanceWindow(slug, title, description, services, allServices, start, end, cron, rrule, duration,
                zone);
        String problem = MaintenanceSchedule.firstOccurrenceProblem(window);
        if (problem != null) {
            throw new InvalidAlertSettingException(field, "'" + (cron != null ? cron : rrule) + "' " + problem);
        }
        return window;
    }

    public static ObjectNode json(MaintenanceWindow window) {
        ObjectNode node = NODES.objectNode();
        if (!window.name().equals(window.slug())) {
            node.put("title", window.name());
        }
        putIfSet(node, "description", window.description());
        if (window.allServices()) {
            node.put("allServices", true);
        } else {
            ArrayNode services = node.putArray("services");
            window.services().forEach(services::add);
        }
        // In the window's zone, as people read it; any offset reads back as the same instant.
        if (window.start() != null) {
            node.put("start", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(window.start().atZone(window.zone())));
        }
        if (window.end() != null) {
            node.put("end", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(window.end().atZone(window.zone())));
        }
        putIfSet(node, "cron", window.cron());
        putIfSet(node, "rrule", window.rrule());
        if (window.duration() != null) {
            node.put("duration", Durations.format(window.duration()));
        }
        if (!window.zone().equals(ZoneOffset.UTC)) {
            node.put("timezone", window.zone().getId());
        }
        return node;
    }

    private static List<String> services(JsonNode fields, boolean allServices) {
        JsonNode node = fields.get("services");
        boolean given = node != null && !node.isNull();
        if (allServices) {
            if (given) {
                throw new InvalidAlertSettingException("services", "give either services or allServices: true, not both");
            }
            return List.of();
        }
        if (!given) {
            throw new InvalidAlertSettingException("services", "is required: the services the window covers (services: [checkout]), "
                    + "or allServices: true");
        }
        List<String> services = strings(fields, "services", "services");
        if (services.isEmpty()) {
            throw new InvalidAlertSettingException("services", "must name at least one service, or use allServices: true instead");
        }
        for (int index = 0; index < services.size(); index++) {
            String field = "services[" + index + "]";
            requireSlug(field, services.get(index));
            if (services.indexOf(services.get(index)) < index) {
                throw new InvalidAlertSettingException(field, "'" + services.get(index) + "' is listed twice: keep one");
            }
        }
        return services;
    }

    private static Instant instant(JsonNode fields, String name) {
        String text = text(fields, name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException unreadable) {
            throw new InvalidAlertSettingException(name, "'" + text + "' is not a date and time with an offset: write it like "
                    + "2026-03-01T02:00:00+01:00 or 2026-03-01T01:00:00Z");
        }
    }

    private static String expression(JsonNode fields, String name) {
        String text = text(fields, name);
        if (text != null && text.isBlank()) {
            throw new InvalidAlertSettingException(name, "is empty: write the expression, or leave " + name + " out");
        }
        return text;
    }

    private static ZoneId zone(String timezone) {
        if (timezone == null) {
            return null;
        }
        try {
            // "UTC" and "Z" are one zone, the default: the same window however it was spelled.
            return ZoneId.of(timezone.strip()).normalized();
        } catch (DateTimeException unknown) {
            throw new InvalidAlertSettingException("timezone", "'" + timezone + "' is not a time zone: use an IANA name such as "
                    + "Europe/Amsterdam");
        }
    }

    // --- reading values

    private static void requireObject(String field, JsonNode node, List<String> known) {
        if (node == null || !node.isObject()) {
            throw new InvalidAlertSettingException(field, "must be a mapping of fields: " + String.join(", ", known));
        }
    }

    private static void refuseUnknown(String prefix, JsonNode fields, List<String> known) {
        Set<String> allowed = Set.copyOf(known);
        for (String name : fields.propertyNames()) {
            if (!allowed.contains(name)) {
                throw new InvalidAlertSettingException(prefix + name, "unknown field '" + name + "'; known fields: "
                        + String.join(", ", known));
            }
        }
    }

    private static void requireSlug(String field, String slug) {
        String problem = Slug.problem(slug);
        if (problem != null) {
            throw new InvalidAlertSettingException(field, problem);
        }
    }

    private static String text(JsonNode fields, String name) {
        return text(fields, name, name);
    }

    private static String text(JsonNode fields, String name, String field) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new InvalidAlertSettingException(field, "must be text, not a " + shape(value));
        }
        return value.asString();
    }

    private static boolean bool(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidAlertSettingException(name, "must be true or false");
        }
        return value.asBoolean();
    }

    /** A duration of at least {@link #SHORTEST}, or null when not given; no upper limit. */
    private static Duration duration(JsonNode fields, String name) {
        String text = text(fields, name);
        if (text == null) {
            return null;
        }
        Duration duration = Durations.parseOrNull(text);
        if (duration == null) {
            throw new InvalidAlertSettingException(name, "'" + text + "' is not a duration: write it like 30m, 4h or 3d");
        }
        if (duration.compareTo(SHORTEST) < 0) {
            throw new InvalidAlertSettingException(name, "must be at least 1m, not " + text.strip());
        }
        return duration;
    }

    private static List<String> strings(JsonNode fields, String name, String field) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new InvalidAlertSettingException(field, "must be a list, not "
                    + (value.isValueNode() ? "'" + value.asString() + "'" : "a mapping"));
        }
        List<String> strings = new ArrayList<>();
        for (int index = 0; index < value.size(); index++) {
            JsonNode item = value.get(index);
            if (!item.isValueNode() || item.isNull()) {
                throw new InvalidAlertSettingException(field + "[" + index + "]", "must be text");
            }
            strings.add(item.asString());
        }
        return strings;
    }

    private static String shape(JsonNode node) {
        return node.isArray() ? "list" : "mapping";
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putIfChanged(ObjectNode node, String field, List<String> values, List<String> defaults) {
        if (!values.equals(defaults)) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }
}
