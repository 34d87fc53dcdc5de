package dev.andon.server.statuspage;

import dev.andon.server.statuspage.StatusPageStore.Maintenance;
import dev.andon.server.statuspage.StatusPageStore.PublicIncident;
import dev.andon.server.statuspage.StatusPageStore.PublicUpdate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** RSS 2.0 and Atom feeds of a status page's incidents and maintenances, built from public data only. */
final class StatusFeeds {
    private StatusFeeds() {}

    private record Entry(String id, String title, String link, Instant updated, String html) {}

    private static List<Entry> entries(StatusSnapshot snapshot) {
        List<Entry> entries = new ArrayList<>();
        for (PublicIncident incident : snapshot.incidents()) {
            StringBuilder html = new StringBuilder();
            for (PublicUpdate update : incident.updates()) {
                html.append("<p><small>").append(escape(snapshot.time(update.postedAt()))).append("</small><br><strong>")
                        .append(escape(label(update.status().text()))).append("</strong> - ").append(escape(update.body())).append("</p>");
            }
            entries.add(new Entry("inc-" + incident.id(), incident.name(), snapshot.url() + "#inc-" + incident.id(), incident.updatedAt(), html.toString()));
        }
        for (Maintenance maintenance : snapshot.maintenances()) {
            String html = "<p><strong>" + escape(label(maintenance.status().text())) + "</strong> - scheduled for "
                    + escape(snapshot.time(maintenance.scheduledFor())) + " until " + escape(snapshot.time(maintenance.scheduledUntil())) + "</p>"
                    + (maintenance.body().isBlank() ? "" : "<p>" + escape(maintenance.body()) + "</p>");
            entries.add(new Entry("mnt-" + maintenance.id(), maintenance.title(), snapshot.url() + "#mnt-" + maintenance.id(), maintenance.updatedAt(), html));
        }
        entries.sort(Comparator.comparing(Entry::updated).reversed());
        return entries;
    }

    static String rss(StatusSnapshot snapshot) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n");
        xml.append("<title>").append(escape(snapshot.page().title())).append(" status - incident history</title>\n");
        xml.append("<link>").append(escape(snapshot.url())).append("</link>\n");
        xml.append("<description>").append(escape(snapshot.page().title())).append(" status - incident history</description>\n");
        xml.append("<pubDate>").append(rfc822(snapshot.page().updatedAt())).append("</pubDate>\n");
        for (Entry entry : entries(snapshot)) {
            xml.append("<item>\n<title>").append(escape(entry.title())).append("</title>\n<description>").append(escape(entry.html()))
                    .append("</description>\n<pubDate>").append(rfc822(entry.updated())).append("</pubDate>\n<link>").append(escape(entry.link()))
                    .append("</link>\n<guid isPermaLink=\"false\">").append(escape(snapshot.page().slug() + "/" + entry.id())).append("</guid>\n</item>\n");
        }
        return xml.append("</channel>\n</rss>\n").toString();
    }

    static String atom(StatusSnapshot snapshot) {
        List<Entry> entries = entries(snapshot);
        Instant updated = entries.isEmpty() ? snapshot.page().updatedAt() : entries.getFirst().updated();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
        xml.append("<id>tag:andon,").append(escape(snapshot.page().slug())).append(":history</id>\n");
        xml.append("<title>").append(escape(snapshot.page().title())).append(" status - incident history</title>\n");
        xml.append("<link rel=\"alternate\" type=\"text/html\" href=\"").append(escape(snapshot.url())).append("\"/>\n");
        xml.append("<updated>").append(updated).append("</updated>\n");
        for (Entry entry : entries) {
            xml.append("<entry>\n<id>tag:andon,").append(escape(snapshot.page().slug() + ":" + entry.id())).append("</id>\n<title>")
                    .append(escape(entry.title())).append("</title>\n<updated>").append(entry.updated()).append("</updated>\n<link rel=\"alternate\" href=\"")
                    .append(escape(entry.link())).append("\"/>\n<author><name>").append(escape(snapshot.page().title()))
                    .append("</name></author>\n<content type=\"html\">").append(escape(entry.html())).append("</content>\n</entry>\n");
        }
        return xml.append("</feed>\n").toString();
    }

    static String label(String status) {
        String spaced = status.replace('_', ' ');
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    private static String rfc822(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
