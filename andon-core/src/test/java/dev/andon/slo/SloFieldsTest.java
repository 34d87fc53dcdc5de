package dev.andon.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andon.probe.ProbeSpecs;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The SLO JSON vocabulary: what reads, the way back, and the field named for each mistake. */
class SloFieldsTest {
    private static final String EVERYTHING = """
            {'slug': 'checkout-latency', 'name': 'Checkout latency', 'description': 'Checkout answers in time', 'service': 'checkout',
             'indicator': {'source': 'check', 'check': 'checkout-home', 'location': 'eu-west', 'latencyThresholdMs': 300},
             'target': 0.995,
             'window': {'calendar': '1M', 'timeZone': 'Europe/Berlin', 'start': '2024-01-01T00:00'},
             'budgetingMethod': 'Timeslices', 'sliceWindow': '5m', 'sliceTarget': 0.95,
             'noData': 'bad', 'minEvents': 100, 'noDataAlertAfter': '15m',
             'alerts': [{'severity': 'page', 'budget': 0.02, 'long': '1h', 'short': '5m'},
                        {'severity': 'ticket', 'budget': 0.1, 'long': '3d', 'short': '6h'}]}
            """;

    private static final String ROLLING = """
            {'slug': 'api', 'name': 'API', 'service': 'api', 'indicator': {'source': 'push'}, 'target': 0.999, 'window': {'rolling': '28d'}}
            """;

    private static final String PROMETHEUS = """
            {'slug': 'search-errors', 'name': 'Search errors', 'service': 'search',
             'indicator': {'source': 'prometheus', 'dataSource': 'prom-main', 'bad': 'sum(rate(http_errors_total[1m]))',
                           'total': 'sum(rate(http_requests_total[1m]))'},
             'target': 0.99, 'window': {'rolling': '7d'}, 'budgetingMethod': 'RatioTimeslices', 'sliceWindow': '1m',
             'noData': 'good', 'alerts': []}
            """;

    /** JSON written with single quotes, for legibility. */
    private static JsonNode json(String text) {
        return ProbeSpecs.json().readTree(text.replace('\'', '"'));
    }

    private static Slo read(String text) {
        return SloFields.read(json(text));
    }

    /** Written and parsed again, so numbers compare by value (100 written as a long reads back as an int). */
    private static JsonNode written(Slo slo) {
        return ProbeSpecs.json().readTree(SloFields.write(slo).toString());
    }

    /** The field an invalid SLO is refused for. */
    private static String refused(String text) {
        try {
            read(text);
        } catch (InvalidSloException e) {
            return e.field();
        }
        throw new AssertionError("accepted: " + text);
    }

    /** {@link #EVERYTHING} with one field replaced (a JSON fragment), or removed when {@code value} is null. */
    private static String with(String field, String value) {
        var node = (tools.jackson.databind.node.ObjectNode) json(EVERYTHING);
        if (value == null) {
            node.remove(field);
        } else {
            node.set(field, json(value));
        }
        return node.toString().replace('"', '\'');
    }

