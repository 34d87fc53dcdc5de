package dev.andon.server.web;

import dev.andon.postmortems.FactorType;
import java.util.List;
import java.util.Locale;

/**
 * The monthly charts of the postmortem patterns page as inline SVG, drawn on the server like
 * {@link OnCallCharts}: one group of columns per month on one scale, its number above each column,
 * the month under it and a second line (a rate, a count) under that; every group and column has a
 * title for screen readers, and a phone gets a narrow drawing of its own. The horizontal bars of the
 * page are {@link OnCallCharts#bars}.
 */
public final class PatternCharts {
    static final String CREATED = "#60a5fa";
    static final String DONE = "#22c55e";
    static final String PUBLISH = "#a78bfa";
    static final String WITH_POSTMORTEM = "#60a5fa";
    static final String WITHOUT_POSTMORTEM = "#64748b";

    private PatternCharts() {}

    /** The colour of a contributing-factor type, the same in every chart and swatch. */
    static String colour(FactorType type) {
        return switch (type) {
            case TECHNICAL -> "#60a5fa";
            case PROCESS -> "#f59e0b";
            case COMMUNICATION -> "#a78bfa";
            case EXTERNAL -> "#2dd4bf";
        };
    }

    /** One kind of column: its name (for titles), colour and class. */
    public record Series(String name, String colour, String css) {}

    /**
     * One month: its label, the line under it, one value per series with its text (null value: no
     * column), and what the whole group says to a screen reader.
     */
    public record Column(String label, String narrowLabel, String caption, List<Double> values, List<String> texts, String summary) {}

    public static String columns(String id, String title, List<Series> series, List<Column> columns, boolean narrow) {
        int width = narrow ? 340 : 760;
        int top = 18;
        int plot = narrow ? 120 : 150;
        int base = top + plot;
        int height = base + 38;
        int count = Math.max(1, columns.size());
        double group = (width - 8.0) / count;
        double barWidth = Math.min(narrow ? 18 : 28, group * 0.8 / Math.max(1, series.size()));
        double most = columns.stream().flatMap(column -> column.values().stream()).filter(value -> value != null).mapToDouble(Double::doubleValue)
                .max().orElse(0);
        double scale = plot / Math.max(most, 1e-9);
        String titleId = GraphSvg.escape(id) + (narrow ? "-narrow" : "") + "-title";

        StringBuilder svg = new StringBuilder(1024 + columns.size() * 700);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart column-chart ").append(narrow ? "narrow" : "wide").append("\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" style=\"aspect-ratio: ").append(width).append(" / ").append(height).append("\" role=\"img\" aria-labelledby=\"")
                .append(titleId).append("\">");
        svg.append("<title id=\"").append(titleId).append("\">").append(GraphSvg.escape(title)).append(columns.isEmpty() ? ": none" : "")
                .append("</title>");
        svg.append("<line class=\"chart-axis\" x1=\"4\" x2=\"").append(width - 4).append("\" y1=\"").append(base).append("\" y2=\"").append(base)
                .append("\" stroke=\"#2c3643\"/>");
        for (int index = 0; index < columns.size(); index++) {
            Column column = columns.get(index);
            double center = 4 + group * index + group / 2;
            double left = center - barWidth * series.size() / 2;
            svg.append("<g class=\"column-group\"><title>").append(GraphSvg.escape(column.summary())).append("</title>");
            for (int s = 0; s < series.size(); s++) {
                Double value = s < column.values().size() ? column.values().get(s) : null;
                if (value == null) {
                    continue;
                }
                Series kind = series.get(s);
                double x = left + barWidth * s;
                double barHeight = value <= 0 ? 0 : Math.max(1.5, value * scale);
                if (barHeight > 0) {
                    svg.append("<rect class=\"").append(kind.css()).append("\" x=\"").append(round(x + 1)).append("\" y=\"").append(round(base - barHeight))
                            .append("\" width=\"").append(round(Math.max(1, barWidth - 2))).append("\" height=\"").append(round(barHeight))
                            .append("\" fill=\"").append(kind.colour()).append("\"><title>").append(GraphSvg.escape(kind.name() + ": " + column.texts().get(s)))
                            .append("</title></rect>");
                }
                if (barWidth >= 14 && value > 0) {
                    svg.append("<text class=\"bar-count\" x=\"").append(round(x + barWidth / 2)).append("\" y=\"").append(round(base - barHeight - 4))
                            .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#9aa5b4\">").append(GraphSvg.escape(column.texts().get(s)))
                            .append("</text>");
                }
            }
            svg.append("<text class=\"bar-label\" x=\"").append(round(center)).append("\" y=\"").append(base + 16)
                    .append("\" text-anchor=\"middle\" font-size=\"").append(narrow ? 11 : 12).append("\" fill=\"#e6e9ee\">")
                    .append(GraphSvg.escape(narrow ? column.narrowLabel() : column.label())).append("</text>");
            if (column.caption() != null && !column.caption().isEmpty()) {
                svg.append("<text class=\"bar-count\" x=\"").append(round(center)).append("\" y=\"").append(base + 32)
                        .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#9aa5b4\">").append(GraphSvg.escape(column.caption())).append("</text>");
            }
            svg.append("</g>");
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static String round(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
