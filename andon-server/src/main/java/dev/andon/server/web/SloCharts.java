package dev.andon.server.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SLO pages' charts as inline SVG, drawn on the server like {@link CheckCharts}: the budget bar
 * of the list, the burn-down of the error budget over the current period and the burn rate with the
 * alert thresholds drawn. Every chart has a {@code <title>} saying what it shows, marks carry their
 * numbers as hover text, all text is escaped, and a phone gets a narrow drawing of its own (text in
 * a viewBox scales with the drawing). Times are UTC.
 */
public final class SloCharts {
    static final String HEALTHY = "#22c55e";
    static final String AT_RISK = "#f59e0b";
    static final String EXHAUSTED = "#ef4444";
    static final String LINE = "#3b82f6";
    private static final String GRID = "#2c3643";
    private static final String LABEL = "#9aa5b4";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private SloCharts() {}

    /** A moment of a series; {@code value} null where there was nothing to measure (the line breaks there). */
    public record Point(Instant at, Double value) {}

    /** A burn alert's threshold as drawn: "page 1h 14.4x". */
    public record Threshold(String severity, String window, double value) {
        public String label() {
            return severity + " " + window + " " + rate(value);
        }
    }

    /** The colour of a budget state ("healthy", "at-risk", "exhausted"). */
    static String colour(String state) {
        return switch (state) {
            case "exhausted" -> EXHAUSTED;
            case "at-risk" -> AT_RISK;
            default -> HEALTHY;
        };
    }

    /** A burn rate for people: "14.4x", "3.36x", "0.23x", "0x". */
    public static String rate(double value) {
        if (!Double.isFinite(value)) {
            return "—";
        }
        String text = String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
        return text.replaceAll("\\.?0+$", "") + "x";
    }

    /** A fraction as a percentage with one decimal: "42.5%", "-12.0%". */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /**
     * The budget left as a bar: the filled part is what remains, coloured by the state; a budget
     * below zero is an empty bar (fully spent), the overspend is said in the title and next to it.
     */
    public static String budgetBar(double remaining, String state) {
        double shown = Double.isFinite(remaining) ? Math.max(0, Math.min(1, remaining)) : 1;
        String label = Double.isFinite(remaining) && remaining < 0
                ? "Error budget fully spent, overspent by " + percent(-remaining) + " (" + state + ")"
                : "Error budget remaining " + percent(shown) + " (" + state + ")";
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"inline-bar budget-bar budget-" + GraphSvg.escape(state)
                + "\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"" + GraphSvg.escape(label) + "\"><title>"
                + GraphSvg.escape(label) + "</title><rect class=\"inline-track\" width=\"100\" height=\"8\" rx=\"2\" fill=\"#1e2631\"/>"
                + (shown > 0 ? "<rect class=\"budget-fill\" width=\"" + round(shown * 100) + "\" height=\"8\" rx=\"2\" fill=\"" + colour(state) + "\"/>" : "")
                + "</svg>";
    }

    /** The frame of a line chart: size and margins, wide or narrow. */
    private record Frame(int width, int height, int left, int right, int top, int bottom, int fontSize) {
        static Frame of(boolean narrow) {
            return narrow ? new Frame(320, 200, 48, 8, 14, 28, 12) : new Frame(760, 250, 60, 12, 14, 28, 13);
        }

        double plotWidth() {
            return width - left - right;
        }

        double plotHeight() {
            return height - top - bottom;
        }

        double x(Instant at, Instant from, Instant to) {
            double span = Math.max(1, Duration.between(from, to).toMillis());
            double offset = Math.max(0, Math.min(span, Duration.between(from, at).toMillis()));
            return left + plotWidth() * offset / span;
        }

        double y(double value, double low, double high) {
            double clamped = Math.max(low, Math.min(high, value));
            return top + plotHeight() - plotHeight() * (clamped - low) / (high - low);
        }
    }