    @Test
    void readsEveryField() {
        Slo slo = read(EVERYTHING);

        assertThat(slo.slug()).isEqualTo("checkout-latency");
        assertThat(slo.name()).isEqualTo("Checkout latency");
        assertThat(slo.description()).isEqualTo("Checkout answers in time");
        assertThat(slo.service()).isEqualTo("checkout");
        assertThat(slo.indicator()).isEqualTo(Indicator.check("checkout-home", "eu-west", 300));
        assertThat(slo.indicator().threshold()).isTrue();
        assertThat(slo.target()).isEqualTo(0.995);
        assertThat(slo.window()).isEqualTo(new TimeWindow.Calendar(1, ChronoUnit.MONTHS, LocalDateTime.parse("2024-01-01T00:00"), ZoneId.of("Europe/Berlin")));
        assertThat(slo.method()).isEqualTo(BudgetingMethod.TIMESLICES);
        assertThat(slo.sliceWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(slo.sliceTarget()).isEqualTo(0.95);
        assertThat(slo.noData()).isEqualTo(NoDataPolicy.BAD);
        assertThat(slo.minEvents()).isEqualTo(100);
        assertThat(slo.noDataAlertAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(slo.alerts()).containsExactly(BurnAlert.DEFAULTS.get(0), BurnAlert.DEFAULTS.get(2));
    }

    @Test
    void defaultsWhenLeftOut() {
        Slo slo = read("{'slug': 'api', 'service': 'api', 'indicator': {'source': 'push'}, 'target': 0.999, 'window': {'calendar': 'month'}}");

        assertThat(slo.name()).isEqualTo("api");
        assertThat(slo.description()).isEmpty();
        assertThat(slo.method()).isEqualTo(BudgetingMethod.OCCURRENCES);
        assertThat(slo.noData()).isEqualTo(NoDataPolicy.EXCLUDED);
        assertThat(slo.minEvents()).isZero();
        assertThat(slo.noDataAlertAfter()).isNull();
        assertThat(slo.alerts()).isEqualTo(BurnAlert.DEFAULTS);
        // A calendar window without zone or start: UTC from 2024-01-01 (a Monday, a month, quarter and year start).
        assertThat(slo.window()).isEqualTo(new TimeWindow.Calendar(1, ChronoUnit.MONTHS, LocalDateTime.parse("2024-01-01T00:00"), ZoneId.of("UTC")));
    }

    @Test
    void calendarAndMethodSpellings() {
        String base = "{'slug': 'api', 'service': 'api', 'indicator': {'source': 'push'}, 'target': 0.999, 'window': %s}";

        assertThat(read(base.formatted("{'calendar': 'week', 'timeZone': 'Europe/Berlin'}")).window())
                .isEqualTo(new TimeWindow.Calendar(1, ChronoUnit.WEEKS, LocalDateTime.parse("2024-01-01T00:00"), ZoneId.of("Europe/Berlin")));
        assertThat(read(base.formatted("{'calendar': 'quarter', 'timeZone': 'America/New_York', 'start': '2025-01-01 00:00:00'}")).window())
                .isEqualTo(new TimeWindow.Calendar(3, ChronoUnit.MONTHS, LocalDateTime.parse("2025-01-01T00:00"), ZoneId.of("America/New_York")));
        assertThat(read(base.formatted("{'calendar': '2Q'}")).window())
                .isEqualTo(new TimeWindow.Calendar(6, ChronoUnit.MONTHS, LocalDateTime.parse("2024-01-01T00:00"), ZoneId.of("UTC")));
        assertThat(read(base.formatted("{'calendar': 'year'}")).window().durationText()).isEqualTo("1Y");
        assertThat(read(base.formatted("{'calendar': 'day', 'timeZone': 'Europe/Berlin'}")).window())
                .isEqualTo(new TimeWindow.Calendar(1, ChronoUnit.DAYS, LocalDateTime.parse("2024-01-01T00:00"), ZoneId.of("Europe/Berlin")));
        assertThat(read(base.formatted("{'calendar': '7d'}")).window().durationText()).isEqualTo("7d");
        assertThat(read(base.formatted("{'rolling': '30d'}")).window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(30)));
        assertThat(read(base.formatted("{'rolling': '1w'}")).window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(7)));
        assertThat(BudgetingMethod.parse("ratio_timeslices")).isEqualTo(BudgetingMethod.RATIO_TIMESLICES);
        assertThat(BudgetingMethod.parse(" timeslices ")).isEqualTo(BudgetingMethod.TIMESLICES);
        assertThat(BudgetingMethod.parse("Weighted")).isNull();
        assertThat(NoDataPolicy.parse("GOOD")).isEqualTo(NoDataPolicy.GOOD);
        assertThat(Indicator.Source.parse(" Prometheus ")).isEqualTo(Indicator.Source.PROMETHEUS);
    }

    @Test
    void writingWhatWasReadGivesItBack() {
        for (String text : List.of(EVERYTHING, ROLLING, PROMETHEUS)) {
            assertThat(written(read(text))).as(text).isEqualTo(json(text));
        }
    }

