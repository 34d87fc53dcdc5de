package dev.andon.server.web;

import java.util.List;
import java.util.Locale;

/**
 * The on-call report's charts as inline SVG, drawn on the server like {@link NoiseChart}: horizontal
 * bars on one scale, each label above its bar so long names need no margin, and a narrow drawing
 * of its own for phones. Small bars for table cells show a mean next to its number.
 */
public final class OnCallCharts {
    static final String DAY = "#60a5fa";
    static final String NIGHT = "#a78bfa";
    static final String HOURS = "#2dd4bf";
    static final String TIME = "#60a5fa";
    /** More rows than this make a chart nobody reads; the table below has them all. */
    static final int MAX_ROWS = 15;

    private OnCallCharts() {}

    /** One part of a bar: its value on the chart's scale, colour and class. */
    public record Segment(double value, String colour, String css, String text) {}

    /** One bar: its label, a summary after it, and its parts, left to right. */
    public record Bar(String label, String summary, List<Segment> segments) {
        double total() {
            return segments.stream().mapToDouble(Segment::value).sum();
        }
    }

    public static String bars(String id, String title, List<Bar> rows, boolean narrow) {
        List<Bar> shown = rows.stream().limit(MAX_ROWS).toList();
        int width = narrow ? 340 : 760;
        int fontSize = narrow ? 12 : 13;
        int lineHeight = fontSize + 6;
        int barHeight = narrow ? 14 : 16;
        int rowHeight = lineHeight + barHeight + 12;
        int height = Math.max(1, shown.size()) * rowHeight;
        double most = shown.stream().mapToDouble(Bar::total).max().orElse(1);
        double scale = (width - 2.0) / Math.max(most, 1e-9);
        String titleId = GraphSvg.escape(id) + (narrow ? "-narrow" : "") + "-title";

        StringBuilder svg = new StringBuilder(1024 + shown.size() * 600);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart ").append(narrow ? "narrow" : "wide").append("\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" style=\"aspect-ratio: ").append(width).append(" / ").append(height).append("\" role=\"img\" aria-labelledby=\"")
                .append(titleId).append("\">");
        svg.append("<title id=\"").append(titleId).append("\">").append(GraphSvg.escape(title)).append(shown.isEmpty() ? ": none" : "")
                .append("</title>");
        for (int index = 0; index < shown.size(); index++) {
            Bar row = shown.get(index);
            int y = index * rowHeight;
            svg.append("<g class=\"bar-row\"><title>").append(GraphSvg.escape(row.label())).append(": ").append(GraphSvg.escape(row.summary()))
                    .append("</title>");
            svg.append("<text class=\"bar-label\" x=\"1\" y=\"").append(y + fontSize + 1).append("\" font-size=\"").append(fontSize)
                    .append("\" fill=\"#e6e9ee\">").append(GraphSvg.escape(truncate(row.label(), narrow ? 24 : 48)))
                    .append("<tspan class=\"bar-count\" fill=\"#9aa5b4\" dx=\"8\">").append(GraphSvg.escape(row.summary())).append("</tspan></text>");
            double x = 1;
            for (Segment segment : row.segments()) {
                double barWidth = segment.value() * scale;
                if (barWidth <= 0) {
                    continue;
                }
                svg.append("<rect class=\"").append(segment.css()).append("\" x=\"").append(round(x)).append("\" y=\"").append(y + lineHeight)
                        .append("\" width=\"").append(round(Math.max(barWidth, 1.5))).append("\" height=\"").append(barHeight).append("\" fill=\"")
                        .append(segment.colour()).append("\"><title>").append(GraphSvg.escape(segment.text())).append("</title></rect>");
                x += barWidth;
            }
            svg.append("</g>");
        }
        svg.append("</svg>");
        return svg.toString();
    }

    /** A small bar for a table cell: {@code value} of {@code most}, labelled for screen readers by the cell's number instead. */
    public static String inline(double value, double most, String colour, String css) {
        int width = 120;
        int height = 10;
        double barWidth = most <= 0 ? 0 : Math.max(value > 0 ? 2 : 0, width * value / most);
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"inline-bar\" width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 "
                + width + " " + height + "\" aria-hidden=\"true\" focusable=\"false\"><rect class=\"inline-track\" width=\"" + width + "\" height=\""
                + height + "\" rx=\"2\" fill=\"#1e2631\"/><rect class=\"" + css + "\" width=\"" + round(barWidth) + "\" height=\"" + height
                + "\" rx=\"2\" fill=\"" + colour + "\"/></svg>";
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String round(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
