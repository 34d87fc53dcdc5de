package dev.andon.server.web;

import dev.andon.server.checks.CheckHistory.Bucket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The check pages' charts, drawn as inline SVG on the server: the 24-hour sparkline, the 90-day
 * uptime bar and the latency lines per location. Colours are set as attributes and as classes, so
 * andon.css can adapt them to the theme. A bucket without results is missing and drawn grey and
 * hatched, never green: no data is not the same as up. Every mark has a {@code <title>} for hover
 * text, and all text is escaped.
 */
public final class CheckCharts {
    /** Below this uptime a bar is red; between it and 100% amber. An hour with one down minute is red, a day with one is amber. */
    static final double DOWN_BELOW = 99.0;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** Location colours: distinct from the status colours, readable on the dark and the light background. */
    private static final List<String> LOCATION_COLOURS = List.of("#3b82f6", "#a855f7", "#14b8a6", "#ec4899", "#eab308", "#84cc16", "#f97316",
            "#06b6d4");

    private CheckCharts() {}

    /** How a bucket is coloured: by its uptime, grey when nothing known was recorded. */
    enum Level {
        UP("up", "#22c55e"),
        DEGRADED("degraded", "#f59e0b"),
        DOWN("down", "#ef4444"),
        /** Only checker failures: the results say nothing about the target. */
        UNKNOWN("unknown", "#64748b"),
        /** No results at all. */
        MISSING("missing", "#64748b");

        final String css;
        final String colour;

        Level(String css, String colour) {
            this.css = css;
            this.colour = colour;
        }
    }

    static Level level(Bucket bucket) {
        if (bucket == null || bucket.total() == 0) {
            return Level.MISSING;
        }
        OptionalDouble uptime = bucket.uptime();
        if (uptime.isEmpty()) {
            return Level.UNKNOWN;
        }
        if (uptime.getAsDouble() < DOWN_BELOW) {
            return Level.DOWN;
        }
        return bucket.down() > 0 || bucket.degraded() > 0 ? Level.DEGRADED : Level.UP;
    }

    /** A percentile of the bucket's latency; empty when it holds no timings (only checker failures, or no results). */
    static OptionalDouble percentile(Bucket bucket, double quantile) {
        return bucket == null || bucket.latency().length == 0 ? OptionalDouble.empty() : bucket.percentile(quantile);
    }

    /** "99.95% up" with as many decimals as it takes not to round a bad period up to 100%. */
    static String uptimeText(OptionalDouble uptime) {
        if (uptime.isEmpty()) {
            return "no data";
        }
        double value = uptime.getAsDouble();
        if (value >= 100) {
            return "100%";
        }
        String text = String.format(Locale.ROOT, value >= 99 ? "%.3f" : "%.2f", Math.floor(value * 1000) / 1000);
        return text.replaceAll("0+$", "").replaceAll("\\.$", "") + "%";
    }

    /** Milliseconds for people: "0.8 ms", "23 ms", "1250 ms". */
    static String millisText(double millis) {
        return millis < 10 ? String.format(Locale.ROOT, "%.1f ms", millis) : Math.round(millis) + " ms";
    }

