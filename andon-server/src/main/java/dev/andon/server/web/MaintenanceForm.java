package dev.andon.server.web;

import dev.andon.alerts.AlertFields;
import dev.andon.alerts.InvalidAlertSettingException;
import dev.andon.alerts.MaintenanceWindow;
import dev.andon.catalog.Slug;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The maintenance window form as typed. Times come from {@code datetime-local} inputs, read in the
 * chosen time zone, so people type the wall-clock time of the change they plan. It converts to the
 * spec fields the API and YAML use and lets {@link AlertFields} validate them, so a bad cron
 * expression gets the same message everywhere, shown next to the field.
 *
 * @param kind          {@code once} (start and end) or {@code recurring} (cron or RRULE, duration, optional bounds)
 * @param allServices   "true" when ticked
 */
public record MaintenanceForm(String slug, String name, String description, List<String> services, String allServices, String kind,
                              String timezone, String start, String end, String cron, String rrule, String duration) {

    public static final String ONCE = "once";
    public static final String RECURRING = "recurring";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    public MaintenanceForm {
        slug = trim(slug);
        name = trim(name);
        description = description == null ? "" : description.strip();
        services = services == null ? List.of() : services.stream().filter(service -> !service.isBlank()).distinct().toList();
        allServices = trim(allServices);
        kind = RECURRING.equals(trim(kind)) ? RECURRING : ONCE;
        timezone = trim(timezone).isEmpty() ? "UTC" : trim(timezone);
        start = trim(start);
        end = trim(end);
        cron = trim(cron);
        rrule = trim(rrule);
        duration = trim(duration);
    }

    public static MaintenanceForm blank(String service) {
        return new MaintenanceForm("", "", "", service.isEmpty() ? List.of() : List.of(service), "", ONCE, "UTC", "", "", "", "", "");
    }

    public boolean all() {
        return "true".equals(allServices) || "on".equals(allServices);
    }

    public boolean covers(String service) {
        return services.contains(service);
    }

    public boolean recurring() {
        return RECURRING.equals(kind);
    }

    /** The window this form describes, or null when it has problems, which go to {@code errors}. */
    public MaintenanceWindow toWindow(FormErrors errors) {
        String windowSlug = slug.isEmpty() && !name.isEmpty() ? Slug.from(name) : slug;
        if (windowSlug.isEmpty()) {
            errors.add("name", "is required: what is being maintained, such as Database upgrade");
        }
        ZoneId zone = null;
        try {
            zone = ZoneId.of(timezone).normalized();
        } catch (DateTimeException unknown) {
            errors.add("timezone", "'" + timezone + "' is not a time zone: choose one from the list, such as Europe/Amsterdam");
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode spec = nodes.objectNode();
        if (!name.isEmpty()) {
            spec.put("title", name);
        }
        if (!description.isEmpty()) {
            spec.put("description", description);
        }
        if (all()) {
            spec.put("allServices", true);
        } else {
            ArrayNode list = spec.putArray("services");
            services.forEach(list::add);
        }
        if (zone != null) {
            putTime(spec, "start", start, zone, errors);
            putTime(spec, "end", end, zone, errors);
        }
        if (recurring()) {
            if (cron.isEmpty() && rrule.isEmpty()) {
                errors.add("cron", "is required for a recurring window: a cron expression such as 0 2 * * 0 (or an RRULE below)");
            }
            putIfSet(spec, "cron", cron);
            putIfSet(spec, "rrule", rrule);
            putIfSet(spec, "duration", duration);
            if (zone != null && !zone.equals(ZoneOffset.UTC)) {
                spec.put("timezone", zone.getId());
            }
        }
        if (errors.any()) {
            return null;
        }
        try {
            return AlertFields.maintenanceWindow(windowSlug, spec);
        } catch (InvalidAlertSettingException invalid) {
            errors.add(formField(invalid.field()), invalid.problem());
            return null;
        }
    }

    /** A {@code datetime-local} value read in the zone, as the offset date-time the spec wants. */
    private static void putTime(ObjectNode spec, String field, String value, ZoneId zone, FormErrors errors) {
        if (value.isEmpty()) {
            return;
        }
        try {
            LocalDateTime local = LocalDateTime.parse(value.length() == 16 ? value : value.substring(0, Math.min(value.length(), 19)));
            spec.put(field, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(local.atZone(zone)));
        } catch (DateTimeParseException unreadable) {
            errors.add(field, "'" + value + "' is not a date and time: write it like " + LOCAL.format(LocalDateTime.of(2026, 3, 1, 2, 0)));
        }
    }

    /** Which input a field named by {@link AlertFields} or the store refers to. */
    static String formField(String field) {
        if (field == null) {
            return "form";
        }
        if (field.startsWith("services") || field.equals("allServices")) {
            return "services";
        }
        return switch (field) {
            case "name", "slug" -> "slug";
            case "title" -> "name";
            case "description", "start", "end", "cron", "rrule", "duration", "timezone" -> field;
            default -> "form";
        };
    }

    private static void putIfSet(ObjectNode spec, String field, String value) {
        if (!value.isEmpty()) {
            spec.put(field, value);
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}
