package dev.andon.checks;

import dev.andon.probe.Durations;
import dev.andon.probe.InvalidProbeException;
import dev.andon.probe.ProbeSpec;
import dev.andon.probe.ProbeSpecs;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one field vocabulary of checks and heartbeats, shared by the API's JSON and the YAML kinds:
 * {@code service, type, http|tcp|dns|tls|ping, interval, timeout, retries, failuresToDown,
 * successesToUp, locations, downWhen, paused}. Errors name the field as written.
 */
public final class CheckFields {
    public static final List<String> CHECK_FIELDS = List.of("title", "service", "type", "http", "tcp", "dns", "tls", "ping", "interval",
            "timeout", "retries", "failuresToDown", "successesToUp", "locations", "downWhen", "paused");
    public static final List<String> HEARTBEAT_FIELDS = List.of("title", "service", "period", "cron", "timezone", "grace", "paused");

    /** What the API and the event log show instead of a secret header value. */
    public static final String HIDDEN = "(hidden)";
    private static final java.util.regex.Pattern SECRET_HEADER =
            java.util.regex.Pattern.compile("(?i).*(authorization|cookie|token|secret|password|api[-_]?key).*");

    private CheckFields() {}

    /**
     * The fields with secret request headers (Authorization, Cookie, *token*, *key*...) replaced by
     * {@link #HIDDEN}: what read-only API users and the event log see. Export keeps the values.
     */
    public static ObjectNode redacted(ObjectNode fields) {
        if (fields.path("http").path("headers") instanceof ObjectNode headers) {
            for (String name : List.copyOf(headers.propertyNames())) {
                if (SECRET_HEADER.matcher(name).matches()) {
                    headers.put(name, HIDDEN);
                }
            }
        }
        return fields;
    }

    /** An update that sends {@link #HIDDEN} back for a header keeps the stored value. */
    public static Check keepingHidden(Check incoming, Check stored) {
        if (!(incoming.probe() instanceof dev.andon.probe.HttpSpec http) || !(stored.probe() instanceof dev.andon.probe.HttpSpec before)
                || !http.headers().containsValue(HIDDEN)) {
            return incoming;
        }
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        http.headers().forEach((name, value) -> headers.put(name, HIDDEN.equals(value) && before.headers().containsKey(name) ? before.headers().get(name) : value));
        dev.andon.probe.HttpSpec restored = new dev.andon.probe.HttpSpec(http.url(), http.method(), headers, http.body(), http.expectedStatus(),
                http.bodyContains(), http.bodyRegex(), http.jsonPath(), http.headerAssertions(), http.degradedAfter(), http.followRedirects(),
                http.verifyTls(), http.maxBodyBytes());
        return new Check(incoming.slug(), incoming.name(), incoming.service(), restored, incoming.interval(), incoming.timeout(), incoming.retries(),
                incoming.thresholds(), incoming.locations(), incoming.downWhen(), incoming.paused());
    }