    /**
     * The last 24 hours of one check, one bar per hour from {@code firstHour}: height and colour
     * follow the hour's uptime; an hour without results is a short grey stub.
     */
    public static String sparkline(List<Bucket> hourly, Instant firstHour) {
        Map<Instant, Bucket> byStart = byStart(hourly);
        int hours = 24;
        int barWidth = 4;
        int gap = 1;
        int height = 20;
        int width = hours * (barWidth + gap) - gap;
        int up = 0;
        int troubled = 0;
        int missing = 0;
        StringBuilder bars = new StringBuilder(hours * 160);
        for (int i = 0; i < hours; i++) {
            Instant start = firstHour.plus(Duration.ofHours(i));
            Bucket bucket = byStart.get(start);
            Level level = level(bucket);
            switch (level) {
                case UP -> up++;
                case DEGRADED, DOWN -> troubled++;
                default -> missing++;
            }
            int barHeight = level == Level.MISSING || level == Level.UNKNOWN ? 6 : height;
            bars.append("<rect class=\"bar bar-").append(level.css).append("\" x=\"").append(i * (barWidth + gap)).append("\" y=\"")
                    .append(height - barHeight).append("\" width=\"").append(barWidth).append("\" height=\"").append(barHeight)
                    .append("\" fill=\"").append(level.colour).append("\"><title>").append(HOUR.format(start)).append('–')
                    .append(HOUR.format(start.plus(Duration.ofHours(1)))).append(" UTC: ").append(describe(bucket)).append("</title></rect>");
        }
        StringBuilder svg = new StringBuilder(bars.length() + 400);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"Last 24 hours: ")
                .append(count(up, "hour")).append(" up, ").append(count(troubled, "hour")).append(" with failures, ")
                .append(count(missing, "hour")).append(" without data\">");
        svg.append(bars).append("</svg>");
        return svg.toString();
    }

    /**
     * One bar per day, oldest first, coloured by the day's uptime; a day without results is grey and
     * hatched. {@code id} makes the hatch pattern's id unique on the page.
     */
    public static String dayBars(List<Bucket> days, String id) {
        int barWidth = 8;
        int gap = 2;
        int height = 34;
        int width = Math.max(1, days.size() * (barWidth + gap) - gap);
        String pattern = GraphSvg.escape(id) + "-missing";
        int missing = 0;
        StringBuilder svg = new StringBuilder(days.size() * 200 + 600);
        StringBuilder bars = new StringBuilder(days.size() * 200);
        for (int i = 0; i < days.size(); i++) {
            Bucket day = days.get(i);
            Level level = level(day);
            if (level == Level.MISSING) {
                missing++;
            }
            boolean grey = level == Level.MISSING || level == Level.UNKNOWN;
            bars.append("<rect class=\"bar bar-").append(level.css).append("\" x=\"").append(i * (barWidth + gap))
                    .append("\" y=\"0\" width=\"").append(barWidth).append("\" height=\"").append(height).append("\" rx=\"1.5\" fill=\"")
                    .append(grey ? "url(#" + pattern + ")" : level.colour).append("\"><title>")
                    .append(day.start() == null ? "" : DAY.format(day.start()) + ": ").append(describe(day)).append("</title></rect>");
        }
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"days\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"Uptime per day over the last ").append(count(days.size(), "day"))
                .append(missing == 0 ? "" : ", " + count(missing, "day") + " without data").append("\">");
        svg.append("<defs><pattern id=\"").append(pattern).append("\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" ")
                .append("patternTransform=\"rotate(45)\"><rect class=\"hatch-ground\" width=\"4\" height=\"4\" fill=\"#1e2631\"/>")
                .append("<rect class=\"hatch-line\" width=\"1.5\" height=\"4\" fill=\"#64748b\"/></pattern></defs>");
        svg.append(bars).append("</svg>");
        return svg.toString();
    }

    /** What a bucket held, for hover text: "99.93% up (1438 of 1440 results up, 2 down)" or "no data". */
    static String describe(Bucket bucket) {
        if (bucket == null || bucket.total() == 0) {
            return "no data";
        }
        if (bucket.uptime().isEmpty()) {
            return "unknown: the checker failed (" + count(bucket.unknown(), "result") + ")";
        }
        List<String> parts = new ArrayList<>();
        parts.add(bucket.up() + " up");
        if (bucket.degraded() > 0) {
            parts.add(bucket.degraded() + " degraded");
        }
        if (bucket.down() > 0) {
            parts.add(bucket.down() + " down");
        }
        if (bucket.unknown() > 0) {
            parts.add(bucket.unknown() + " unknown");
        }
        return uptimeText(bucket.uptime()) + " up (" + count(bucket.total(), "result") + ": " + String.join(", ", parts) + ")";
    }

    /** A location's line colour, by its position in the legend. */
    public static String locationColour(int index) {
        return LOCATION_COLOURS.get(Math.floorMod(index, LOCATION_COLOURS.size()));
    }

    /**
     * Latency per location: p50 as a solid line and p95 dashed, one path each per location, over
     * {@code slots} buckets of {@code step} from {@code from}. A bucket without timings breaks the
     * line rather than being drawn as zero. Locations are drawn in the map's order, which is also
     * the order of {@link #locationColour}. {@code narrow} draws it for a phone: text in a viewBox
     * scales with the drawing, so a phone gets a drawing of its own rather than a shrunk one.
     */
    public static String latency(Map<String, List<Bucket>> byLocation, Instant from, Duration step, int slots, String id, boolean narrow) {
        int width = narrow ? 320 : 760;
        int height = narrow ? 200 : 250;
        int left = narrow ? 50 : 64;
        int right = narrow ? 8 : 12;
        int top = 12;
        int bottom = 28;
        int fontSize = narrow ? 12 : 13;
        double plotWidth = width - left - right;
        double plotHeight = height - top - bottom;
        double slotWidth = plotWidth / slots;

        List<String> locations = new ArrayList<>(byLocation.keySet());
        Map<String, Map<Instant, Bucket>> series = new HashMap<>();
        double highest = 0;
        for (String location : locations) {
            Map<Instant, Bucket> buckets = byStart(byLocation.get(location));
            series.put(location, buckets);
            for (Bucket bucket : buckets.values()) {
                highest = Math.max(highest, percentile(bucket, 0.95).orElse(0));
            }
        }
        double ceiling = niceCeiling(highest);
        String titleId = GraphSvg.escape(id) + (narrow ? "-narrow" : "") + "-title";
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"latency").append(narrow ? " narrow" : " wide").append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"").append(titleId).append("\">");
        svg.append("<title id=\"").append(titleId).append("\">Latency p50 (solid) and p95 (dashed) in milliseconds per location, ")
                .append(slots).append(" buckets of ").append(step.toMinutes() >= 60 ? step.toHours() + " h" : step.toMinutes() + " min")
                .append(" from ").append(HOUR.format(from)).append(" UTC");
        if (highest > 0) {
            svg.append("; highest p95 ").append(millisText(highest));
        }
        svg.append("</title>");

        // Grid and y axis: five lines from 0 to the ceiling, labelled in ms.
        svg.append("<g class=\"axis\">");
        for (int i = 0; i <= 4; i++) {
            double value = ceiling * i / 4;
            double y = top + plotHeight - plotHeight * i / 4;
            svg.append("<line class=\"grid\" x1=\"").append(left).append("\" x2=\"").append(width - right).append("\" y1=\"").append(round(y))
                    .append("\" y2=\"").append(round(y)).append("\" stroke=\"#2c3643\" stroke-width=\"1\"/>");
            svg.append("<text class=\"axis-label\" x=\"").append(left - 6).append("\" y=\"").append(round(y + 4))
                    .append("\" text-anchor=\"end\" font-size=\"").append(fontSize).append("\" fill=\"#9aa5b4\">").append(axisMillis(value)).append("</text>");
        }
        // X axis: a label every quarter of the range (every half on a phone), at bucket starts.
        int labelEvery = Math.max(1, slots / (narrow ? 2 : 4));
        for (int i = 0; i <= slots; i += labelEvery) {
            double x = left + i * slotWidth;
            svg.append("<line class=\"tick\" x1=\"").append(round(x)).append("\" x2=\"").append(round(x)).append("\" y1=\"").append(top + plotHeight)
                    .append("\" y2=\"").append(top + plotHeight + 4).append("\" stroke=\"#9aa5b4\"/>");
            svg.append("<text class=\"axis-label\" x=\"").append(round(x)).append("\" y=\"").append(height - 8)
                    .append("\" text-anchor=\"").append(i == 0 ? "start" : i >= slots ? "end" : "middle")
                    .append("\" font-size=\"").append(fontSize).append("\" fill=\"#9aa5b4\">").append(HOUR.format(from.plus(step.multipliedBy(i))))
                    .append(i == 0 ? " UTC" : "").append("</text>");
        }
        svg.append("</g>");

        // Lines: one path per location and percentile; "M" starts again after a gap.
        svg.append("<g class=\"lines\">");
        for (int index = 0; index < locations.size(); index++) {
            String location = locations.get(index);
            Map<Instant, Bucket> buckets = series.get(location);
            for (double quantile : new double[] {0.5, 0.95}) {
                StringBuilder path = new StringBuilder();
                StringBuilder dots = new StringBuilder();
                boolean drawing = false;
                for (int i = 0; i < slots; i++) {
                    OptionalDouble value = percentile(buckets.get(from.plus(step.multipliedBy(i))), quantile);
                    if (value.isEmpty()) {
                        drawing = false;
                        continue;
                    }
                    double x = left + (i + 0.5) * slotWidth;
                    double y = top + plotHeight - plotHeight * Math.min(value.getAsDouble(), ceiling) / ceiling;
                    path.append(drawing ? " L" : (path.isEmpty() ? "M" : " M")).append(round(x)).append(',').append(round(y));
                    drawing = true;
                    if (quantile == 0.5) {
                        dots.append("<circle cx=\"").append(round(x)).append("\" cy=\"").append(round(y)).append(narrow ? "\" r=\"1.8\"/>" : "\" r=\"2.5\"/>");
                    }
                }
                String name = quantile == 0.5 ? "p50" : "p95";
                svg.append("<path class=\"line latency-").append(name).append(" location-").append(index).append("\" data-location=\"")
                        .append(GraphSvg.escape(location)).append("\" d=\"").append(path.isEmpty() ? "M0,0" : path).append("\" fill=\"none\" stroke=\"")
                        .append(locationColour(index)).append("\" stroke-width=\"").append(quantile == 0.5 ? "2" : "1.5").append('"')
                        .append(quantile == 0.5 ? "" : " stroke-dasharray=\"5 4\" opacity=\"0.8\"")
                        .append(path.isEmpty() ? " visibility=\"hidden\"" : "").append("><title>").append(GraphSvg.escape(location)).append(' ')
                        .append(name).append("</title></path>");
                if (!dots.isEmpty()) {
                    svg.append("<g class=\"dots location-").append(index).append("\" fill=\"").append(locationColour(index)).append("\">")
                            .append(dots).append("</g>");
                }
            }
        }
        svg.append("</g>");

        // Hover targets: one transparent column per bucket with every location's numbers.
        svg.append("<g class=\"hover\">");
        for (int i = 0; i < slots; i++) {
            Instant start = from.plus(step.multipliedBy(i));
            StringBuilder title = new StringBuilder(HOUR.format(start)).append(" UTC");
            boolean any = false;
            for (String location : locations) {
                Bucket bucket = series.get(location).get(start);
                OptionalDouble p50 = percentile(bucket, 0.5);
                OptionalDouble p95 = percentile(bucket, 0.95);
                title.append('\n').append(GraphSvg.escape(location)).append(": ");
                if (p50.isEmpty()) {
                    title.append("no data");
                } else {
                    any = true;
                    title.append("p50 ").append(millisText(p50.getAsDouble())).append(", p95 ").append(millisText(p95.getAsDouble()));
                }
            }
            if (!any) {
                continue;
            }
            svg.append("<rect x=\"").append(round(left + i * slotWidth)).append("\" y=\"").append(top).append("\" width=\"").append(round(slotWidth))
                    .append("\" height=\"").append(round(plotHeight)).append("\" fill=\"transparent\"><title>").append(title).append("</title></rect>");
        }
        svg.append("</g></svg>");
        return svg.toString();
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code value} (at least 10 ms), so the axis reads in round numbers. */
    static double niceCeiling(double value) {
        if (value <= 10) {
            return 10;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String axisMillis(double value) {
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value)) + " ms";
    }

    private static Map<Instant, Bucket> byStart(List<Bucket> buckets) {
        Map<Instant, Bucket> byStart = new HashMap<>();
        if (buckets != null) {
            for (Bucket bucket : buckets) {
                if (bucket.start() != null) {
                    byStart.put(bucket.start(), bucket);
                }
            }
        }
        return byStart;
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String round(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
