package dev.andon.alerts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reading helpers shared by the inbound parsers. They collect problems into a list instead of
 * throwing, so one 400 can name every field at fault, each written {@code 'payload.summary' ...}
 * the way PagerDuty's Events API words its errors.
 */
final class EventFields {

    /**
     * ISO 8601 date and time, offset {@code Z}, {@code +01:00}, {@code +0100} or {@code +01}
     * (PagerDuty's own examples write {@code 2015-07-17T08:42:58.315+0000}); without an offset the
     * time is read as UTC.
     */
    private static final DateTimeFormatter ISO_8601 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
            .toFormatter();

    private EventFields() {}

    static String quoted(String path) {
        return "'" + path + "'";
    }

    /** A string field: null when absent or JSON null; any other non-string is an error naming the path. */
    static String string(JsonNode value, String path, List<String> errors) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (!value.isString()) {
            errors.add(quoted(path) + " must be a string, not " + kind(value));
            return null;
        }
        return value.asString();
    }

    /** A string field that must be there and not blank. */
    static String required(JsonNode value, String path, List<String> errors) {
        int before = errors.size();
        String text = string(value, path, errors);
        if ((text == null || text.isBlank()) && errors.size() == before) {
            errors.add(quoted(path) + " is missing or blank");
        }
        return text == null || text.isBlank() ? null : text;
    }

    /** A map of string to string ({@code labels}, {@code annotations}); empty when absent. */
    static Map<String, String> stringMap(JsonNode value, String path, List<String> errors) {
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null || value.isNull() || value.isMissingNode()) {
            return map;
        }
        if (!value.isObject()) {
            errors.add(quoted(path) + " must be an object of strings, not " + kind(value));
            return map;
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String text = string(entry.getValue(), path + "." + entry.getKey(), errors);
            if (text != null) {
                map.put(entry.getKey(), text);
            }
        }
        return map;
    }

    /** An ISO 8601 timestamp, or null when the text is not one. */
    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            TemporalAccessor parsed = ISO_8601.parseBest(text.strip(), OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime offset ? offset.toInstant() : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Length as PagerDuty counts it: characters, not UTF-16 units. */
    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** The text cut to at most {@code max} characters, the last one an ellipsis when cut. */
    static String capped(String text, int max) {
        if (text == null || length(text) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** How a JSON value is called in an error: "a number", "an object"... */
    static String kind(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case STRING, BINARY -> "a string";
            case MISSING -> "nothing";
        };
    }

    /** The value as JSON text (custom details keep whatever JSON the source sent), or null for absent and JSON null. */
    static String jsonText(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return dev.andon.probe.ProbeSpecs.json().writeValueAsString(value);
    }
}