    @Test
    void readingWhatWasWrittenGivesAnEqualSlo() {
        List<Slo> slos = List.of(
                read(EVERYTHING), read(ROLLING), read(PROMETHEUS),
                new Slo("quarterly", "Quarterly", "In New York", "billing", Indicator.prometheus("prom", "sum(good)", null, "sum(all)"), 0.9,
                        new TimeWindow.Calendar(3, ChronoUnit.MONTHS, LocalDateTime.parse("2025-01-01T00:00"), ZoneId.of("America/New_York")),
                        BudgetingMethod.OCCURRENCES, null, null, NoDataPolicy.GOOD, 5, Duration.ofHours(1), null),
                new Slo("weekly", "Weekly", "", "api", Indicator.check("api-health", null, null), 0.0,
                        new TimeWindow.Calendar(2, ChronoUnit.WEEKS, LocalDateTime.parse("2024-01-01T00:00"), ZoneOffset.UTC),
                        BudgetingMethod.RATIO_TIMESLICES, Duration.ofMinutes(10), 0.9, NoDataPolicy.EXCLUDED, 0, null,
                        List.of(new BurnAlert("ticket", 1, Duration.ofDays(7), Duration.ofMinutes(90)))),
                new Slo("daily", "Daily", "", "api", Indicator.push(), 0.95,
                        new TimeWindow.Calendar(1, ChronoUnit.DAYS, LocalDateTime.parse("2024-01-01T00:00"), ZoneId.of("Europe/Berlin")),
                        BudgetingMethod.OCCURRENCES, null, null, NoDataPolicy.EXCLUDED, 0, null, null),
                new Slo("rolling-7", "Rolling", "", "api", Indicator.push(), 0.9999, new TimeWindow.Rolling(Duration.ofHours(36)),
                        BudgetingMethod.TIMESLICES, Duration.ofHours(1), 1.0, NoDataPolicy.BAD, 1, Duration.ofMinutes(90), List.of()));
        for (Slo slo : slos) {
            assertThat(SloFields.read(SloFields.write(slo))).as(slo.slug()).isEqualTo(slo);
        }
    }

    @Test
    void writingLeavesDefaultsOut() {
        JsonNode node = SloFields.write(read(ROLLING));

        assertThat(node.propertyNames()).containsExactly("slug", "name", "service", "indicator", "target", "window");
    }

    @Test
    void eachMistakeNamesItsField() {
        assertThat(refused(with("slug", "'Checkout_API'"))).isEqualTo("slug");
        assertThat(refused(with("slug", "'-checkout'"))).isEqualTo("slug");
        assertThat(refused(with("slug", null))).isEqualTo("slug");
        assertThat(refused(with("service", null))).isEqualTo("service");
        assertThat(refused(with("objective", "0.99"))).isEqualTo("objective");
        assertThat(refused(with("target", "99.9"))).isEqualTo("target");
        assertThat(refused(with("target", "1"))).isEqualTo("target");
        assertThat(refused(with("target", "'0.99'"))).isEqualTo("target");
        assertThat(refused(with("target", null))).isEqualTo("target");
        assertThat(refused(with("window", null))).isEqualTo("window");
        assertThat(refused(with("window", "{'rolling': '28d', 'zone': 'UTC'}"))).isEqualTo("window.zone");
        assertThat(refused(with("window", "{'rolling': '28d', 'calendar': '1M'}"))).isEqualTo("window");
        assertThat(refused(with("window", "{}"))).isEqualTo("window");
        assertThat(refused(with("window", "{'rolling': '2m'}"))).isEqualTo("window.rolling");
        assertThat(refused(with("window", "{'rolling': '1M'}"))).isEqualTo("window.rolling");
        assertThat(refused(with("window", "{'calendar': 'fortnight'}"))).isEqualTo("window.calendar");
        assertThat(refused(with("window", "{'calendar': '0M'}"))).isEqualTo("window.calendar");
        assertThat(refused(with("window", "{'calendar': '1M', 'timeZone': 'Mars/Olympus_Mons'}"))).isEqualTo("window.timeZone");
        assertThat(refused(with("window", "{'calendar': '1M', 'start': 'yesterday'}"))).isEqualTo("window.start");
        assertThat(refused(with("budgetingMethod", "'Weighted'"))).isEqualTo("budgetingMethod");
        assertThat(refused(with("sliceTarget", null))).isEqualTo("sliceTarget");
        assertThat(refused(with("sliceTarget", "1.5"))).isEqualTo("sliceTarget");
        assertThat(refused(with("sliceWindow", null))).isEqualTo("sliceWindow");
        assertThat(refused(with("sliceWindow", "'30s'"))).isEqualTo("sliceWindow");
        assertThat(refused(with("sliceWindow", "'soon'"))).isEqualTo("sliceWindow");
        assertThat(refused(with("noData", "'maybe'"))).isEqualTo("noData");
        assertThat(refused(with("minEvents", "-1"))).isEqualTo("minEvents");
        assertThat(refused(with("noDataAlertAfter", "'0m'"))).isEqualTo("noDataAlertAfter");
    }

