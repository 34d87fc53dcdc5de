package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.catalog.Dependency;
import dev.andon.catalog.DependencyGraph;
import dev.andon.catalog.DependencyKind;
import dev.andon.catalog.GraphLayout;
import dev.andon.catalog.Lifecycle;
import dev.andon.catalog.Service;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The graph drawing is built by hand as a string, so these tests check it is well-formed, escaped and complete. */
class GraphSvgTest {

    private static Service service(String slug, String name, int tier, Dependency... dependencies) {
        return new Service(slug, name, "", "service", tier, Lifecycle.PRODUCTION, null, null, List.of(), List.of(), List.of(dependencies));
    }

    private static String render(List<Service> services, String highlight) {
        Map<String, Service> bySlug = services.stream().collect(Collectors.toMap(Service::slug, Function.identity()));
        return GraphSvg.render(GraphLayout.of(new DependencyGraph(services), null), bySlug, highlight);
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void escapesNamesSoTheyCannotInjectMarkup() throws Exception {
        String hostile = "<script>alert('x')</script> & \"quotes\"";
        String svg = render(List.of(service("evil", hostile, 1)), null);

        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;").contains("&amp;").contains("&quot;");
        Document document = parse(svg); // throws when escaping left the XML malformed
        String title = document.getElementsByTagNameNS("*", "title").item(1).getTextContent();
        assertThat(title).startsWith("<script>alert('x')</script>");
    }

    @Test
    void drawsOneLinkedNodePerServiceWithItsTierAndName() throws Exception {
        List<Service> services = List.of(
                service("db", "Database", 1),
                service("api", "API", 2, new Dependency("db", DependencyKind.HARD)),
                service("web", "A web frontend with a rather long name", 3, new Dependency("api", DependencyKind.HARD)));
        Document document = parse(render(services, "api"));

        NodeList links = document.getElementsByTagNameNS("*", "a");
        assertThat(links.getLength()).isEqualTo(3);
        List<String> hrefs = new java.util.ArrayList<>();
        for (int i = 0; i < links.getLength(); i++) {
            hrefs.add(((Element) links.item(i)).getAttribute("href"));
        }
        assertThat(hrefs).containsExactlyInAnyOrder("/services/db", "/services/api", "/services/web");

        assertThat(nameOf(findLink(links, "/services/db"))).isEqualTo("Database");
        assertThat(nameOf(findLink(links, "/services/web"))).isEqualTo("A web frontend w…");
        assertThat(findLink(links, "/services/web").getTextContent()).contains("A web frontend with a rather long name (web), tier 3");
        assertThat(findLink(links, "/services/db").getAttribute("class")).contains("tier-1");
        Element highlighted = findLink(links, "/services/api");
        assertThat(highlighted.getAttribute("class")).contains("highlight").contains("tier-2");
        assertThat(highlighted.getAttribute("aria-current")).isEqualTo("page");
        assertThat(document.getDocumentElement().getAttribute("viewBox")).startsWith("0 0 ");
    }

    @Test
    void drawsSoftDependenciesDashedAndHardOnesSolidWithArrowheads() throws Exception {
        List<Service> services = List.of(
                service("cache", "Cache", 3),
                service("db", "Database", 1),
                service("api", "API", 1, new Dependency("db", DependencyKind.HARD), new Dependency("cache", DependencyKind.SOFT)));
        Document document = parse(render(services, null));

        NodeList paths = document.getElementsByTagNameNS("*", "path");
        int soft = 0;
        int hard = 0;
        for (int i = 0; i < paths.getLength(); i++) {
            Element path = (Element) paths.item(i);
            String type = path.getAttribute("class");
            if (type.contains("graph-edge")) {
                assertThat(path.getAttribute("marker-end")).isEqualTo("url(#graph-arrow)");
                if (type.contains("soft")) {
                    soft++;
                    assertThat(path.getAttribute("stroke-dasharray")).isNotEmpty();
                    assertThat(path.getTextContent()).isEqualTo("api soft-depends on cache");
                } else {
                    hard++;
                    assertThat(path.getAttribute("stroke-dasharray")).isEmpty();
                }
            }
        }
        assertThat(soft).isEqualTo(1);
        assertThat(hard).isEqualTo(1);
        assertThat(document.getElementsByTagNameNS("*", "marker").getLength()).isEqualTo(1);
    }

    @Test
    void drawsCyclesWithoutFailing() throws Exception {
        List<Service> services = List.of(
                service("a", "A", 2, new Dependency("b", DependencyKind.HARD)),
                service("b", "B", 2, new Dependency("a", DependencyKind.SOFT)));
        Document document = parse(render(services, "a"));

        assertThat(document.getElementsByTagNameNS("*", "a").getLength()).isEqualTo(2);
    }

    @Test
    void ellipsizesOnlyNamesTooLongForTheBox() {
        assertThat(GraphSvg.ellipsize("Payments API")).isEqualTo("Payments API");
        assertThat(GraphSvg.ellipsize("Checkout web frontend")).endsWith("…").hasSizeLessThanOrEqualTo(17);
    }

    private static String nameOf(Element link) {
        NodeList texts = link.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element text = (Element) texts.item(i);
            if (text.getAttribute("class").equals("graph-name")) {
                return text.getTextContent();
            }
        }
        throw new AssertionError("no name in " + link.getAttribute("href"));
    }

    private static Element findLink(NodeList links, String href) {
        for (int i = 0; i < links.getLength(); i++) {
            Element link = (Element) links.item(i);
            if (link.getAttribute("href").equals(href)) {
                return link;
            }
        }
        throw new AssertionError("no link to " + href);
    }
}