    /**
     * The error budget remaining over the current period: {@code series} is {@code [epochMillis,
     * remaining]} as SloMath.burnDown gives it, drawn over [from, to); the 0% line stands out, a
     * marker says where today is, and for a calendar window a dashed line shows an even burn (the
     * budget spent evenly until the period ends). Below 0% the axis goes down as far as needed.
     */
    public static String burnDown(List<double[]> series, Instant from, Instant to, Instant now, boolean calendar, String id, boolean narrow) {
        Frame frame = Frame.of(narrow);
        double lowest = 0;
        for (double[] point : series) {
            if (Double.isFinite(point[1])) {
                lowest = Math.min(lowest, point[1]);
            }
        }
        // Grid lines every 25% (50%, 100%, … when the budget is far overspent), from a whole step below the lowest point.
        double step = 0.25;
        while ((1 - Math.floor(lowest / step) * step) / step > 6) {
            step *= 2;
        }
        double low = Math.floor(lowest / step) * step;
        double high = 1;
        String titleId = GraphSvg.escape(id) + (narrow ? "-narrow" : "") + "-title";
        double[] last = series.isEmpty() ? null : series.getLast();
        StringBuilder svg = new StringBuilder(4096 + series.size() * 160);
        open(svg, "burn-down", frame, narrow, titleId);
        svg.append("<title id=\"").append(titleId).append("\">Error budget remaining from ").append(MINUTE.format(from)).append(" to ")
                .append(MINUTE.format(to));
        if (last == null) {
            svg.append(": no data yet");
        } else {
            svg.append(": ").append(percent(last[1])).append(" left at ").append(MINUTE.format(Instant.ofEpochMilli((long) last[0])));
        }
        svg.append("</title>");

        // Grid: a line per step from the bottom to 100%, and the 0% line on top of them.
        svg.append("<g class=\"axis\">");
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; low + step * i < high - 1e-9; i++) {
            ticks.add(low + step * i);
        }
        ticks.add(high);
        for (double value : ticks) {
            double y = frame.y(value, low, high);
            svg.append("<line class=\"grid\" x1=\"").append(frame.left()).append("\" x2=\"").append(frame.width() - frame.right()).append("\" y1=\"")
                    .append(round(y)).append("\" y2=\"").append(round(y)).append("\" stroke=\"").append(GRID).append("\"/>");
            svg.append("<text class=\"axis-label\" x=\"").append(frame.left() - 6).append("\" y=\"").append(round(y + 4))
                    .append("\" text-anchor=\"end\" font-size=\"").append(frame.fontSize()).append("\" fill=\"").append(LABEL).append("\">")
                    .append(axisPercent(value)).append("</text>");
        }
        xLabels(svg, frame, from, to, DAY, narrow);
        svg.append("</g>");
        double zero = frame.y(0, low, high);
        svg.append("<line class=\"zero-line\" x1=\"").append(frame.left()).append("\" x2=\"").append(frame.width() - frame.right()).append("\" y1=\"")
                .append(round(zero)).append("\" y2=\"").append(round(zero)).append("\" stroke=\"").append(EXHAUSTED).append("\" stroke-width=\"1.5\">")
                .append("<title>0%: the error budget is spent</title></line>");
        if (calendar) {
            svg.append("<line class=\"even-burn\" x1=\"").append(frame.left()).append("\" y1=\"").append(round(frame.y(1, low, high))).append("\" x2=\"")
                    .append(frame.width() - frame.right()).append("\" y2=\"").append(round(zero)).append("\" stroke=\"").append(LABEL)
                    .append("\" stroke-dasharray=\"4 4\" opacity=\"0.7\"><title>Even burn: the budget spent evenly until the period ends</title></line>");
        }
        double today = frame.x(now, from, to);
        svg.append("<g class=\"today\"><line x1=\"").append(round(today)).append("\" x2=\"").append(round(today)).append("\" y1=\"").append(frame.top())
                .append("\" y2=\"").append(round(frame.top() + frame.plotHeight())).append("\" stroke=\"").append(AT_RISK)
                .append("\" stroke-dasharray=\"2 3\"/><text x=\"").append(round(today - 4)).append("\" y=\"").append(frame.top() + 10)
                .append("\" text-anchor=\"end\" font-size=\"").append(frame.fontSize() - 1).append("\" fill=\"").append(AT_RISK).append("\">today</text>")
                .append("<title>Today: ").append(MINUTE.format(now)).append("</title></g>");