    @Test
    void wrongTypesAndHugeNumbersNameTheirFieldToo() {
        assertThat(refused(with("sliceTarget", "'high'"))).isEqualTo("sliceTarget");
        assertThat(refused(with("minEvents", "'many'"))).isEqualTo("minEvents");
        assertThat(refused(with("indicator", "{'source': 'check', 'check': 'home', 'latencyThresholdMs': 'fast'}"))).isEqualTo("indicator.latencyThresholdMs");
        assertThat(refused(with("alerts", "[{'severity': 'page', 'budget': 'some', 'long': '1h', 'short': '5m'}]"))).isEqualTo("alerts[0].budget");
        assertThat(refused(with("window", "{'calendar': '99999999999M'}"))).isEqualTo("window.calendar");
        assertThat(refused(with("window", "{'rolling': '99999999999999999999d'}"))).isEqualTo("window.rolling");
        assertThat(refused(with("noDataAlertAfter", "'9999999999999999w'"))).isEqualTo("noDataAlertAfter");
        assertThat(refused(with("minEvents", "1.5"))).isEqualTo("minEvents");
        assertThat(refused(with("minEvents", "99999999999999999999"))).isEqualTo("minEvents");
        assertThat(refused(with("indicator", "{'source': 'check', 'check': 'home', 'latencyThresholdMs': 99999999999}"))).isEqualTo("indicator.latencyThresholdMs");
        assertThat(refused(with("slug", "{'a': 1}"))).isEqualTo("slug");
        assertThat(refused(with("description", "['a']"))).isEqualTo("description");
        assertThat(refused(with("window", "{'calendar': '1M', 'start': {}}"))).isEqualTo("window.start");
        assertThat(refused(with("indicator", "{'source': 'prometheus', 'dataSource': 'prom', 'good': ['g'], 'total': 't'}"))).isEqualTo("indicator.good");
        assertThat(refused(with("budgetingMethod", "['Timeslices']"))).isEqualTo("budgetingMethod");
        assertThat(refused(with("noData", "{}"))).isEqualTo("noData");
        assertThat(refused(with("sliceWindow", "5"))).isEqualTo("sliceWindow");
        assertThat(refused(with("window", "{'rolling': 28}"))).isEqualTo("window.rolling");
        assertThat(refused(with("window", "{'calendar': ['1M']}"))).isEqualTo("window.calendar");
        assertThat(refused(with("window", "{'calendar': '1M', 'timeZone': 1}"))).isEqualTo("window.timeZone");
        assertThat(refused(with("indicator", "{'source': ['push']}"))).isEqualTo("indicator.source");
        assertThat(refused(with("alerts", "[{'severity': {}, 'budget': 0.02, 'long': '1h', 'short': '5m'}]"))).isEqualTo("alerts[0].severity");
        assertThat(refused(with("alerts", "['page']"))).isEqualTo("alerts[0]");
    }

    @Test
    void occurrencesRefuseSliceFields() {
        String occurrences = "{'slug': 'api', 'service': 'api', 'indicator': {'source': 'push'}, 'target': 0.999, 'window': {'rolling': '28d'}, %s}";

        assertThat(refused(occurrences.formatted("'sliceWindow': '5m'"))).isEqualTo("sliceWindow");
        assertThat(refused(occurrences.formatted("'budgetingMethod': 'Occurrences', 'sliceWindow': '5m', 'sliceTarget': 0.9"))).isEqualTo("sliceWindow");
        assertThat(refused(occurrences.formatted("'sliceTarget': 0.95"))).isEqualTo("sliceTarget");
    }

