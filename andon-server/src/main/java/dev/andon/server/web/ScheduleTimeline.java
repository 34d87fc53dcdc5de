package dev.andon.server.web;

import dev.andon.oncall.Shift;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A schedule's next days as inline SVG, drawn on the server: one row per layer as it rotates on its
 * own, then the row that counts, who is on call once the higher layers and overrides have won. Each
 * person keeps one colour in every row and their name sits in the bar when it fits; overrides are
 * hatched and outlined, stretches with nobody on call are red and hatched, the past is dimmed and a
 * yellow line marks now. Days are ticked at midnight in the schedule's zone, so a daylight-saving
 * change shows as a 23- or 25-hour day. Every bar has a {@code <title>}; the page lists the same
 * shifts in a table for screen readers and small screens.
 */
public final class ScheduleTimeline {
    /** Distinct from each other and from the status colours (red and green mean something else here), dark text readable on all. */
    static final List<String> USER_COLOURS = List.of("#60a5fa", "#c084fc", "#2dd4bf", "#f472b6", "#facc15", "#a3e635", "#fb923c", "#22d3ee",
            "#a78bfa", "#fda4af", "#93c5fd", "#fcd34d");
    static final String NOBODY = "#ef4444";
    static final String NOW = "#facc15";
    private static final String INK = "#0f1419";
    private static final DateTimeFormatter WEEKDAY = DateTimeFormatter.ofPattern("EEE", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    private ScheduleTimeline() {}

    /** One row: a layer's turns, or (with {@code onCall}) the final line with overrides. */
    public record Row(String label, List<Shift> shifts, boolean onCall) {}

    /** A colour per user, in the order given (the layers' users, then whoever covers by override), so each keeps it across rows. */
    public static Map<String, String> colours(List<String> users) {
        Map<String, String> colours = new LinkedHashMap<>();
        for (String user : users) {
            if (!colours.containsKey(user)) {
                colours.put(user, USER_COLOURS.get(colours.size() % USER_COLOURS.size()));
            }
        }
        return colours;
    }

    /**
     * The timeline over {@code [from, to)}, which should start at a local midnight. {@code id} makes
     * the pattern and title ids unique on the page; {@code narrow} draws it for a phone (text in a
     * viewBox scales with it, so a phone gets a drawing of its own rather than a shrunk one).
     */
    public static String render(String id, String scheduleName, ZoneId zone, List<Row> rows, Instant from, Instant to, Instant now,
                                Map<String, String> colours, Map<String, String> names, boolean narrow) {
        int width = narrow ? 360 : 960;
        int side = narrow ? 4 : 8;
        int fontSize = narrow ? 11 : 12;
        int axisHeight = 34;
        int barHeight = narrow ? 22 : 26;
        int labelHeight = 17;
        int rowHeight = labelHeight + barHeight + 12;
        int finalGap = 8;
        int bottom = 18;
        int height = axisHeight + rows.size() * rowHeight + finalGap + bottom;
        double plotWidth = width - 2.0 * side;
        double span = Duration.between(from, to).toMillis();
        String prefix = GraphSvg.escape(id) + (narrow ? "-narrow" : "");

        StringBuilder svg = new StringBuilder(16384);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"schedule-timeline ").append(narrow ? "narrow" : "wide")
                .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" style=\"aspect-ratio: ").append(width).append(" / ").append(height)
                .append("\" role=\"img\" aria-labelledby=\"").append(prefix).append("-title\">");
        svg.append("<title id=\"").append(prefix).append("-title\">On call for ").append(GraphSvg.escape(scheduleName)).append(" from ")
                .append(TIME.format(from.atZone(zone))).append(" to ").append(TIME.format(to.atZone(zone))).append(' ')
                .append(GraphSvg.escape(zone.getId())).append(": one row per layer, then who is on call with overrides. The table below lists "
                        + "the same shifts.</title>");
        svg.append("<defs><pattern id=\"").append(prefix).append("-override\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" ")
                .append("patternTransform=\"rotate(45)\"><rect class=\"hatch-override\" width=\"2.2\" height=\"6\" fill=\"").append(INK)
                .append("\" fill-opacity=\"0.5\"/></pattern>");
        svg.append("<pattern id=\"").append(prefix).append("-nobody\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" ")
                .append("patternTransform=\"rotate(45)\"><rect class=\"hatch-ground\" width=\"6\" height=\"6\" fill=\"#1e2631\"/>")
                .append("<rect class=\"hatch-nobody\" width=\"2\" height=\"6\" fill=\"").append(NOBODY).append("\"/></pattern></defs>");

        // Days: weekends shaded, a line at every local midnight, the day's name and date above its column.
        int chartTop = axisHeight;
        int chartBottom = height - bottom;
        svg.append("<g class=\"days\">");
        ZonedDateTime day = from.atZone(zone).toLocalDate().atStartOfDay(zone);
        LocalDate previous = null;
        while (day.toInstant().isBefore(to)) {
            ZonedDateTime nextDay = day.toLocalDate().plusDays(1).atStartOfDay(zone);
            double x1 = x(day.toInstant(), from, span, side, plotWidth);
            double x2 = x(nextDay.toInstant().isAfter(to) ? to : nextDay.toInstant(), from, span, side, plotWidth);
            DayOfWeek weekday = day.getDayOfWeek();
            if (weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY) {
                svg.append("<rect class=\"weekend\" x=\"").append(round(x1)).append("\" y=\"").append(chartTop).append("\" width=\"")
                        .append(round(x2 - x1)).append("\" height=\"").append(chartBottom - chartTop).append("\" fill=\"#1e2631\"/>");
            }
            svg.append("<line class=\"grid\" x1=\"").append(round(x1)).append("\" x2=\"").append(round(x1)).append("\" y1=\"").append(chartTop - 4)
                    .append("\" y2=\"").append(chartBottom).append("\" stroke=\"#2c3643\"/>");
            double centre = (x1 + x2) / 2;
            String name = narrow ? WEEKDAY.format(day).substring(0, 1) : WEEKDAY.format(day);
            LocalDate date = day.toLocalDate();
            String number = String.valueOf(date.getDayOfMonth());
            if (!narrow && (previous == null || date.getDayOfMonth() == 1)) {
                number += " " + MONTH.format(date);
            }
            svg.append("<text class=\"axis-label\" x=\"").append(round(centre)).append("\" y=\"13\" text-anchor=\"middle\" font-size=\"")
                    .append(fontSize).append("\" fill=\"#9aa5b4\">").append(name).append("</text>");
            svg.append("<text class=\"axis-label day-number\" x=\"").append(round(centre)).append("\" y=\"27\" text-anchor=\"middle\" font-size=\"")
                    .append(fontSize).append("\" fill=\"#e6e9ee\">").append(number).append("</text>");
            previous = date;
            day = nextDay;
        }
        svg.append("<line class=\"grid\" x1=\"").append(round(side + plotWidth)).append("\" x2=\"").append(round(side + plotWidth))
                .append("\" y1=\"").append(chartTop - 4).append("\" y2=\"").append(chartBottom).append("\" stroke=\"#2c3643\"/></g>");

        for (int index = 0; index < rows.size(); index++) {
            Row row = rows.get(index);
            int top = axisHeight + index * rowHeight + (row.onCall() ? finalGap : 0);
            int barY = top + labelHeight;
            if (row.onCall()) {
                svg.append("<line class=\"separator\" x1=\"").append(side).append("\" x2=\"").append(round(side + plotWidth)).append("\" y1=\"")
                        .append(top - finalGap / 2).append("\" y2=\"").append(top - finalGap / 2).append("\" stroke=\"#9aa5b4\"/>");
            }
            svg.append("<g class=\"timeline-row").append(row.onCall() ? " on-call-row" : "").append("\">");
            if (row.onCall()) {
                for (Instant[] gap : gaps(row.shifts(), from, to)) {
                    double x1 = x(gap[0], from, span, side, plotWidth);
                    double x2 = x(gap[1], from, span, side, plotWidth);
                    svg.append("<rect class=\"nobody\" x=\"").append(round(x1)).append("\" y=\"").append(barY).append("\" width=\"")
                            .append(round(Math.max(1.5, x2 - x1))).append("\" height=\"").append(barHeight).append("\" fill=\"url(#").append(prefix)
                            .append("-nobody)\" stroke=\"").append(NOBODY).append("\" stroke-width=\"1.5\"><title>Nobody on call: ")
                            .append(period(gap[0], gap[1], zone)).append("</title></rect>");
                }
            }
            for (Shift shift : row.shifts()) {
                Instant start = shift.start().isBefore(from) ? from : shift.start();
                Instant end = shift.end().isAfter(to) ? to : shift.end();
                if (!end.isAfter(start)) {
                    continue;
                }
                double x1 = x(start, from, span, side, plotWidth);
                double barWidth = Math.max(1.5, x(end, from, span, side, plotWidth) - x1 - 1);
                String colour = colours.getOrDefault(shift.user(), "#94a3b8");
                String name = names.getOrDefault(shift.user(), shift.user());
                svg.append("<g class=\"shift").append(shift.override() ? " override" : "").append("\" data-user=\"")
                        .append(GraphSvg.escape(shift.user())).append("\"><title>").append(GraphSvg.escape(name)).append(": ")
                        .append(period(shift.start(), shift.end(), zone));
                if (shift.override()) {
                    svg.append(" (override").append(shift.covering() == null ? ", where nobody was on call"
                            : ", covering " + GraphSvg.escape(names.getOrDefault(shift.covering(), shift.covering()))).append(')');
                }
                svg.append("</title>");
                svg.append("<rect class=\"bar\" x=\"").append(round(x1)).append("\" y=\"").append(barY).append("\" width=\"").append(round(barWidth))
                        .append("\" height=\"").append(barHeight).append("\" rx=\"3\" fill=\"").append(colour).append("\"/>");
                if (shift.override()) {
                    svg.append("<rect class=\"override-hatch\" x=\"").append(round(x1)).append("\" y=\"").append(barY).append("\" width=\"")
                            .append(round(barWidth)).append("\" height=\"").append(barHeight).append("\" rx=\"3\" fill=\"url(#").append(prefix)
                            .append("-override)\"/>");
                    svg.append("<rect class=\"override-outline\" x=\"").append(round(x1 + 1)).append("\" y=\"").append(barY + 1).append("\" width=\"")
                            .append(round(Math.max(0.5, barWidth - 2))).append("\" height=\"").append(barHeight - 2)
                            .append("\" rx=\"2\" fill=\"none\" stroke=\"#e6e9ee\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>");
                }
                String label = fitting(barWidth, fontSize, name, firstName(name), shift.user());
                if (label != null) {
                    svg.append("<text class=\"shift-name\" x=\"").append(round(x1 + 5)).append("\" y=\"").append(round(barY + barHeight / 2.0 + fontSize * 0.36))
                            .append("\" font-size=\"").append(fontSize).append("\" font-weight=\"600\" fill=\"").append(INK).append("\"")
                            .append(shift.override() ? " paint-order=\"stroke\" stroke=\"" + colours.getOrDefault(shift.user(), "#94a3b8")
                                    + "\" stroke-width=\"3\"" : "").append('>').append(GraphSvg.escape(label)).append("</text>");
                }
                svg.append("</g>");
            }
            svg.append("</g>");
        }

        // The past, dimmed; then the row labels, which stay readable over it, and a line at now.
        boolean nowShown = now.isAfter(from) && now.isBefore(to);
        if (nowShown) {
            double x = x(now, from, span, side, plotWidth);
            svg.append("<rect class=\"past\" x=\"").append(side).append("\" y=\"").append(chartTop).append("\" width=\"").append(round(x - side))
                    .append("\" height=\"").append(chartBottom - chartTop).append("\" fill=\"").append(INK).append("\" fill-opacity=\"0.45\"/>");
        }
        for (int index = 0; index < rows.size(); index++) {
            Row row = rows.get(index);
            int top = axisHeight + index * rowHeight + (row.onCall() ? finalGap : 0);
            svg.append("<text class=\"row-label\" x=\"").append(side + 2).append("\" y=\"").append(top + 13).append("\" font-size=\"")
                    .append(fontSize + 1).append("\" font-weight=\"").append(row.onCall() ? "700" : "400").append("\" fill=\"")
                    .append(row.onCall() ? "#e6e9ee" : "#9aa5b4").append("\" paint-order=\"stroke\" stroke=\"").append(INK)
                    .append("\" stroke-width=\"3\">").append(GraphSvg.escape(row.label())).append("</text>");
        }
        if (nowShown) {
            double x = x(now, from, span, side, plotWidth);
            svg.append("<g class=\"now\"><title>Now: ").append(TIME.format(now.atZone(zone))).append(' ').append(GraphSvg.escape(zone.getId()))
                    .append("</title><line x1=\"").append(round(x)).append("\" x2=\"").append(round(x)).append("\" y1=\"").append(chartTop - 4)
                    .append("\" y2=\"").append(chartBottom + 2).append("\" stroke=\"").append(NOW).append("\" stroke-width=\"2\"/>");
            double labelX = Math.max(side + 12, Math.min(width - side - 12, x));
            svg.append("<text x=\"").append(round(labelX)).append("\" y=\"").append(height - 4).append("\" text-anchor=\"middle\" font-size=\"")
                    .append(fontSize).append("\" font-weight=\"700\" fill=\"").append(NOW).append("\">now</text></g>");
        }
        svg.append("</svg>");
        return svg.toString();
    }

    /** The stretches of {@code [from, to)} no shift covers. */
    static List<Instant[]> gaps(List<Shift> shifts, Instant from, Instant to) {
        List<Instant[]> gaps = new ArrayList<>();
        Instant cursor = from;
        for (Shift shift : shifts) {
            if (shift.start().isAfter(cursor)) {
                gaps.add(new Instant[] {cursor, shift.start().isAfter(to) ? to : shift.start()});
            }
            if (shift.end().isAfter(cursor)) {
                cursor = shift.end();
            }
            if (!cursor.isBefore(to)) {
                break;
            }
        }
        if (cursor.isBefore(to)) {
            gaps.add(new Instant[] {cursor, to});
        }
        return gaps;
    }

    /** "Bartholomew" of "Bartholomew Featherstonehaugh": enough to tell people apart in a short bar. */
    static String firstName(String name) {
        int space = name == null ? -1 : name.indexOf(' ');
        return space > 0 ? name.substring(0, space) : null;
    }

    /** The first of the texts that fits in the bar, or null: a name cut in half helps nobody, the bar's title has it. */
    static String fitting(double barWidth, int fontSize, String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && candidate.length() * fontSize * 0.62 + 10 <= barWidth) {
                return candidate;
            }
        }
        return null;
    }

    private static String period(Instant start, Instant end, ZoneId zone) {
        ZonedDateTime from = start.atZone(zone);
        ZonedDateTime to = end.atZone(zone);
        return TIME.format(from) + " – " + (from.toLocalDate().equals(to.toLocalDate()) ? to.toLocalTime().toString() : TIME.format(to));
    }

    private static double x(Instant instant, Instant from, double span, int side, double plotWidth) {
        return side + plotWidth * Duration.between(from, instant).toMillis() / span;
    }

    private static String round(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