        if (series.isEmpty()) {
            svg.append("<text class=\"no-data\" x=\"").append(round(frame.left() + frame.plotWidth() / 2)).append("\" y=\"")
                    .append(round(frame.top() + frame.plotHeight() / 2)).append("\" text-anchor=\"middle\" font-size=\"").append(frame.fontSize())
                    .append("\" fill=\"").append(LABEL).append("\">No data yet</text>");
        } else {
            StringBuilder path = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (double[] point : series) {
                Instant at = Instant.ofEpochMilli((long) point[0]);
                double x = frame.x(at, from, to);
                double y = frame.y(Double.isFinite(point[1]) ? point[1] : 1, low, high);
                path.append(path.isEmpty() ? "M" : " L").append(round(x)).append(',').append(round(y));
                dots.append("<circle class=\"point\" cx=\"").append(round(x)).append("\" cy=\"").append(round(y)).append("\" r=\"")
                        .append(narrow ? "1.8" : "2.5").append("\"><title>").append(MINUTE.format(at)).append(": ").append(percent(point[1]))
                        .append(" of the budget left</title></circle>");
            }
            String colour = last[1] <= 0 ? EXHAUSTED : LINE;
            svg.append("<path class=\"line remaining\" d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\"/>");
            svg.append("<g class=\"points\" fill=\"").append(colour).append("\">").append(dots).append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    /**
     * The burn rate over [from, to): each point is the burn rate of the hour before it; a
     * horizontal dashed line per alert threshold, labelled "page 1h 14.4x", and a faint line at 1x
     * (spending exactly the budget over the period). A point without events breaks the line.
     */
    public static String burnRate(List<Point> points, Instant from, Instant to, List<Threshold> thresholds, String id, boolean narrow) {
        Frame frame = Frame.of(narrow);
        double highest = 0;
        for (Point point : points) {
            if (point.value() != null && Double.isFinite(point.value())) {
                highest = Math.max(highest, point.value());
            }
        }
        double top = Math.max(highest, 1);
        for (Threshold threshold : thresholds) {
            top = Math.max(top, threshold.value());
        }
        double ceiling = niceCeiling(top * 1.1);
        boolean days = Duration.between(from, to).compareTo(Duration.ofHours(36)) > 0;
        String titleId = GraphSvg.escape(id) + (narrow ? "-narrow" : "") + "-title";
        StringBuilder svg = new StringBuilder(4096 + points.size() * 200);
        open(svg, "burn-rate", frame, narrow, titleId);
        svg.append("<title id=\"").append(titleId).append("\">Burn rate of the hour before each point, from ").append(MINUTE.format(from)).append(" to ")
                .append(MINUTE.format(to));
        boolean any = points.stream().anyMatch(point -> point.value() != null);
        svg.append(any ? "; highest " + rate(highest) : "; no events in this range");
        if (!thresholds.isEmpty()) {
            svg.append("; alert thresholds: ").append(GraphSvg.escape(String.join(", ", thresholds.stream().map(Threshold::label).toList())));
        }
        svg.append("</title>");

        // Grid lines at round rates: every 1x up to 5x, every 5x up to 20x, and so on.
        double gridStep = niceCeiling(ceiling / 5);
        svg.append("<g class=\"axis\">");
        for (int i = 0; gridStep * i <= ceiling + 1e-9; i++) {
            double value = gridStep * i;
            double y = frame.y(value, 0, ceiling);
            svg.append("<line class=\"grid\" x1=\"").append(frame.left()).append("\" x2=\"").append(frame.width() - frame.right()).append("\" y1=\"")
                    .append(round(y)).append("\" y2=\"").append(round(y)).append("\" stroke=\"").append(GRID).append("\"/>");
            svg.append("<text class=\"axis-label\" x=\"").append(frame.left() - 6).append("\" y=\"").append(round(y + 4))
                    .append("\" text-anchor=\"end\" font-size=\"").append(frame.fontSize()).append("\" fill=\"").append(LABEL).append("\">")
                    .append(rate(value)).append("</text>");
        }
        xLabels(svg, frame, from, to, days ? DAY_HOUR : HOUR, narrow);
        svg.append("</g>");

        double one = frame.y(1, 0, ceiling);
        svg.append("<line class=\"budget-pace\" x1=\"").append(frame.left()).append("\" x2=\"").append(frame.width() - frame.right()).append("\" y1=\"")
                .append(round(one)).append("\" y2=\"").append(round(one)).append("\" stroke=\"").append(LABEL).append("\" opacity=\"0.5\">")
                .append("<title>1x: spending the budget exactly over the period</title></line>");

        // Threshold lines, labelled at the right; a label that would sit on the previous one goes to the left.
        svg.append("<g class=\"thresholds\">");
        List<Double> labelled = new ArrayList<>();
        List<Threshold> sorted = thresholds.stream().sorted((a, b) -> Double.compare(b.value(), a.value())).toList();
        for (Threshold threshold : sorted) {
            double y = frame.y(threshold.value(), 0, ceiling);
            String colour = "page".equals(threshold.severity()) ? EXHAUSTED : AT_RISK;
            boolean crowded = labelled.stream().anyMatch(other -> Math.abs(other - y) < frame.fontSize() + 2);
            svg.append("<g class=\"threshold threshold-").append(GraphSvg.escape(threshold.severity())).append("\"><line x1=\"").append(frame.left())
                    .append("\" x2=\"").append(frame.width() - frame.right()).append("\" y1=\"").append(round(y)).append("\" y2=\"").append(round(y))
                    .append("\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>");
            svg.append("<text class=\"threshold-label\" x=\"").append(crowded ? frame.left() + 4 : frame.width() - frame.right() - 4).append("\" y=\"")
                    .append(round(Math.max(frame.top() + frame.fontSize() - 2, y - 4))).append("\" text-anchor=\"").append(crowded ? "start" : "end")
                    .append("\" font-size=\"").append(frame.fontSize() - 1).append("\" fill=\"").append(colour).append("\">")
                    .append(GraphSvg.escape(threshold.label())).append("</text><title>Alert ").append(GraphSvg.escape(threshold.label()))
                    .append(": fires when the long and the short window both burn at least this fast</title></g>");
            labelled.add(y);
        }
        svg.append("</g>");

        StringBuilder path = new StringBuilder();
        StringBuilder hover = new StringBuilder();
        boolean drawing = false;
        double slot = points.isEmpty() ? 0 : frame.plotWidth() / points.size();
        for (Point point : points) {
            double x = frame.x(point.at(), from, to);
            String when = (days ? DAY_HOUR : HOUR).format(point.at()) + " UTC";
            if (point.value() == null) {
                drawing = false;
                continue;
            }
            double y = frame.y(point.value(), 0, ceiling);
            path.append(drawing ? " L" : (path.isEmpty() ? "M" : " M")).append(round(x)).append(',').append(round(y));
            drawing = true;
            hover.append("<rect class=\"point\" x=\"").append(round(Math.max(frame.left(), x - slot / 2))).append("\" y=\"").append(frame.top())
                    .append("\" width=\"").append(round(Math.max(1, slot))).append("\" height=\"").append(round(frame.plotHeight()))
                    .append("\" fill=\"transparent\"><title>").append(when).append(": burn rate ").append(rate(point.value()))
                    .append(" over the hour before</title></rect>");
        }
        if (path.isEmpty()) {
            svg.append("<text class=\"no-data\" x=\"").append(round(frame.left() + frame.plotWidth() / 2)).append("\" y=\"")
                    .append(round(frame.top() + frame.plotHeight() / 2)).append("\" text-anchor=\"middle\" font-size=\"").append(frame.fontSize())
                    .append("\" fill=\"").append(LABEL).append("\">No events in this range</text>");
        } else {
            svg.append("<path class=\"line burn\" d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(LINE).append("\" stroke-width=\"2\"/>");
            svg.append("<g class=\"hover\">").append(hover).append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    private static void open(StringBuilder svg, String kind, Frame frame, boolean narrow, String titleId) {
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"slo-chart ").append(kind).append(narrow ? " narrow" : " wide")
                .append("\" viewBox=\"0 0 ").append(frame.width()).append(' ').append(frame.height())
                .append("\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"").append(titleId).append("\">");
    }

    /** Labels at the start, the middle and the end of the x axis (start and end on a phone). */
    private static void xLabels(StringBuilder svg, Frame frame, Instant from, Instant to, DateTimeFormatter format, boolean narrow) {
        int parts = narrow ? 1 : 2;
        for (int i = 0; i <= parts; i++) {
            Instant at = from.plus(Duration.between(from, to).multipliedBy(i).dividedBy(parts));
            double x = frame.x(at, from, to);
            svg.append("<line class=\"tick\" x1=\"").append(round(x)).append("\" x2=\"").append(round(x)).append("\" y1=\"")
                    .append(round(frame.top() + frame.plotHeight())).append("\" y2=\"").append(round(frame.top() + frame.plotHeight() + 4))
                    .append("\" stroke=\"").append(LABEL).append("\"/>");
            svg.append("<text class=\"axis-label\" x=\"").append(round(x)).append("\" y=\"").append(frame.height() - 8).append("\" text-anchor=\"")
                    .append(i == 0 ? "start" : i == parts ? "end" : "middle").append("\" font-size=\"").append(frame.fontSize()).append("\" fill=\"")
                    .append(LABEL).append("\">").append(format.format(at)).append(i == parts ? " UTC" : "").append("</text>");
        }
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code value}, so the axis reads in round numbers. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value - 1e-12) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String axisPercent(double fraction) {
        double value = fraction * 100;
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value)) + "%";
    }

    /** One decimal at most, none when it would be 0: "75", "75.5" (never "75.0" from a sum a hair off 75). */
    private static String round(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