    @Test
    void alertMistakesNameTheirIndex() {
        assertThat(refused(with("alerts", "[{'severity': 'page', 'budget': 0.02, 'long': '1h', 'short': '5m'},"
                + " {'severity': 'ticket', 'budget': 0.1, 'long': '6h', 'short': '6h'}]"))).isEqualTo("alerts[1].short");
        assertThat(refused(with("alerts", "[{'severity': 'page', 'budget': 0.02, 'long': '1h', 'short': '5m'},"
                + " {'severity': 'ticket', 'budget': 0.1, 'long': '6h', 'short': '1d'}]"))).isEqualTo("alerts[1].short");
        assertThat(refused(with("alerts", "[{'severity': 'warn', 'budget': 0.02, 'long': '1h', 'short': '5m'}]"))).isEqualTo("alerts[0].severity");
        assertThat(refused(with("alerts", "[{'severity': 'page', 'budget': 2, 'long': '1h', 'short': '5m'}]"))).isEqualTo("alerts[0].budget");
        assertThat(refused(with("alerts", "[{'severity': 'page', 'long': '1h', 'short': '5m'}]"))).isEqualTo("alerts[0].budget");
        assertThat(refused(with("alerts", "[{'severity': 'page', 'budget': 0.02, 'long': 'soon', 'short': '5m'}]"))).isEqualTo("alerts[0].long");
        assertThat(refused(with("alerts", "[{'severity': 'page', 'budget': 0.02, 'long': '1h'}]"))).isEqualTo("alerts[0].short");
        assertThat(refused(with("alerts", "[{'severity': 'page', 'budget': 0.02, 'long': '1h', 'short': '5m', 'window': '1h'}]")))
                .isEqualTo("alerts[0].window");
        assertThat(refused(with("alerts", "{'severity': 'page'}"))).isEqualTo("alerts");
    }

    @Test
    void indicatorMistakesNameTheirField() {
        assertThat(refused(with("indicator", null))).isEqualTo("indicator");
        assertThat(refused(with("indicator", "{'source': 'statsd'}"))).isEqualTo("indicator.source");
        assertThat(refused(with("indicator", "{'check': 'home'}"))).isEqualTo("indicator.source");
        assertThat(refused(with("indicator", "{'source': 'push', 'query': 'up'}"))).isEqualTo("indicator.query");
        assertThat(refused(with("indicator", "{'source': 'check'}"))).isEqualTo("indicator.check");
        assertThat(refused(with("indicator", "{'source': 'check', 'check': 'home', 'latencyThresholdMs': 0}"))).isEqualTo("indicator.latencyThresholdMs");
        assertThat(refused(with("indicator", "{'source': 'prometheus', 'dataSource': 'prom', 'good': 'g', 'bad': 'b', 'total': 't'}")))
                .isEqualTo("indicator.good");
        assertThat(refused(with("indicator", "{'source': 'prometheus', 'dataSource': 'prom', 'total': 't'}"))).isEqualTo("indicator.good");
        assertThat(refused(with("indicator", "{'source': 'prometheus', 'good': 'g', 'total': 't'}"))).isEqualTo("indicator.dataSource");
        assertThat(refused(with("indicator", "{'source': 'prometheus', 'dataSource': 'prom', 'good': 'g'}"))).isEqualTo("indicator.total");
    }

    @Test
    void notAnObjectAtAll() {
        assertThatThrownBy(() -> SloFields.read(json("[]"))).isInstanceOf(InvalidSloException.class);
        assertThatThrownBy(() -> SloFields.read(null)).isInstanceOf(InvalidSloException.class);
    }

    @Test
    void theRecordRefusesWhatTheFieldsRefuse() {
        assertThatThrownBy(() -> new Slo("a", "a", "", "s", Indicator.push(), 1.0, new TimeWindow.Rolling(Duration.ofDays(28)),
                BudgetingMethod.OCCURRENCES, null, null, null, 0, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Slo("a", "a", "", "s", Indicator.push(), 0.99, new TimeWindow.Rolling(Duration.ofDays(28)),
                BudgetingMethod.TIMESLICES, Duration.ofMinutes(5), null, null, 0, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Slo("a", "a", "", "s", Indicator.push(), 0.99, new TimeWindow.Rolling(Duration.ofDays(28)),
                BudgetingMethod.RATIO_TIMESLICES, Duration.ofSeconds(90), null, null, 0, null, null)).isInstanceOf(IllegalArgumentException.class);
        // Nulls become the defaults.
        Slo slo = new Slo("a", "a", "", "s", Indicator.push(), 0.99, new TimeWindow.Rolling(Duration.ofDays(28)),
                BudgetingMethod.OCCURRENCES, null, null, null, 0, null, null);
        assertThat(slo.noData()).isEqualTo(NoDataPolicy.EXCLUDED);
        assertThat(slo.alerts()).isEqualTo(BurnAlert.DEFAULTS);
    }
}
