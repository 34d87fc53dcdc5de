package dev.andon.server.web;

import dev.andon.server.alerts.AlertStore.NoiseRow;
import java.util.List;
import java.util.Locale;

/**
 * The noise report's chart as inline SVG, drawn on the server: one horizontal bar per source and
 * rule, split into actionable (green), not actionable (red) and unrated (grey), all bars on one
 * scale so the noisiest rule is the longest. Labels sit above their bar, so long rule names need no
 * margin; a phone gets a narrow drawing of its own, since text in a viewBox scales with it.
 */
public final class NoiseChart {
    static final String ACTIONABLE = "#22c55e";
    static final String NOT_ACTIONABLE = "#ef4444";
    static final String UNRATED = "#64748b";
    /** More rows than this make a chart nobody reads; the table below has them all. */
    static final int MAX_ROWS = 15;

    private NoiseChart() {}

    public static String render(List<NoiseRow> rows, boolean narrow) {
        List<NoiseRow> shown = rows.stream().limit(MAX_ROWS).toList();
        int width = narrow ? 340 : 760;
        int fontSize = narrow ? 12 : 13;
        int lineHeight = fontSize + 6;
        int barHeight = narrow ? 14 : 16;
        // On a phone the counts get a line of their own under the label; on a wide screen they follow it.
        int labelHeight = narrow ? 2 * lineHeight : lineHeight;
        int rowHeight = labelHeight + barHeight + 12;
        int height = Math.max(1, shown.size()) * rowHeight;
        int most = shown.stream().mapToInt(NoiseRow::alerts).max().orElse(1);
        double scale = (width - 2.0) / Math.max(1, most);

        StringBuilder svg = new StringBuilder(2048 + shown.size() * 900);
        String titleId = "noise-title" + (narrow ? "-narrow" : "");
        // Width and height as well as the viewBox, so "height: auto" keeps the drawing's proportions.
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"noise-chart ").append(narrow ? "narrow" : "wide").append("\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"").append(titleId).append("\">");
        svg.append("<title id=\"").append(titleId).append("\">Alerts per source and rule: actionable, not actionable and unrated")
                .append(shown.isEmpty() ? ": no alerts" : "").append("</title>");
        for (int index = 0; index < shown.size(); index++) {
            NoiseRow row = shown.get(index);
            int y = index * rowHeight;
            String label = row.source() + " · " + row.rule();
            String summary = count(row.alerts(), "alert") + (row.actionablePercent() == null ? ", unrated" : ", " + row.actionablePercent() + "% actionable")
                    + (row.suppressed() == 0 ? "" : ", " + row.suppressed() + " suppressed");
            svg.append("<g class=\"noise-row\"><title>").append(GraphSvg.escape(label)).append(": ").append(row.actionable()).append(" actionable, ")
                    .append(row.notActionable()).append(" not actionable, ").append(row.unrated()).append(" unrated, ").append(row.suppressed())
                    .append(" suppressed</title>");
            svg.append("<text class=\"noise-label\" x=\"1\" y=\"").append(y + fontSize + 1).append("\" font-size=\"").append(fontSize)
                    .append("\" fill=\"#e6e9ee\">").append(GraphSvg.escape(truncate(label, narrow ? 46 : 64)));
            if (narrow) {
                svg.append("</text><text class=\"noise-count\" x=\"1\" y=\"").append(y + lineHeight + fontSize + 1).append("\" font-size=\"")
                        .append(fontSize).append("\" fill=\"#9aa5b4\">").append(GraphSvg.escape(summary)).append("</text>");
            } else {
                svg.append("<tspan class=\"noise-count\" fill=\"#9aa5b4\" dx=\"8\">").append(GraphSvg.escape(summary)).append("</tspan></text>");
            }
            double x = 1;
            int barY = y + labelHeight;
            x = bar(svg, "bar-actionable", ACTIONABLE, x, barY, row.actionable() * scale, barHeight);
            x = bar(svg, "bar-not-actionable", NOT_ACTIONABLE, x, barY, row.notActionable() * scale, barHeight);
            bar(svg, "bar-unrated", UNRATED, x, barY, row.unrated() * scale, barHeight);
            svg.append("</g>");
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static double bar(StringBuilder svg, String css, String colour, double x, int y, double width, int height) {
        if (width <= 0) {
            return x;
        }
        svg.append("<rect class=\"").append(css).append("\" x=\"").append(round(x)).append("\" y=\"").append(y).append("\" width=\"")
                .append(round(Math.max(width, 1.5))).append("\" height=\"").append(height).append("\" fill=\"").append(colour).append("\"/>");
        return x + width;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String round(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
