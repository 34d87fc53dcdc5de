package dev.andon.server.statuspage;

import dev.andon.server.checks.CheckHistory.Bucket;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The 90-day uptime bars of a public status page, as compact SVG: the days fully up are one path,
 * the days without data another (grey), and each day with downtime a rect with a {@code <title>}
 * saying how much; the summary is in the aria-label. The check pages' bars carry
 * a title on every day, which made a page of eight components 117 kB; these keep it near 20 kB, so
 * the page is cheap to serve and to load on a phone.
 */
final class UptimeBars {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** Percent up below which a day is drawn as down, as on the check pages. */
    private static final double DOWN_BELOW = 99.0;

    private UptimeBars() {}

    static String svg(List<Bucket> days, String summary) {
        int width = Math.max(1, days.size() * 10 - 2);
        StringBuilder svg = new StringBuilder(days.size() * 30 + 300);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"days\" viewBox=\"0 0 ").append(width)
                .append(" 34\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"").append(escape(summary)).append("\">");
        // Days that need no words (up, no data) are one path per colour; a day with downtime is its own
        // rect with a title, so hovering it says how much.
        StringBuilder up = new StringBuilder();
        StringBuilder none = new StringBuilder();
        StringBuilder titled = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            Bucket day = days.get(i);
            String level = level(day);
            switch (level) {
                case "up" -> up.append('M').append(i * 10).append(" 0h8v34h-8z");
                case "none" -> none.append('M').append(i * 10).append(" 0h8v34h-8z");
                default -> titled.append("<rect x=\"").append(i * 10).append("\" width=\"8\" height=\"34\" class=\"u-").append(level)
                        .append("\"><title>").append(day.start() == null ? "" : DAY.format(day.start()) + ": ").append(describe(day, level))
                        .append("</title></rect>");
            }
        }
        if (!up.isEmpty()) {
            svg.append("<path class=\"u-up\" d=\"").append(up).append("\"/>");
        }
        if (!none.isEmpty()) {
            svg.append("<path class=\"u-none\" d=\"").append(none).append("\"/>");
        }
        svg.append(titled);
        return svg.append("</svg>").toString();
    }

    static String level(Bucket day) {
        if (day == null || day.total() == 0) {
            return "none";
        }
        if (day.uptime().isEmpty()) {
            return "none";
        }
        if (day.uptime().getAsDouble() < DOWN_BELOW) {
            return "down";
        }
        return day.down() > 0 || day.degraded() > 0 ? "degraded" : "up";
    }

    private static String describe(Bucket day, String level) {
        if (level.equals("none")) {
            return "no data";
        }
        return String.format(Locale.ROOT, "%.2f%% up", day.uptime().getAsDouble());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
