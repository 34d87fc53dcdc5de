package dev.andon.server.web;

import dev.andon.alerts.AlertFields;
import dev.andon.alerts.Integration;
import dev.andon.alerts.IntegrationType;
import dev.andon.alerts.InvalidAlertSettingException;
import dev.andon.catalog.Slug;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The integration form exactly as typed. It converts to the same spec fields the API and YAML use
 * and lets {@link AlertFields} validate them, mapping each problem back onto the input it came from
 * ({@code severities.page} is the severities box, {@code mapping.title} the title path).
 */
public record IntegrationForm(String slug, String name, String service, String type, String severities, String autoResolveAfter,
                              String mappingAlerts, String mappingTitle, String mappingDedupKey, String mappingStatus, String mappingSeverity,
                              String mappingSource, String mappingLinks, String mappingDetails, String triggerValues, String acknowledgeValues,
                              String resolveValues) {

    /** Webhook mapping paths: the form field and the spec field it fills. */
    static final Map<String, String> PATHS = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Map.of(
            "mappingTitle", "title", "mappingDedupKey", "dedupKey", "mappingStatus", "status", "mappingSeverity", "severity",
            "mappingSource", "source", "mappingLinks", "links", "mappingDetails", "details", "mappingAlerts", "alerts")));
    private static final List<String> STATUS_VALUES = List.of("triggerValues", "acknowledgeValues", "resolveValues");

    public IntegrationForm {
        slug = trim(slug);
        name = trim(name);
        service = trim(service);
        type = trim(type);
        severities = severities == null ? "" : severities.strip();
        autoResolveAfter = trim(autoResolveAfter);
        mappingAlerts = trim(mappingAlerts);
        mappingTitle = trim(mappingTitle);
        mappingDedupKey = trim(mappingDedupKey);
        mappingStatus = trim(mappingStatus);
        mappingSeverity = trim(mappingSeverity);
        mappingSource = trim(mappingSource);
        mappingLinks = trim(mappingLinks);
        mappingDetails = trim(mappingDetails);
        triggerValues = trim(triggerValues);
        acknowledgeValues = trim(acknowledgeValues);
        resolveValues = trim(resolveValues);
    }

    /** A blank form: PagerDuty's Events API v2 is what most tools speak. */
    public static IntegrationForm blank(String service) {
        return new IntegrationForm("", "", service, IntegrationType.EVENTS_V2.text(), "", "", "", "", "", "", "", "", "", "", "", "", "");
    }

    /**
     * The integration this form describes, or null when it has problems, which go to {@code errors}.
     * Mapping fields count only for a webhook, so switching the type back does not trip over them.
     */
    public Integration toIntegration(FormErrors errors) {
        String integrationSlug = slug.isEmpty() && !name.isEmpty() ? Slug.from(name) : slug;
        if (integrationSlug.isEmpty()) {
            errors.add("name", "is required: what sends alerts here, such as Prometheus production");
            return null;
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode spec = nodes.objectNode();
        if (!name.isEmpty()) {
            spec.put("title", name);
        }
        spec.put("service", service);
        spec.put("type", type);
        ObjectNode severityTable = spec.putObject("severities");
        List<String> lines = severities.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index);
            int equals = line.indexOf('=') >= 0 ? line.indexOf('=') : line.indexOf(':');
            if (equals <= 0 || equals == line.length() - 1) {
                errors.add("severities", "line " + (index + 1) + " ('" + line + "'): write source=severity, such as page=critical");
                continue;
            }
            severityTable.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip().toLowerCase(Locale.ROOT));
        }
        if (!autoResolveAfter.isEmpty()) {
            spec.put("autoResolveAfter", autoResolveAfter);
        }
        if (IntegrationType.WEBHOOK.text().equals(type) && hasMapping()) {
            ObjectNode mapping = spec.putObject("mapping");
            PATHS.forEach((formField, specField) -> {
                String value = value(formField);
                if (!value.isEmpty()) {
                    mapping.put(specField, value);
                }
            });
            for (String field : STATUS_VALUES) {
                String value = value(field);
                if (!value.isEmpty()) {
                    ArrayNode values = mapping.putArray(field);
                    Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).forEach(values::add);
                }
            }
        }
        if (errors.any()) {
            return null;
        }
        try {
            return AlertFields.integration(integrationSlug, spec);
        } catch (InvalidAlertSettingException invalid) {
            errors.add(formField(invalid.field()), invalid.problem());
            return null;
        }
    }

    private boolean hasMapping() {
        return PATHS.keySet().stream().anyMatch(field -> !value(field).isEmpty()) || STATUS_VALUES.stream().anyMatch(field -> !value(field).isEmpty());
    }

    /** A field of this form by its name. */
    public String value(String field) {
        return switch (field) {
            case "mappingAlerts" -> mappingAlerts;
            case "mappingTitle" -> mappingTitle;
            case "mappingDedupKey" -> mappingDedupKey;
            case "mappingStatus" -> mappingStatus;
            case "mappingSeverity" -> mappingSeverity;
            case "mappingSource" -> mappingSource;
            case "mappingLinks" -> mappingLinks;
            case "mappingDetails" -> mappingDetails;
            case "triggerValues" -> triggerValues;
            case "acknowledgeValues" -> acknowledgeValues;
            case "resolveValues" -> resolveValues;
            default -> throw new IllegalArgumentException(field);
        };
    }

    /** Which input a field named by {@link AlertFields} or the store refers to. */
    static String formField(String field) {
        if (field == null) {
            return "form";
        }
        if (field.startsWith("severities")) {
            return "severities";
        }
        if (field.equals("mapping")) {
            return "mappingTitle";
        }
        if (field.startsWith("mapping.")) {
            String name = field.substring("mapping.".length()).replaceAll("\\[.*$", "");
            if (STATUS_VALUES.contains(name)) {
                return name;
            }
            return PATHS.entrySet().stream().filter(entry -> entry.getValue().equals(name)).map(Map.Entry::getKey).findFirst().orElse("mappingTitle");
        }
        return switch (field) {
            case "name", "slug" -> "slug";
            case "title" -> "name";
            case "service", "type", "autoResolveAfter" -> field;
            default -> "form";
        };
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}