    /** Reads a check from its spec fields (the slug comes from metadata or the URL); throws naming the field at fault. */
    public static Check check(String slug, JsonNode fields) {
        requireObject(fields);
        refuseUnknown(fields, CHECK_FIELDS);
        String type = text(fields, "type");
        List<String> present = ProbeSpecs.types().stream().filter(fields::has).toList();
        if (type == null) {
            if (present.size() != 1) {
                throw new InvalidCheckException("type", "is required: one of " + String.join(", ", ProbeSpecs.types()));
            }
            type = present.getFirst();
        }
        if (!ProbeSpecs.types().contains(type)) {
            throw new InvalidCheckException("type", "'" + type + "' is not a check type: use one of " + String.join(", ", ProbeSpecs.types()));
        }
        for (String other : present) {
            if (!other.equals(type)) {
                throw new InvalidCheckException(other, "does not belong to a check of type " + type + ": remove it");
            }
        }
        ProbeSpec probe;
        try {
            probe = ProbeSpecs.fromJson(type, fields.get(type));
        } catch (InvalidProbeException e) {
            throw new InvalidCheckException(e.field(), e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
        Thresholds thresholds = new Thresholds(integer(fields, "failuresToDown", Thresholds.DEFAULT.failuresToDown()),
                integer(fields, "successesToUp", Thresholds.DEFAULT.successesToUp()));
        List<String> locations = strings(fields, "locations");
        String rule = text(fields, "downWhen");
        DownRule downWhen;
        try {
            downWhen = DownRule.parse(rule == null ? "any" : rule);
        } catch (InvalidCheckException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidCheckException("downWhen", e.getMessage());
        }
        return new Check(slug, text(fields, "title"), text(fields, "service"), probe, duration(fields, "interval"), duration(fields, "timeout"),
                integer(fields, "retries", 0), thresholds, locations, downWhen, bool(fields, "paused")).validate();
    }

    public static ObjectNode json(Check check) {
        ObjectNode node = ProbeSpecs.json().createObjectNode();
        node.put("title", check.name());
        node.put("service", check.service());
        node.put("type", check.type());
        node.set(check.type(), ProbeSpecs.toJson(check.probe()));
        node.put("interval", Durations.format(check.interval()));
        node.put("timeout", Durations.format(check.timeout()));
        node.put("retries", check.retries());
        node.put("failuresToDown", check.thresholds().failuresToDown());
        node.put("successesToUp", check.thresholds().successesToUp());
        ArrayNode locations = node.putArray("locations");
        check.locations().forEach(locations::add);
        node.put("downWhen", check.downWhen().toString());
        node.put("paused", check.paused());
        return node;
    }

    /** Reads a heartbeat: either {@code period} (+ grace) or {@code cron} (+ timezone, grace). */
    public static Heartbeat heartbeat(String slug, JsonNode fields) {
        requireObject(fields);
        refuseUnknown(fields, HEARTBEAT_FIELDS);
        Duration period = duration(fields, "period");
        String cron = text(fields, "cron");
        Duration grace = duration(fields, "grace");
        if (grace == null) {
            grace = Duration.ofHours(1);
        }
        HeartbeatSchedule schedule;
        if (period != null && cron != null) {
            throw new InvalidCheckException("cron", "give either period or cron, not both");
        } else if (cron != null) {
            String zone = text(fields, "timezone");
            ZoneId zoneId;
            try {
                zoneId = ZoneId.of(zone == null ? "UTC" : zone);
            } catch (RuntimeException e) {
                throw new InvalidCheckException("timezone", "'" + zone + "' is not a time zone: use an IANA name such as Europe/Amsterdam");
            }
            try {
                schedule = new HeartbeatSchedule.Cron(cron, zoneId, grace);
            } catch (InvalidCheckException e) {
                // The schedule's own name for the expression is "schedule"; in the spec it is written "cron".
                throw e.field().equals("schedule") ? new InvalidCheckException("cron", e.problem()) : e;
            }
        } else {
            if (fields.has("timezone")) {
                throw new InvalidCheckException("timezone", "only applies to a cron schedule");
            }
            schedule = new HeartbeatSchedule.Simple(period == null ? Duration.ofDays(1) : period, grace);
        }
        return new Heartbeat(slug, text(fields, "title"), text(fields, "service"), schedule, bool(fields, "paused")).validate();
    }

    public static ObjectNode json(Heartbeat heartbeat) {
        ObjectNode node = ProbeSpecs.json().createObjectNode();
        node.put("title", heartbeat.name());
        node.put("service", heartbeat.service());
        switch (heartbeat.schedule()) {
            case HeartbeatSchedule.Simple simple -> node.put("period", Durations.format(simple.period()));
            case HeartbeatSchedule.Cron cron -> {
                node.put("cron", cron.expression());
                node.put("timezone", cron.zone().getId());
            }
        }
        node.put("grace", Durations.format(heartbeat.schedule().grace()));
        node.put("paused", heartbeat.paused());
        return node;
    }

    private static void requireObject(JsonNode fields) {
        if (fields == null || !fields.isObject()) {
            throw new InvalidCheckException("spec", "must be a mapping of fields");
        }
    }

    private static void refuseUnknown(JsonNode fields, List<String> known) {
        Set<String> allowed = Set.copyOf(known);
        for (String name : fields.propertyNames()) {
            if (!allowed.contains(name)) {
                throw new InvalidCheckException(name, "unknown field; known fields: " + String.join(", ", known));
            }
        }
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new InvalidCheckException(name, "must be text");
        }
        return value.asString();
    }

    private static int integer(JsonNode fields, String name, int fallback) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() && !(value.isString() && value.asString().matches("-?\\d{1,9}"))) {
            throw new InvalidCheckException(name, "must be a whole number, not " + (value.isValueNode() ? "'" + value.asString() + "'" : "a " + value.getNodeType().name().toLowerCase()));
        }
        return value.asInt();
    }

    private static boolean bool(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidCheckException(name, "must be true or false");
        }
        return value.asBoolean();
    }

    private static Duration duration(JsonNode fields, String name) {
        String text = text(fields, name);
        if (text == null) {
            return null;
        }
        Duration duration = Durations.parseOrNull(text);
        if (duration == null) {
            throw new InvalidCheckException(name, "'" + text + "' is not a duration: write it like 500ms, 30s, 5m, 1h or 2d");
        }
        return duration;
    }

    private static List<String> strings(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new InvalidCheckException(name, "must be a list");
        }
        List<String> strings = new ArrayList<>();
        for (int index = 0; index < value.size(); index++) {
            JsonNode item = value.get(index);
            if (!item.isValueNode() || item.isNull()) {
                throw new InvalidCheckException(name + "[" + index + "]", "must be text");
            }
            strings.add(item.asString());
        }
        return strings;
    }
}
