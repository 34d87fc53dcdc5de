package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.checks.LatencyHistogram;
import dev.andon.server.checks.CheckHistory.Bucket;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The check charts are built by hand as strings, so these tests parse them and check what each mark says. */
class CheckChartsTest {
    private static final Instant DAY_ONE = Instant.parse("2024-05-01T00:00:00Z");
    private static final Instant HOUR_ONE = Instant.parse("2024-05-01T10:00:00Z");

    private static Bucket bucket(Instant start, long up, long degraded, long down, long unknown, long... latencyMillis) {
        LatencyHistogram latency = new LatencyHistogram();
        for (long millis : latencyMillis) {
            latency.add(millis);
        }
        return new Bucket(start, up, degraded, down, unknown, latencyMillis.length == 0 ? new long[0] : latency.counts());
    }

    private static Bucket empty(Instant start) {
        return new Bucket(start, 0, 0, 0, 0, new long[0]);
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document document, String tag) {
        NodeList nodes = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    private static List<Element> bars(Document document) {
        return elements(document, "rect").stream().filter(rect -> rect.getAttribute("class").startsWith("bar ")).toList();
    }

    private static String title(Element element) {
        return element.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").item(0).getTextContent();
    }

    @Test
    void missingDaysAreGreyAndHatchedNeverGreen() throws Exception {
        List<Bucket> days = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            Instant day = DAY_ONE.plus(Duration.ofDays(i));
            days.add(i % 3 == 0 ? empty(day) : bucket(day, 1440, 0, 0, 0));
        }
        Document svg = parse(CheckCharts.dayBars(days, "days-web"));

        List<Element> bars = bars(svg);
        assertThat(bars).hasSize(90);
        Element missing = bars.getFirst();
        assertThat(missing.getAttribute("class")).isEqualTo("bar bar-missing");
        assertThat(missing.getAttribute("fill")).isEqualTo("url(#days-web-missing)").isNotEqualTo(CheckCharts.Level.UP.colour);
        assertThat(title(missing)).isEqualTo("Wed 2024-05-01: no data");
        assertThat(bars.get(1).getAttribute("class")).isEqualTo("bar bar-up");
        assertThat(bars.stream().filter(bar -> bar.getAttribute("class").equals("bar bar-missing"))).hasSize(30);
        assertThat(elements(svg, "pattern")).singleElement().satisfies(pattern -> assertThat(pattern.getAttribute("id")).isEqualTo("days-web-missing"));
        assertThat(svg.getDocumentElement().getAttribute("aria-label")).contains("90 days").contains("30 days without data");
        assertThat(svg.getDocumentElement().getAttribute("viewBox")).isEqualTo("0 0 898 34");
        assertThat(svg.getDocumentElement().getAttribute("preserveAspectRatio")).isEqualTo("none");
    }

    @Test
    void aBarsColourFollowsItsUptime() throws Exception {
        List<Bucket> days = List.of(
                bucket(DAY_ONE, 1440, 0, 0, 0),
                bucket(DAY_ONE.plus(Duration.ofDays(1)), 1439, 0, 1, 0),
                bucket(DAY_ONE.plus(Duration.ofDays(2)), 700, 0, 740, 0),
                bucket(DAY_ONE.plus(Duration.ofDays(3)), 1400, 40, 0, 0),
                bucket(DAY_ONE.plus(Duration.ofDays(4)), 0, 0, 0, 12));
        List<Element> bars = bars(parse(CheckCharts.dayBars(days, "colours")));

        assertThat(bars).extracting(bar -> bar.getAttribute("class"))
                .containsExactly("bar bar-up", "bar bar-degraded", "bar bar-down", "bar bar-degraded", "bar bar-unknown");
        assertThat(bars.get(0).getAttribute("fill")).isEqualTo("#22c55e");
        assertThat(bars.get(1).getAttribute("fill")).isEqualTo("#f59e0b");
        assertThat(bars.get(2).getAttribute("fill")).isEqualTo("#ef4444");
        assertThat(bars.get(4).getAttribute("fill")).startsWith("url(#");
        assertThat(title(bars.get(1))).isEqualTo("Thu 2024-05-02: 99.93% up (1440 results: 1439 up, 1 down)");
        assertThat(title(bars.get(2))).contains("48.61% up");
        assertThat(title(bars.get(4))).contains("unknown: the checker failed");
    }

