package dev.andon.server.postmortems;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import dev.andon.postmortems.PostmortemSection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A postmortem as one document: Markdown (for a wiki or a repository) and PDF (for people outside
 * Andon). The PDF is the Markdown rendered to XHTML and laid out by openhtmltopdf.
 */
public final class PostmortemExport {
    private static final Map<String, Path> FONTS = fonts();
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private PostmortemExport() {}

    /** Everything that goes into the document. */
    public record Document(Postmortems.Postmortem postmortem, List<Postmortems.TimelineEntry> timeline, List<Postmortems.Factor> factors,
                           List<ActionItems.ActionItem> actionItems) {}

    public static String markdown(Document document) {
        Postmortems.Postmortem p = document.postmortem();
        StringBuilder md = new StringBuilder();
        md.append("# Postmortem: ").append(p.title()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Incident", p.incidentReference() + (p.severity() == null ? "" : " (" + p.severity().name() + ")"));
        row(md, "Services", p.services().isEmpty() ? "none" : String.join(", ", p.services()));
        row(md, "Status", p.status().text() + (p.publishedAt() == null ? "" : ", " + UTC.format(p.publishedAt()) + " by " + p.publishedBy()));
        row(md, "Owner", p.owner() == null ? "nobody" : p.owner());
        row(md, "Facilitator", p.facilitator() == null ? "nobody yet" : p.facilitator());
        row(md, "Due", UTC.format(p.dueAt()));
        if (!p.tags().isEmpty()) {
            row(md, "Tags", String.join(", ", p.tags()));
        }
        if (p.overrideReason() != null) {
            row(md, "Published over open flags", p.overrideReason());
        }
        md.append('\n');
        for (PostmortemSection section : PostmortemSection.values()) {
            md.append("## ").append(section.title()).append("\n\n");
            switch (section) {
                case TIMELINE -> {
                    md.append("| Time (UTC) | Source | What |\n|---|---|---|\n");
                    for (Postmortems.TimelineEntry entry : document.timeline()) {
                        md.append("| ").append(UTC.format(entry.at())).append(" | ").append(cell(entry.source())).append(" | ")
                                .append(cell(entry.body())).append(" |\n");
                    }
                }
                case FACTORS -> {
                    int n = 1;
                    for (Postmortems.Factor factor : document.factors()) {
                        md.append(n++).append(". **").append(factor.type().title()).append(":** ").append(oneLine(factor.description())).append('\n');
                        int why = 1;
                        for (String answer : factor.whys()) {
                            md.append("   ").append(why++).append(". Why? ").append(oneLine(answer)).append('\n');
                        }
                    }
                    if (document.factors().isEmpty()) {
                        md.append("_None recorded._\n");
                    }
                }
                case ACTION_ITEMS -> {
                    md.append("| Item | Owner | Due | Priority | Type | Status |\n|---|---|---|---|---|---|\n");
                    for (ActionItems.ActionItem item : document.actionItems()) {
                        md.append("| ").append(item.reference()).append(' ')
                                .append(item.trackerUrl() == null ? cell(item.title()) : "[" + cell(item.title()) + "](" + item.trackerUrl() + ")")
                                .append(" | ").append(item.owner() == null ? "" : item.owner()).append(" | ").append(item.dueDate()).append(" | ")
                                .append(item.priority().key()).append(" | ").append(item.type().key()).append(" | ").append(item.status().text()).append(" |\n");
                    }
                }
                default -> {
                    String text = p.section(section).strip();
                    md.append(text.isEmpty() ? "_Not written._" : text).append('\n');
                }
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** The document as PDF bytes. */
    public static byte[] pdf(Document document) {
        String body = Markdown.html(markdown(document));
        // The PDF's built-in fonts have no arrows; the rest of the text is Latin-1 or close to it.
        String xhtml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="UTF-8"/><title>%s</title><style>
                @page { size: A4; margin: 18mm 16mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #555; } }
                body { font-family: Helvetica, Arial, sans-serif; font-size: 10pt; line-height: 1.4; color: #111; }
                h1 { font-size: 18pt; margin: 0 0 8pt; } h2 { font-size: 13pt; margin: 14pt 0 4pt; border-bottom: 1px solid #ccc; }
                table { border-collapse: collapse; width: 100%%; margin: 4pt 0; -fs-table-paginate: paginate; }
                th, td { border: 1px solid #ccc; padding: 3pt 5pt; text-align: left; vertical-align: top; font-size: 9pt; }
                tr { page-break-inside: avoid; } code { font-family: Courier, monospace; }
                </style></head><body>%s</body></html>""".formatted(escape(document.postmortem().title()), body);
        xhtml = xmlSafe(FONTS.isEmpty() ? xhtml.replace("→", "-&gt;") : xhtml.replace("font-family: Helvetica, Arial, sans-serif", "font-family: 'DejaVu Sans', sans-serif"));
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            // Nothing is fetched while rendering: an image in the Markdown must not make the server
            // request an internal address (or wait for a slow one).
            builder.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
            builder.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            for (Map.Entry<String, Path> font : FONTS.entrySet()) {
                builder.useFont(font.getValue().toFile(), "DejaVu Sans", font.getKey().equals("bold") ? 700 : 400, BaseRendererBuilder.FontStyle.NORMAL, true);
            }
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the postmortem as PDF", e);
        }
    }

    /** XML 1.0 forbids most control characters; pasted terminal output (ANSI colours) carries them. */
    static String xmlSafe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
            if (allowed) {
                safe.appendCodePoint(c);
            }
        });
        return safe.toString();
    }

    /** DejaVu Sans from the system, when installed (Debian's fonts-dejavu-core), for text beyond Latin-1; else the PDF's built-in fonts. */
    private static Map<String, Path> fonts() {
        Map<String, Path> fonts = new java.util.LinkedHashMap<>();
        Path dir = Path.of("/usr/share/fonts/truetype/dejavu");
        if (Files.isReadable(dir.resolve("DejaVuSans.ttf")) && Files.isReadable(dir.resolve("DejaVuSans-Bold.ttf"))) {
            fonts.put("regular", dir.resolve("DejaVuSans.ttf"));
            fonts.put("bold", dir.resolve("DejaVuSans-Bold.ttf"));
        }
        return fonts;
    }

    private static void row(StringBuilder md, String label, String value) {
        md.append("| ").append(label).append(" | ").append(cell(value)).append(" |\n");
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace("\r", " ").replace("\n", " ");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
