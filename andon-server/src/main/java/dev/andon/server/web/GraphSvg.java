package dev.andon.server.web;

import dev.andon.catalog.DependencyKind;
import dev.andon.catalog.GraphLayout;
import dev.andon.catalog.Service;
import java.util.Map;

/**
 * Draws a laid-out dependency graph as inline SVG on the server, so the graph needs no script and
 * every node is a plain link to its service. All text is XML-escaped: names come from users.
 */
public final class GraphSvg {
    /** Width of the coloured band at the left of a node that carries the tier. */
    private static final int BAND = 30;
    /** About how many characters of a 13px system font fit beside the band; longer names are cut with an ellipsis. */
    private static final int NAME_CHARACTERS = 17;
    /** Below this scale text becomes unreadable, so a wide graph scrolls sideways instead of shrinking further. */
    private static final double MINIMUM_SCALE = 0.7;
    /** How far an edge between two services of the same row dips below them. */
    private static final int ROW_LOOP = 36;

    private GraphSvg() {}

    public static String render(GraphLayout layout, Map<String, Service> services, String highlightSlug) {
        int width = layout.width();
        // A same-row edge (only cycles make one) dips below its row and needs room at the bottom.
        boolean sameRowEdge = layout.edges().stream().anyMatch(edge -> edge.from().y() == edge.to().y());
        int height = layout.height() + (sameRowEdge ? ROW_LOOP : 0);
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" width=\"100%\" preserveAspectRatio=\"xMidYMin meet\" style=\"max-width:").append(width)
                .append("px;min-width:").append((int) Math.ceil(width * MINIMUM_SCALE)).append("px\" aria-labelledby=\"graph-title\">");
        svg.append("<title id=\"graph-title\">Dependency graph: ").append(layout.nodes().size())
                .append(layout.nodes().size() == 1 ? " service" : " services").append(", arrows point to what a service depends on</title>");
        svg.append("<defs><marker id=\"graph-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" ")
                .append("orient=\"auto\"><path class=\"graph-arrow\" d=\"M0,0 L10,5 L0,10 z\" fill=\"#8b96a5\"/></marker></defs>");

        svg.append("<g class=\"graph-edges\">");
        for (GraphLayout.Edge edge : layout.edges()) {
            edge(svg, edge, highlightSlug);
        }
        svg.append("</g><g class=\"graph-nodes\">");
        for (GraphLayout.Node node : layout.nodes()) {
            node(svg, node, services.get(node.service()), node.service().equals(highlightSlug));
        }
        svg.append("</g></svg>");
        return svg.toString();
    }

    private static void edge(StringBuilder svg, GraphLayout.Edge edge, String highlightSlug) {
        GraphLayout.Node from = edge.from();
        GraphLayout.Node to = edge.to();
        int nodeHeight = GraphLayout.NODE_HEIGHT;
        int fromX = from.centerX();
        int toX = to.centerX();
        String path;
        if (to.y() > from.y()) {
            int fromY = from.y() + nodeHeight;
            int toY = to.y();
            int middle = (fromY + toY) / 2;
            path = "M" + fromX + "," + fromY + " C" + fromX + "," + middle + " " + toX + "," + middle + " " + toX + "," + toY;
        } else if (to.y() < from.y()) {
            // Only a cycle points upwards; it enters the box from below.
            int fromY = from.y();
            int toY = to.y() + nodeHeight;
            int middle = (fromY + toY) / 2;
            path = "M" + fromX + "," + fromY + " C" + fromX + "," + middle + " " + toX + "," + middle + " " + toX + "," + toY;
        } else {
            // Same row: loop underneath, so the line does not run through the boxes in between.
            int y = from.y() + nodeHeight;
            path = "M" + fromX + "," + y + " C" + fromX + "," + (y + ROW_LOOP) + " " + toX + "," + (y + ROW_LOOP) + " " + toX + "," + y;
        }
        boolean soft = edge.kind() == DependencyKind.SOFT;
        boolean near = from.service().equals(highlightSlug) || to.service().equals(highlightSlug);
        svg.append("<path class=\"graph-edge ").append(soft ? "soft" : "hard").append(near ? " near" : "")
                .append("\" d=\"").append(path).append("\" fill=\"none\" stroke=\"#8b96a5\" stroke-width=\"").append(near ? "2.5" : "1.5").append('"');
        if (soft) {
            svg.append(" stroke-dasharray=\"6 4\"");
        }
        svg.append(" marker-end=\"url(#graph-arrow)\"><title>").append(escape(from.service())).append(soft ? " soft-depends on " : " depends on ")
                .append(escape(to.service())).append("</title></path>");
    }

