package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SLO charts are built by hand as strings, so these tests parse them as XML and check what each mark says. */
class SloChartsTest {
    private static final String SVG = "http://www.w3.org/2000/svg";
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final List<SloCharts.Threshold> THRESHOLDS = List.of(new SloCharts.Threshold("page", "1h", 14.4),
            new SloCharts.Threshold("page", "6h", 6), new SloCharts.Threshold("ticket", "3d", 1));

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document document, String tag) {
        NodeList nodes = document.getElementsByTagNameNS(SVG, tag);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    private static List<Element> withClass(Document document, String tag, String css) {
        return elements(document, tag).stream().filter(element -> List.of(element.getAttribute("class").split(" ")).contains(css)).toList();
    }

    private static String title(Document document) {
        Element svg = document.getDocumentElement();
        String id = svg.getAttribute("aria-labelledby");
        return elements(document, "title").stream().filter(title -> title.getAttribute("id").equals(id)).findFirst().orElseThrow().getTextContent();
    }

    /** Every 5 minutes over a day, the burn rate of the hour before; {@code nulls} marks points without events. */
    private static List<SloCharts.Point> day(double value, int... nulls) {
        List<SloCharts.Point> points = new ArrayList<>();
        Instant from = NOW.minus(Duration.ofHours(24));
        for (int i = 1; i <= 288; i++) {
            int index = i;
            boolean missing = java.util.Arrays.stream(nulls).anyMatch(n -> n == index);
            points.add(new SloCharts.Point(from.plus(Duration.ofMinutes(5L * i)), missing ? null : value + (i % 7) / 10.0));
        }
        return points;
    }

    @Test
    void burnRateDrawsEachAlertThresholdAsALabelledLine() throws Exception {
        Document svg = parse(SloCharts.burnRate(day(2), NOW.minus(Duration.ofHours(24)), NOW, THRESHOLDS, "slo-checkout-burn-rate", false));

        List<Element> thresholds = withClass(svg, "g", "threshold");
        assertThat(thresholds).hasSize(3);
        assertThat(withClass(svg, "text", "threshold-label")).extracting(Element::getTextContent)
                .containsExactly("page 1h 14.4x", "page 6h 6x", "ticket 3d 1x");
        // Each threshold line sits at its value: the higher the threshold, the nearer the top.
        List<Double> heights = thresholds.stream().map(group -> Double.parseDouble(((Element) group.getElementsByTagNameNS(SVG, "line").item(0))
                .getAttribute("y1"))).toList();
        assertThat(heights).isSorted();
        assertThat(withClass(svg, "g", "threshold-page").getFirst().getElementsByTagNameNS(SVG, "line").item(0).getAttributes()
                .getNamedItem("stroke").getNodeValue()).isEqualTo(SloCharts.EXHAUSTED);
        assertThat(withClass(svg, "g", "threshold-ticket").getFirst().getElementsByTagNameNS(SVG, "line").item(0).getAttributes()
                .getNamedItem("stroke").getNodeValue()).isEqualTo(SloCharts.AT_RISK);
        assertThat(title(svg)).contains("Burn rate", "2026-11-20 12:00 UTC", "2026-11-21 12:00 UTC", "page 1h 14.4x", "ticket 3d 1x");
        assertThat(svg.getDocumentElement().getAttribute("viewBox")).isEqualTo("0 0 760 250");
    }

    @Test
    void burnRatePlotsEveryPointAndBreaksTheLineWhereThereWereNoEvents() throws Exception {
        Document svg = parse(SloCharts.burnRate(day(0.5, 100, 101), NOW.minus(Duration.ofHours(24)), NOW, THRESHOLDS, "burn", false));

        Element line = withClass(svg, "path", "burn").getFirst();
        String d = line.getAttribute("d");
        assertThat(d.split("[ML]")).as("a vertex per point with events").hasSize(1 + 286);
        assertThat(d.chars().filter(c -> c == 'M')).as("the gap starts the line again").hasSize(2);
        List<Element> hover = withClass(svg, "rect", "point");
        assertThat(hover).hasSize(286);
        assertThat(hover.getFirst().getTextContent()).isEqualTo("12:05 UTC: burn rate 0.6x over the hour before");
        // The highest threshold is on the chart even though the burn stayed low.
        assertThat(withClass(svg, "text", "axis-label").stream().map(Element::getTextContent)).contains("20x");
    }

    @Test
    void burnRateWithoutDataSaysSoAndStillDrawsTheThresholds() throws Exception {
        List<SloCharts.Point> nothing = day(0, java.util.stream.IntStream.rangeClosed(1, 288).toArray());
        for (List<SloCharts.Point> points : List.of(nothing, List.<SloCharts.Point>of())) {
            Document svg = parse(SloCharts.burnRate(points, NOW.minus(Duration.ofDays(3)), NOW, THRESHOLDS, "empty", true));
            assertThat(withClass(svg, "path", "burn")).isEmpty();
            assertThat(withClass(svg, "text", "no-data")).singleElement().extracting(Element::getTextContent).isEqualTo("No events in this range");
            assertThat(withClass(svg, "text", "threshold-label")).hasSize(3);
            assertThat(title(svg)).contains("no events in this range");
            assertThat(svg.getDocumentElement().getAttribute("class")).isEqualTo("slo-chart burn-rate narrow");
            assertThat(svg.getDocumentElement().getAttribute("aria-labelledby")).isEqualTo("empty-narrow-title");
        }
        Document none = parse(SloCharts.burnRate(List.of(), NOW.minus(Duration.ofDays(1)), NOW, List.of(), "none", false));
        assertThat(withClass(none, "g", "threshold")).isEmpty();
    }

    @Test
    void burnDownPlotsTheRemainingBudgetWithTheZeroLineAndToday() throws Exception {
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        Instant end = Instant.parse("2026-12-01T00:00:00Z");
        List<double[]> series = new ArrayList<>();
        // Every 20 hours, 6.25% less (exact in binary, so the axis is predictable).
        for (int i = 0; i <= 24; i++) {
            series.add(new double[] {start.plus(Duration.ofHours(20L * i)).toEpochMilli(), 1 - i * 0.0625});
        }
        Instant today = start.plus(Duration.ofDays(20));
        Document svg = parse(SloCharts.burnDown(series, start, end, today, true, "slo-checkout-burn-down", false));

        List<Element> points = withClass(svg, "circle", "point");
        assertThat(points).hasSize(25);
        assertThat(points.getFirst().getTextContent()).isEqualTo("2026-11-01 00:00 UTC: 100.0% of the budget left");
        assertThat(points.getLast().getTextContent()).isEqualTo("2026-11-21 00:00 UTC: -50.0% of the budget left");
        // Below zero the axis reaches down to the next quarter, and the 0% line stands out.
        assertThat(withClass(svg, "text", "axis-label").stream().map(Element::getTextContent)).contains("-50%", "100%");
        Element zero = withClass(svg, "line", "zero-line").getFirst();
        Element lowest = points.getLast();
        assertThat(Double.parseDouble(lowest.getAttribute("cy"))).isGreaterThan(Double.parseDouble(zero.getAttribute("y1")));
        assertThat(withClass(svg, "path", "remaining").getFirst().getAttribute("stroke")).as("spent: drawn red").isEqualTo(SloCharts.EXHAUSTED);
        Element marker = withClass(svg, "g", "today").getFirst();
        assertThat(marker.getTextContent()).contains("today", "2026-11-21 00:00 UTC");
        double x = Double.parseDouble(((Element) marker.getElementsByTagNameNS(SVG, "line").item(0)).getAttribute("x1"));
        assertThat(x).as("two thirds into the month").isCloseTo(60 + 688 * 20 / 30.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(withClass(svg, "line", "even-burn")).hasSize(1);
        assertThat(title(svg)).contains("Error budget remaining", "-50.0% left");
    }

    @Test
    void burnDownOfARollingWindowHasNoEvenBurnAndAnEmptyOneSaysNoData() throws Exception {
        Instant start = NOW.minus(Duration.ofDays(7));
        List<double[]> series = List.of(new double[] {start.toEpochMilli(), 1}, new double[] {NOW.toEpochMilli(), 0.8});
        Document rolling = parse(SloCharts.burnDown(series, start, NOW, NOW, false, "rolling", true));
        assertThat(withClass(rolling, "line", "even-burn")).isEmpty();
        assertThat(withClass(rolling, "circle", "point")).hasSize(2);
        assertThat(withClass(rolling, "path", "remaining").getFirst().getAttribute("stroke")).isEqualTo(SloCharts.LINE);
        assertThat(withClass(rolling, "text", "axis-label").stream().map(Element::getTextContent)).contains("0%", "100%").doesNotContain("-25%");

        Document empty = parse(SloCharts.burnDown(List.of(), start, NOW, NOW, false, "empty", false));
        assertThat(withClass(empty, "circle", "point")).isEmpty();
        assertThat(withClass(empty, "path", "remaining")).isEmpty();
        assertThat(withClass(empty, "text", "no-data")).singleElement().extracting(Element::getTextContent).isEqualTo("No data yet");
        assertThat(title(empty)).endsWith("no data yet");
    }

    @Test
    void budgetBarFillsWhatRemainsAndSaysAnOverspendInWords() throws Exception {
        Document healthy = parse(SloCharts.budgetBar(0.42, "healthy"));
        Element fill = withClass(healthy, "rect", "budget-fill").getFirst();
        assertThat(fill.getAttribute("width")).isEqualTo("42");
        assertThat(fill.getAttribute("fill")).isEqualTo(SloCharts.HEALTHY);
        assertThat(healthy.getDocumentElement().getAttribute("aria-label")).isEqualTo("Error budget remaining 42.0% (healthy)");

        Document atRisk = parse(SloCharts.budgetBar(0.1, "at-risk"));
        assertThat(withClass(atRisk, "rect", "budget-fill").getFirst().getAttribute("fill")).isEqualTo(SloCharts.AT_RISK);

        Document overspent = parse(SloCharts.budgetBar(-0.3, "exhausted"));
        assertThat(withClass(overspent, "rect", "budget-fill")).as("fully spent: nothing left to fill").isEmpty();
        assertThat(withClass(overspent, "rect", "inline-track")).hasSize(1);
        assertThat(overspent.getDocumentElement().getAttribute("aria-label")).isEqualTo("Error budget fully spent, overspent by 30.0% (exhausted)");
    }

    @Test
    void ratesReadAsPeopleWriteThem() {
        assertThat(SloCharts.rate(14.4)).isEqualTo("14.4x");
        assertThat(SloCharts.rate(3.36)).isEqualTo("3.36x");
        assertThat(SloCharts.rate(0.2333)).isEqualTo("0.23x");
        assertThat(SloCharts.rate(1.4)).isEqualTo("1.4x");
        assertThat(SloCharts.rate(0)).isEqualTo("0x");
        assertThat(SloCharts.rate(100)).isEqualTo("100x");
        assertThat(SloCharts.niceCeiling(15.84)).isEqualTo(20);
        assertThat(SloCharts.niceCeiling(1.1)).isEqualTo(2);
    }
}
