package dev.andon.server.web;

import java.time.Duration;
import java.util.List;
import org.springframework.web.util.HtmlUtils;

/** Horizontal SVG bars of the incident report (mean time to resolve per row), drawn on the server like the other charts. */
final class IncidentCharts {
    private static final int WIDTH = 640;
    private static final int LABEL = 180;
    private static final int ROW = 26;

    private IncidentCharts() {}

    static String bars(String title, List<IncidentPages.ReportRow> rows) {
        List<IncidentPages.ReportRow> measured = rows.stream().filter(row -> row.mttr() != null).toList();
        if (measured.isEmpty()) {
            return "";
        }
        long longest = Math.max(1, measured.stream().mapToLong(row -> row.mttr().toMinutes()).max().orElse(1));
        int height = measured.size() * ROW + 8;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart-figure incident-bars\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"100%\" aria-label=\"").append(HtmlUtils.htmlEscape(title)).append("\"><title>").append(HtmlUtils.htmlEscape(title))
                .append("</title>");
        int y = 4;
        for (IncidentPages.ReportRow row : measured) {
            long minutes = row.mttr().toMinutes();
            int bar = (int) Math.max(2, (WIDTH - LABEL - 110) * minutes / longest);
            svg.append("<text x=\"").append(LABEL - 8).append("\" y=\"").append(y + 16).append("\" text-anchor=\"end\" fill=\"currentColor\" font-size=\"13\">")
                    .append(HtmlUtils.htmlEscape(row.label())).append("</text>");
            svg.append("<rect x=\"").append(LABEL).append("\" y=\"").append(y + 3).append("\" width=\"").append(bar).append("\" height=\"").append(ROW - 8)
                    .append("\" rx=\"3\" fill=\"#e5534b\"><title>").append(HtmlUtils.htmlEscape(row.label() + ": " + IncidentPages.duration(row.mttr())))
                    .append("</title></rect>");
            svg.append("<text x=\"").append(LABEL + bar + 6).append("\" y=\"").append(y + 16).append("\" fill=\"currentColor\" font-size=\"12\">")
                    .append(HtmlUtils.htmlEscape(IncidentPages.duration(row.mttr()))).append("</text>");
            y += ROW;
        }
        return svg.append("</svg>").toString();
    }

    static String minutes(Duration duration) {
        return duration == null ? "" : Long.toString(duration.toMinutes());
    }
}
