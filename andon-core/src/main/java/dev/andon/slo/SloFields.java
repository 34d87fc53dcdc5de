package dev.andon.slo;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Andon's JSON vocabulary of an SLO, used by the API and stored as the SLO's spec. Reading
 * validates and throws {@link InvalidSloException} naming the field; writing leaves defaults out,
 * and reading what was written gives back an equal record.
 */
public final class SloFields {
    public static final List<String> FIELDS = List.of("slug", "name", "description", "service", "indicator", "target", "window",
            "budgetingMethod", "sliceWindow", "sliceTarget", "noData", "minEvents", "noDataAlertAfter", "alerts");
    private static final Set<String> INDICATOR_FIELDS = Set.of("source", "check", "location", "latencyThresholdMs", "dataSource", "good", "bad", "total");
    private static final Set<String> WINDOW_FIELDS = Set.of("rolling", "calendar", "timeZone", "start");
    private static final Set<String> ALERT_FIELDS = Set.of("severity", "budget", "long", "short");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern CALENDAR = Pattern.compile("(\\d{1,4})([dwMQY])");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SloFields() {}

    public static Slo read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidSloException("", "an SLO is a JSON object");
        }
        unknown("", node, Set.copyOf(FIELDS));
        String slug = text(node, "slug", true);
        if (!SLUG.matcher(slug).matches()) {
            throw new InvalidSloException("slug", "'" + slug + "' is not a slug: lower-case letters, digits and '-', up to 63");
        }
        String name = text(node, "name", false);
        String service = text(node, "service", true);
        Indicator indicator = indicator(node.path("indicator"));
        if (!node.path("target").isNumber()) {
            throw new InvalidSloException("target", "is required: a number in [0, 1), e.g. 0.999 for 99.9%");
        }
        double target = node.path("target").asDouble();
        if (!(target >= 0 && target < 1)) {
            throw new InvalidSloException("target", target + " is not in [0, 1); write 99.9% as 0.999");
        }
        TimeWindow window = window(node.path("window"));
        String methodText = scalar(node, "budgetingMethod", "budgetingMethod");
        BudgetingMethod method = methodText != null ? BudgetingMethod.parse(methodText) : BudgetingMethod.OCCURRENCES;
        if (method == null) {
            throw new InvalidSloException("budgetingMethod", "'" + methodText + "' is not one of Occurrences, Timeslices, RatioTimeslices");
        }
        Duration sliceWindow = node.hasNonNull("sliceWindow") ? duration(node, "sliceWindow") : null;
        if (node.hasNonNull("sliceTarget") && !node.path("sliceTarget").isNumber()) {
            throw new InvalidSloException("sliceTarget", "is a number in (0, 1], e.g. 0.95");
        }
        Double sliceTarget = node.hasNonNull("sliceTarget") ? node.path("sliceTarget").asDouble() : null;
        if (method.sliced() && (sliceWindow == null || sliceWindow.toSeconds() % 60 != 0 || sliceWindow.isZero())) {
            throw new InvalidSloException("sliceWindow", "is required for " + method.openSlo() + ": whole minutes such as 5m");
        }
        if (method == BudgetingMethod.TIMESLICES && (sliceTarget == null || !(sliceTarget > 0 && sliceTarget <= 1))) {
            throw new InvalidSloException("sliceTarget", "is required for Timeslices: the ratio a slice needs to be good, in (0, 1]");
        }
        if (!method.sliced() && (sliceWindow != null || sliceTarget != null)) {
            throw new InvalidSloException(sliceWindow != null ? "sliceWindow" : "sliceTarget", "is only for Timeslices and RatioTimeslices");
        }
        String noDataText = scalar(node, "noData", "noData");
        NoDataPolicy noData = noDataText != null ? NoDataPolicy.parse(noDataText) : NoDataPolicy.EXCLUDED;
        if (noData == null) {
            throw new InvalidSloException("noData", "'" + noDataText + "' is not one of good, bad, excluded");
        }
        JsonNode minEventsNode = node.path("minEvents");
        if (node.hasNonNull("minEvents") && !(minEventsNode.isIntegralNumber() && minEventsNode.canConvertToLong())) {
            throw new InvalidSloException("minEvents", "is a whole number of events, e.g. 100");
        }
        long minEvents = node.hasNonNull("minEvents") ? minEventsNode.asLong() : 0;
        if (minEvents < 0) {
            throw new InvalidSloException("minEvents", "cannot be negative");
        }
        Duration noDataAfter = node.hasNonNull("noDataAlertAfter") ? duration(node, "noDataAlertAfter") : null;
        List<BurnAlert> alerts = node.has("alerts") ? alerts(node.path("alerts")) : null;
        return new Slo(slug, name == null ? slug : name, java.util.Objects.requireNonNullElse(scalar(node, "description", "description"), ""), service, indicator, target, window, method,
                sliceWindow, sliceTarget, noData, minEvents, noDataAfter, alerts);
    }

    public static ObjectNode write(Slo slo) {
        ObjectNode node = NODES.objectNode().put("slug", slo.slug()).put("name", slo.name());
        if (!slo.description().isEmpty()) {
            node.put("description", slo.description());
        }
        node.put("service", slo.service());
        ObjectNode indicator = node.putObject("indicator").put("source", slo.indicator().source().key());
        Indicator i = slo.indicator();
        if (i.check() != null) {
            indicator.put("check", i.check());
        }
        if (i.location() != null) {
            indicator.put("location", i.location());
        }
        if (i.latencyThresholdMs() != null) {
            indicator.put("latencyThresholdMs", i.latencyThresholdMs());
        }
        if (i.dataSource() != null) {
            indicator.put("dataSource", i.dataSource());
        }
        if (i.goodQuery() != null) {
            indicator.put("good", i.goodQuery());
        }
        if (i.badQuery() != null) {
            indicator.put("bad", i.badQuery());
        }
        if (i.totalQuery() != null) {
            indicator.put("total", i.totalQuery());
        }
        node.put("target", slo.target());
        ObjectNode window = node.putObject("window");
        if (slo.window() instanceof TimeWindow.Rolling rolling) {
            window.put("rolling", Durations.text(rolling.length()));
        } else if (slo.window() instanceof TimeWindow.Calendar calendar) {
            window.put("calendar", calendar.durationText()).put("timeZone", calendar.zone().getId()).put("start", calendar.start().toString());
        }
        if (slo.method() != BudgetingMethod.OCCURRENCES) {
            node.put("budgetingMethod", slo.method().openSlo());
            node.put("sliceWindow", Durations.text(slo.sliceWindow()));
            if (slo.sliceTarget() != null) {
                node.put("sliceTarget", slo.sliceTarget());
            }
        }
        if (slo.noData() != NoDataPolicy.EXCLUDED) {
            node.put("noData", slo.noData().key());
        }
        if (slo.minEvents() > 0) {
            node.put("minEvents", slo.minEvents());
        }
        if (slo.noDataAlertAfter() != null) {
            node.put("noDataAlertAfter", Durations.text(slo.noDataAlertAfter()));
        }
        if (!slo.alerts().equals(BurnAlert.DEFAULTS)) {
            ArrayNode alerts = node.putArray("alerts");
            for (BurnAlert alert : slo.alerts()) {
                alerts.addObject().put("severity", alert.severity()).put("budget", alert.budgetFraction()).put("long", Durations.text(alert.longWindow()))
                        .put("short", Durations.text(alert.shortWindow()));
            }
        }
        return node;
    }

    static Indicator indicator(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidSloException("indicator", "is required: {\"source\": \"check\" | \"push\" | \"prometheus\", ...}");
        }
        unknown("indicator.", node, INDICATOR_FIELDS);
        Indicator.Source source = Indicator.Source.parse(node.path("source").asString(""));
        if (source == null) {
            throw new InvalidSloException("indicator.source", "'" + node.path("source").asString("") + "' is not one of check, push, prometheus");
        }
        return switch (source) {
            case CHECK -> {
                String check = node.path("check").asString("");
                if (check.isBlank()) {
                    throw new InvalidSloException("indicator.check", "is required: the slug of the check to count");
                }
                Integer threshold = null;
                if (node.hasNonNull("latencyThresholdMs")) {
                    JsonNode thresholdNode = node.path("latencyThresholdMs");
                    if (!(thresholdNode.isIntegralNumber() && thresholdNode.canConvertToInt())) {
                        throw new InvalidSloException("indicator.latencyThresholdMs", "must be a positive whole number of milliseconds");
                    }
                    threshold = thresholdNode.asInt();
                    if (threshold <= 0) {
                        throw new InvalidSloException("indicator.latencyThresholdMs", "must be a positive number of milliseconds");
                    }
                }
                yield Indicator.check(check, scalar(node, "location", "indicator.location"), threshold);
            }
            case PUSH -> Indicator.push();
            case PROMETHEUS -> {
                String dataSource = node.path("dataSource").asString("");
                String good = scalar(node, "good", "indicator.good");
                String bad = scalar(node, "bad", "indicator.bad");
                String total = node.path("total").asString("");
                if (dataSource.isBlank()) {
                    throw new InvalidSloException("indicator.dataSource", "is required: the slug of a Prometheus data source");
                }
                if ((good == null) == (bad == null)) {
                    throw new InvalidSloException("indicator.good", "give exactly one of good and bad: the PromQL counter of good (or bad) events");
                }
                if (total.isBlank()) {
                    throw new InvalidSloException("indicator.total", "is required: the PromQL counter of all events");
                }
                yield Indicator.prometheus(dataSource, good, bad, total);
            }
        };
    }

    static TimeWindow window(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidSloException("window", "is required: {\"rolling\": \"28d\"} or {\"calendar\": \"1M\", \"timeZone\": \"UTC\"}");
        }
        unknown("window.", node, WINDOW_FIELDS);
        if (node.hasNonNull("rolling") == node.hasNonNull("calendar")) {
            throw new InvalidSloException("window", "give exactly one of rolling and calendar");
        }
        if (node.hasNonNull("rolling")) {
            String rolling = scalar(node, "rolling", "window.rolling");
            Duration length = Durations.parse(rolling);
            if (length == null || length.toSeconds() % 60 != 0 || length.compareTo(Duration.ofMinutes(5)) < 0 || length.compareTo(Duration.ofDays(400)) > 0) {
                throw new InvalidSloException("window.rolling", "'" + rolling + "' is not a duration from 5m to 400d, e.g. 28d");
            }
            return new TimeWindow.Rolling(length);
        }
        String text = scalar(node, "calendar", "window.calendar");
        String unitText = switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "day" -> "1d";
            case "week" -> "1w";
            case "month" -> "1M";
            case "quarter" -> "1Q";
            case "year" -> "1Y";
            default -> text;
        };
        Matcher matcher = CALENDAR.matcher(unitText);
        if (!matcher.matches() || Integer.parseInt(matcher.group(1)) < 1) {
            throw new InvalidSloException("window.calendar", "'" + text + "' is not a calendar window: day, week, month, quarter, year, or 1d, 1w, 1M, 1Q, 1Y");
        }
        int count = Integer.parseInt(matcher.group(1));
        ChronoUnit unit = switch (matcher.group(2)) {
            case "d" -> ChronoUnit.DAYS;
            case "w" -> ChronoUnit.WEEKS;
            case "M" -> ChronoUnit.MONTHS;
            case "Q" -> ChronoUnit.MONTHS;
            default -> ChronoUnit.YEARS;
        };
        if (matcher.group(2).equals("Q")) {
            count *= 3;
        }
        String zoneText = scalar(node, "timeZone", "window.timeZone");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText == null ? "UTC" : zoneText);
        } catch (DateTimeException e) {
            throw new InvalidSloException("window.timeZone", "'" + zoneText + "' is not a time zone such as Europe/Berlin");
        }
        LocalDateTime start;
        // 2024-01-01 is a Monday and a month, quarter and year start: a fine origin for any calendar window.
        String defaultStart = "2024-01-01T00:00";
        String startText = scalar(node, "start", "window.start");
        try {
            start = LocalDateTime.parse((startText == null ? defaultStart : startText).replace(' ', 'T'));
        } catch (DateTimeException e) {
            throw new InvalidSloException("window.start", "'" + startText + "' is not a local time such as 2026-01-01T00:00");
        }
        return new TimeWindow.Calendar(count, unit, start, zone);
    }

    static List<BurnAlert> alerts(JsonNode node) {
        if (!node.isArray()) {
            throw new InvalidSloException("alerts", "is a list of {severity, budget, long, short}");
        }
        List<BurnAlert> alerts = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode alert = node.get(i);
            String at = "alerts[" + i + "]";
            if (!alert.isObject()) {
                throw new InvalidSloException(at, "is {severity, budget, long, short}");
            }
            unknown(at + ".", alert, ALERT_FIELDS);
            String severity = alert.path("severity").asString("");
            if (!severity.equals("page") && !severity.equals("ticket")) {
                throw new InvalidSloException(at + ".severity", "'" + severity + "' is not page or ticket");
            }
            double budget = alert.path("budget").asDouble(-1);
            if (!(budget > 0 && budget <= 1)) {
                throw new InvalidSloException(at + ".budget", "is the fraction of the budget consumed in the long window, in (0, 1], e.g. 0.02");
            }
            Duration longWindow = duration(alert, "long", at + ".long");
            Duration shortWindow = duration(alert, "short", at + ".short");
            if (shortWindow.compareTo(longWindow) >= 0) {
                throw new InvalidSloException(at + ".short", "must be shorter than the long window (usually 1/12 of it)");
            }
            alerts.add(new BurnAlert(severity, budget, longWindow, shortWindow));
        }
        return alerts;
    }

    private static Duration duration(JsonNode node, String field) {
        return duration(node, field, field);
    }

    private static Duration duration(JsonNode node, String field, String where) {
        Duration duration = Durations.parse(node.path(field).asString(""));
        if (duration == null || duration.isZero()) {
            throw new InvalidSloException(where, "'" + node.path(field).asString("") + "' is not a duration such as 5m, 1h, 28d");
        }
        if (duration.toSeconds() % 60 != 0) {
            // Counts are kept per minute: a window of 90 seconds cannot be summed exactly.
            throw new InvalidSloException(where, "'" + node.path(field).asString("") + "' is not a whole number of minutes; SLO windows are counted in minutes");
        }
        return duration;
    }

    private static String text(JsonNode node, String field, boolean required) {
        String value = scalar(node, field, field);
        value = value == null ? null : value.strip();
        if (required && (value == null || value.isEmpty())) {
            throw new InvalidSloException(field, "is required");
        }
        return value;
    }

    /** A scalar field's text (a number reads as its digits), null when absent or null; a list or an object is refused at {@code where}. */
    private static String scalar(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isContainer()) {
            throw new InvalidSloException(where, "is text, not " + (value.isArray() ? "a list" : "an object"));
        }
        return value.asString();
    }

    private static void unknown(String prefix, JsonNode node, Set<String> known) {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                throw new InvalidSloException(prefix + name, "is not a field here; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }
}