    @Test
    void uptimeIsNeverRoundedUpToAHundredPercent() {
        assertThat(CheckCharts.uptimeText(OptionalDouble.of(99.9999))).isEqualTo("99.999%");
        assertThat(CheckCharts.uptimeText(OptionalDouble.of(100))).isEqualTo("100%");
        assertThat(CheckCharts.uptimeText(OptionalDouble.of(50))).isEqualTo("50%");
        assertThat(CheckCharts.uptimeText(OptionalDouble.empty())).isEqualTo("no data");
    }

    @Test
    void sparklineHasTwentyFourHoursWithGapsAsGreyStubs() throws Exception {
        List<Bucket> hours = List.of(bucket(HOUR_ONE, 60, 0, 0, 0), bucket(HOUR_ONE.plus(Duration.ofHours(5)), 30, 0, 30, 0));
        Document svg = parse(CheckCharts.sparkline(hours, HOUR_ONE));

        List<Element> bars = bars(svg);
        assertThat(bars).hasSize(24);
        assertThat(bars.get(0).getAttribute("class")).isEqualTo("bar bar-up");
        assertThat(bars.get(5).getAttribute("class")).isEqualTo("bar bar-down");
        assertThat(bars.get(1).getAttribute("class")).isEqualTo("bar bar-missing");
        assertThat(bars.get(1).getAttribute("fill")).isNotEqualTo(bars.get(0).getAttribute("fill"));
        assertThat(Integer.parseInt(bars.get(1).getAttribute("height"))).isLessThan(Integer.parseInt(bars.get(0).getAttribute("height")));
        assertThat(title(bars.get(0))).isEqualTo("10:00–11:00 UTC: 100% up (60 results: 60 up)");
        assertThat(title(bars.get(1))).isEqualTo("11:00–12:00 UTC: no data");
        assertThat(svg.getDocumentElement().getAttribute("aria-label"))
                .isEqualTo("Last 24 hours: 1 hour up, 1 hour with failures, 22 hours without data");
    }

    @Test
    void latencyHasOnePathPerLocationAndPercentile() throws Exception {
        Map<String, List<Bucket>> byLocation = new LinkedHashMap<>();
        byLocation.put("outside", List.of(bucket(HOUR_ONE, 3, 0, 0, 0, 20, 30, 40), bucket(HOUR_ONE.plus(Duration.ofHours(1)), 1, 0, 0, 0, 25)));
        byLocation.put("inside", List.of(bucket(HOUR_ONE.plus(Duration.ofHours(2)), 1, 0, 0, 0, 400)));
        byLocation.put("nowhere", List.of());
        Document svg = parse(CheckCharts.latency(byLocation, HOUR_ONE, Duration.ofHours(1), 24, "latency-web", false));

        List<Element> paths = elements(svg, "path");
        assertThat(paths.stream().filter(path -> path.getAttribute("class").contains("latency-p50"))).hasSize(3);
        assertThat(paths.stream().filter(path -> path.getAttribute("class").contains("latency-p95"))).hasSize(3);
        Element outside = paths.stream().filter(path -> path.getAttribute("class").equals("line latency-p50 location-0")).findFirst().orElseThrow();
        assertThat(outside.getAttribute("data-location")).isEqualTo("outside");
        assertThat(outside.getAttribute("d")).startsWith("M").contains(" L").doesNotContain(" M");
        assertThat(outside.getAttribute("stroke")).isEqualTo(CheckCharts.locationColour(0));
        assertThat(paths.stream().filter(path -> path.getAttribute("data-location").equals("inside")))
                .allSatisfy(path -> assertThat(path.getAttribute("stroke")).isEqualTo(CheckCharts.locationColour(1)));
        assertThat(paths.stream().filter(path -> path.getAttribute("data-location").equals("nowhere")))
                .allSatisfy(path -> assertThat(path.getAttribute("visibility")).isEqualTo("hidden"));
        List<String> labels = elements(svg, "text").stream().map(Element::getTextContent).toList();
        assertThat(labels).contains("0 ms", "500 ms", "10:00 UTC");
        assertThat(elements(svg, "rect").stream().map(CheckChartsTest::title)).anySatisfy(text ->
                assertThat(text).startsWith("10:00 UTC").contains("outside: p50").contains("inside: no data"));
    }