    private static void node(StringBuilder svg, GraphLayout.Node node, Service service, boolean highlight) {
        String slug = node.service();
        String name = service == null ? slug : service.name();
        int tier = service == null ? 0 : service.tier();
        int x = node.x();
        int y = node.y();
        int width = GraphLayout.NODE_WIDTH;
        int height = GraphLayout.NODE_HEIGHT;
        svg.append("<a href=\"/services/").append(escape(slug)).append("\" class=\"graph-node tier-").append(tier)
                .append(highlight ? " highlight\" aria-current=\"page\"" : "\"").append('>');
        svg.append("<title>").append(escape(name)).append(" (").append(escape(slug)).append(")")
                .append(tier == 0 ? "" : ", tier " + tier).append("</title>");
        svg.append("<rect class=\"graph-box\" x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" rx=\"6\" fill=\"#1e2631\" stroke=\"").append(tierColour(tier))
                .append("\" stroke-width=\"").append(highlight ? 3 : 1.5).append("\"/>");
        svg.append("<path class=\"graph-band\" d=\"M").append(x + 6).append(',').append(y).append(" H").append(x + BAND)
                .append(" V").append(y + height).append(" H").append(x + 6).append(" A6,6 0 0 1 ").append(x).append(',').append(y + height - 6)
                .append(" V").append(y + 6).append(" A6,6 0 0 1 ").append(x + 6).append(',').append(y).append(" Z\" fill=\"")
                .append(tierColour(tier)).append("\"/>");
        svg.append("<text class=\"graph-tier\" x=\"").append(x + BAND / 2).append("\" y=\"").append(y + height / 2 + 4)
                .append("\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"700\" fill=\"#0f1419\">")
                .append(tier == 0 ? "?" : "T" + tier).append("</text>");
        svg.append("<text class=\"graph-name\" x=\"").append(x + BAND + 8).append("\" y=\"").append(y + height / 2 + 5)
                .append("\" font-size=\"13\"").append(highlight ? " font-weight=\"700\"" : "").append(" fill=\"#e6e9ee\">")
                .append(escape(ellipsize(name, highlight ? NAME_CHARACTERS - 2 : NAME_CHARACTERS))).append("</text>");
        svg.append("</a>");
    }

    static String ellipsize(String text) {
        return ellipsize(text, NAME_CHARACTERS);
    }

    /** Cuts to at most {@code characters}, the last being "…"; the highlighted node's bold text is wider, so it gets fewer. */
    static String ellipsize(String text, int characters) {
        if (text.codePointCount(0, text.length()) <= characters) {
            return text;
        }
        int end = text.offsetByCodePoints(0, characters - 1);
        return text.substring(0, end).stripTrailing() + "…";
    }

    /** The tier colours of andon.css, as attributes too, so the SVG reads right even where the stylesheet does not apply. */
    static String tierColour(int tier) {
        return switch (tier) {
            case 1 -> "#f43f5e";
            case 2 -> "#fb923c";
            case 3 -> "#38bdf8";
            case 4 -> "#94a3b8";
            default -> "#64748b";
        };
    }

    /** Escapes text for XML content and attribute values alike. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> {
                    // Control characters other than tab and newlines are not allowed in XML at all.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