    @Test
    void phonesGetANarrowDrawingWithTheSameLinesAndTheirOwnIds() throws Exception {
        Map<String, List<Bucket>> byLocation = Map.of("outside", List.of(bucket(HOUR_ONE, 1, 0, 0, 0, 20)));
        Document wide = parse(CheckCharts.latency(byLocation, HOUR_ONE, Duration.ofHours(1), 24, "same", false));
        Document narrow = parse(CheckCharts.latency(byLocation, HOUR_ONE, Duration.ofHours(1), 24, "same", true));

        assertThat(narrow.getDocumentElement().getAttribute("class")).isEqualTo("latency narrow");
        assertThat(wide.getDocumentElement().getAttribute("class")).isEqualTo("latency wide");
        assertThat(narrow.getDocumentElement().getAttribute("aria-labelledby")).isNotEqualTo(wide.getDocumentElement().getAttribute("aria-labelledby"));
        assertThat(elements(narrow, "path")).hasSameSizeAs(elements(wide, "path"));
        assertThat(elements(narrow, "text")).hasSizeLessThan(elements(wide, "text").size());
    }

    @Test
    void aGapInTheDataBreaksTheLine() throws Exception {
        Map<String, List<Bucket>> byLocation = Map.of("outside", List.of(bucket(HOUR_ONE, 1, 0, 0, 0, 20),
                bucket(HOUR_ONE.plus(Duration.ofHours(1)), 1, 0, 0, 0, 20), bucket(HOUR_ONE.plus(Duration.ofHours(3)), 1, 0, 0, 0, 20),
                bucket(HOUR_ONE.plus(Duration.ofHours(4)), 0, 0, 0, 3)));
        Document svg = parse(CheckCharts.latency(byLocation, HOUR_ONE, Duration.ofHours(1), 24, "gap", true));

        Element p50 = elements(svg, "path").stream().filter(path -> path.getAttribute("class").contains("latency-p50")).findFirst().orElseThrow();
        assertThat(p50.getAttribute("d").split(" M")).hasSize(2);
    }

    @Test
    void textIsEscaped() throws Exception {
        String hostile = "<script>alert(\"x\")</script> & 'q'";
        Map<String, List<Bucket>> byLocation = Map.of(hostile, List.of(bucket(HOUR_ONE, 1, 0, 0, 0, 20)));
        String latency = CheckCharts.latency(byLocation, HOUR_ONE, Duration.ofHours(1), 24, "id\"><script>", false);
        String days = CheckCharts.dayBars(List.of(empty(DAY_ONE)), "x\" onload=\"alert(1)");

        assertThat(latency).doesNotContain("<script>").contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
        assertThat(days).doesNotContain("onload=\"");
        Document parsed = parse(latency);
        assertThat(elements(parsed, "path")).anySatisfy(path -> assertThat(path.getAttribute("data-location")).isEqualTo(hostile));
        parse(days);
    }

    @Test
    void axisCeilingIsARoundNumber() {
        assertThat(CheckCharts.niceCeiling(0)).isEqualTo(10);
        assertThat(CheckCharts.niceCeiling(37)).isEqualTo(50);
        assertThat(CheckCharts.niceCeiling(120)).isEqualTo(200);
        assertThat(CheckCharts.niceCeiling(1000)).isEqualTo(1000);
        assertThat(CheckCharts.niceCeiling(5001)).isEqualTo(10000);
    }
}
