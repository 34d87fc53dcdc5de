package dev.andon.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andon.slo.OpenSlo.DataSource;
import dev.andon.slo.OpenSlo.Problem;
import dev.andon.slo.OpenSlo.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenSloTest {
    private static final List<DataSource> DATA_SOURCES = List.of(DataSource.prometheus("prom-main", "http://prometheus:9090"),
            DataSource.prometheus("prom-eu", "https://prometheus.eu.example.com/prometheus"));

    private static final Map<String, TimeWindow> WINDOWS = windows();
    private static final Map<String, Indicator> INDICATORS = indicators();
    private static final Map<String, List<BurnAlert>> ALERTS = alerts();

    private static Map<String, TimeWindow> windows() {
        Map<String, TimeWindow> windows = new LinkedHashMap<>();
        windows.put("rolling-28d", new TimeWindow.Rolling(Duration.ofDays(28)));
        windows.put("rolling-2w", new TimeWindow.Rolling(Duration.ofDays(14)));
        windows.put("rolling-90m", new TimeWindow.Rolling(Duration.ofMinutes(90)));
        windows.put("rolling-36h", new TimeWindow.Rolling(Duration.ofHours(36)));
        windows.put("calendar-month", new TimeWindow.Calendar(1, ChronoUnit.MONTHS, LocalDateTime.of(2025, 1, 1, 0, 0), ZoneId.of("UTC")));
        windows.put("calendar-2-months", new TimeWindow.Calendar(2, ChronoUnit.MONTHS, LocalDateTime.of(2024, 2, 1, 6, 30, 15), ZoneId.of("America/New_York")));
        windows.put("calendar-quarter", new TimeWindow.Calendar(3, ChronoUnit.MONTHS, LocalDateTime.of(2025, 4, 1, 0, 0), ZoneId.of("Europe/Berlin")));
        windows.put("calendar-half-year", new TimeWindow.Calendar(6, ChronoUnit.MONTHS, LocalDateTime.of(2025, 1, 1, 0, 0), ZoneId.of("Asia/Tokyo")));
        windows.put("calendar-week", new TimeWindow.Calendar(1, ChronoUnit.WEEKS, LocalDateTime.of(2024, 1, 1, 0, 0), ZoneId.of("Europe/Berlin")));
        windows.put("calendar-10-days", new TimeWindow.Calendar(10, ChronoUnit.DAYS, LocalDateTime.of(2024, 1, 1, 0, 0), ZoneId.of("UTC")));
        windows.put("calendar-year", new TimeWindow.Calendar(1, ChronoUnit.YEARS, LocalDateTime.of(2025, 7, 1, 0, 0), ZoneId.of("Australia/Sydney")));
        return windows;
    }

    private static Map<String, Indicator> indicators() {
        Map<String, Indicator> indicators = new LinkedHashMap<>();
        indicators.put("prometheus-good", Indicator.prometheus("prom-main", "sum(http_requests_total{code!~\"5..\"})", null, "sum(http_requests_total)"));
        indicators.put("prometheus-bad", Indicator.prometheus("prom-eu", null, "sum(grpc_server_handled_total{grpc_code=~\"Internal|Unavailable\"})",
                "sum(grpc_server_handled_total)"));
        indicators.put("check", Indicator.check("api-health", null, null));
        indicators.put("check-location", Indicator.check("api-health", "eu-west", null));
        indicators.put("latency", Indicator.check("api-health", null, 250));
        indicators.put("latency-location", Indicator.check("api-health", "us-east", 1200));
        indicators.put("push", Indicator.push());
        return indicators;
    }

    private static Map<String, List<BurnAlert>> alerts() {
        Map<String, List<BurnAlert>> alerts = new LinkedHashMap<>();
        alerts.put("default", null);
        alerts.put("none", List.of());
        alerts.put("custom", List.of(
                new BurnAlert("page", 0.02, Duration.ofHours(1), Duration.ofMinutes(5)),
                new BurnAlert("page", 0.0125, Duration.ofMinutes(30), Duration.ofMinutes(2)),
                new BurnAlert("ticket", 0.5, Duration.ofDays(7), Duration.ofHours(12)),
                new BurnAlert("ticket", 1.0 / 3, Duration.ofDays(1), Duration.ofSeconds(90))));
        return alerts;
    }

    /** Every window, method, indicator, alert set and set of extras, each combination once. */
    private static List<Slo> everyCombination() {
        List<Slo> slos = new ArrayList<>();
        int number = 0;
        for (Map.Entry<String, TimeWindow> window : WINDOWS.entrySet()) {
            for (BudgetingMethod method : BudgetingMethod.values()) {
                for (Map.Entry<String, Indicator> indicator : INDICATORS.entrySet()) {
                    for (Map.Entry<String, List<BurnAlert>> alerts : ALERTS.entrySet()) {
                        for (boolean extras : List.of(false, true)) {
                            number++;
                            String slug = "slo-" + number;
                            Duration sliceWindow = method.sliced() ? Duration.ofMinutes(extras ? 1 : 5) : null;
                            Double sliceTarget = method == BudgetingMethod.TIMESLICES || (method == BudgetingMethod.RATIO_TIMESLICES && extras)
                                    ? 0.95 : null;
                            slos.add(new Slo(slug, extras ? "SLO " + number + ": " + window.getKey() + ", " + indicator.getKey() : slug,
                                    extras ? "Combination " + number + " of the round trip" : "", extras ? "payments-api" : "checkout",
                                    indicator.getValue(), extras ? 0.9995 : 0.99, window.getValue(), method, sliceWindow, sliceTarget,
                                    extras ? NoDataPolicy.BAD : NoDataPolicy.EXCLUDED, extras ? 250 : 0, extras ? Duration.ofMinutes(45) : null,
                                    alerts.getValue()));
                        }
                    }
                }
            }
        }
        return slos;
    }

    private static Result read(String yaml) {
        Result result = OpenSlo.read("slos.yaml", yaml);
        assertThat(result.problems()).isEmpty();
        return result;
    }

    @Test
    void everyCombinationReadsBackEqualOneByOne() {
        for (Slo slo : everyCombination()) {
            String yaml = OpenSlo.write(List.of(slo), DATA_SOURCES);
            Result result = read(yaml);
            assertThat(result.slos()).as(yaml).containsExactly(slo);
            assertThat(result.dataSources()).isEqualTo(DATA_SOURCES);
            assertThat(result.notes()).isEmpty();
            assertThat(OpenSlo.write(result.slos(), result.dataSources())).isEqualTo(yaml);
        }
    }

    @Test
    void everyCombinationReadsBackEqualInOneFile() {
        List<Slo> slos = everyCombination();
        String yaml = OpenSlo.write(slos, DATA_SOURCES);
        Result result = read(yaml);
        assertThat(result.slos()).isEqualTo(slos);
        assertThat(result.dataSources()).isEqualTo(DATA_SOURCES);
        assertThat(result.services()).containsExactly("checkout", "payments-api");
        assertThat(OpenSlo.write(result.slos(), result.dataSources())).isEqualTo(yaml);
    }

    @Test
    void slosWithTheSameAlertsShareTheirAlertDocuments() {
        List<Slo> slos = everyCombination().stream()
                .filter(slo -> slo.window().equals(WINDOWS.get("rolling-28d")) && slo.alerts().equals(BurnAlert.DEFAULTS)).toList();
        String yaml = OpenSlo.write(slos, List.of());
        assertThat(slos).hasSizeGreaterThan(10);
        assertThat(yaml.split("\nkind: AlertCondition\n", -1)).hasSize(4);
        assertThat(yaml.split("\nkind: AlertPolicy\n", -1)).hasSize(4);
        assertThat(yaml.split("\nkind: AlertNotificationTarget\n", -1)).hasSize(2);
        assertThat(yaml).contains("""
                  name: page-1h-28d
                  annotations:
                    andon.dev/short-window: 5m
                spec:
                  description: Page when 2% of a 28d error budget burns within 1h (and the last 5m still burns)
                  severity: page
                  condition:
                    kind: burnrate
                    op: gte
                    threshold: 13.44
                    lookbackWindow: 1h
                """);
    }

    @Test
    void writesTheOpenSloShapeWithTheCalendarStartQuoted() {
        Slo slo = new Slo("api-latency", "API latency", "Answers within 300 ms", "api", Indicator.check("api-health", "eu-west", 300), 0.99,
                new TimeWindow.Calendar(3, ChronoUnit.MONTHS, LocalDateTime.of(2025, 1, 1, 0, 0), ZoneId.of("Europe/Berlin")),
                BudgetingMethod.TIMESLICES, Duration.ofMinutes(5), 0.95, NoDataPolicy.GOOD, 10, null, List.of());
        assertThat(OpenSlo.write(List.of(slo), List.of())).isEqualTo("""
                ---
                apiVersion: openslo/v1
                kind: Service
                metadata:
                  name: api
                spec: {}
                ---
                apiVersion: openslo/v1
                kind: SLO
                metadata:
                  name: api-latency
                  displayName: API latency
                  annotations:
                    andon.dev/no-data: good
                    andon.dev/min-events: '10'
                spec:
                  description: Answers within 300 ms
                  service: api
                  indicator:
                    metadata:
                      name: api-latency
                    spec:
                      thresholdMetric:
                        metricSource:
                          type: Andon
                          spec:
                            check: api-health
                            location: eu-west
                  timeWindow:
                  - duration: 1Q
                    isRolling: false
                    calendar:
                      startTime: "2025-01-01 00:00:00"
                      timeZone: Europe/Berlin
                  budgetingMethod: Timeslices
                  objectives:
                  - op: lte
                    value: 300
                    target: 0.99
                    timeSliceTarget: 0.95
                    timeSliceWindow: 5m
                  alertPolicies: []
                """);
    }

    @Test
    void refusesToWriteWhatOpenSloCannotSay() {
        Slo seconds = new Slo("odd", "odd", "", "api", Indicator.push(), 0.99, new TimeWindow.Rolling(Duration.ofSeconds(301)),
                BudgetingMethod.OCCURRENCES, null, null, null, 0, null, null);
        assertThatThrownBy(() -> OpenSlo.write(List.of(seconds), List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the rolling window of odd").hasMessageContaining("whole number of minutes");
        Slo alert = new Slo("odd", "odd", "", "api", Indicator.push(), 0.99, new TimeWindow.Rolling(Duration.ofDays(28)),
                BudgetingMethod.OCCURRENCES, null, null, null, 0, null, List.of(new BurnAlert("page", 0.02, Duration.ofSeconds(3630), Duration.ofMinutes(5))));
        assertThatThrownBy(() -> OpenSlo.write(List.of(alert), List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the long window of odd's alert");
    }

    @Test
    void importsTheHandWrittenExampleFile() throws IOException {
        Result result = OpenSlo.read("checkout.yaml", resource("openslo/checkout.yaml"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.services()).containsExactly("checkout");
        assertThat(result.dataSources()).containsExactly(DataSource.prometheus("prometheus-main", "https://prometheus.example.com"));
        assertThat(result.slos()).containsExactly(
                new Slo("checkout-availability", "Checkout availability", "99.9% of checkout requests succeed over four weeks", "checkout",
                        Indicator.prometheus("prometheus-main", "sum(http_requests_total{service=\"checkout\",code!~\"5..\"})", null,
                                "sum(http_requests_total{service=\"checkout\"})"),
                        0.999, new TimeWindow.Rolling(Duration.ofDays(28)), BudgetingMethod.OCCURRENCES, null, null, NoDataPolicy.EXCLUDED, 200, null,
                        List.of(new BurnAlert("page", 0.02, Duration.ofHours(1), Duration.ofMinutes(5)),
                                // A burn rate of 1 over 3 days spends 3/28 of a 28-day budget; the short window defaults to 1/12.
                                new BurnAlert("ticket", 3.0 / 28, Duration.ofDays(3), Duration.ofHours(6)))),
                new Slo("checkout-api-latency", "Checkout API latency", "Synthetic checks see the checkout API answer within 400 ms", "checkout",
                        Indicator.check("checkout-api", "eu-central", 400), 0.99,
                        new TimeWindow.Calendar(1, ChronoUnit.MONTHS, LocalDateTime.of(2025, 1, 1, 0, 0), ZoneId.of("Europe/Berlin")),
                        BudgetingMethod.TIMESLICES, Duration.ofMinutes(5), 0.9, NoDataPolicy.BAD, 0, Duration.ofMinutes(15),
                        // A burn rate of 15 over 2h spends 15 × 2h / 30d of a month's budget (a month counted as 30 days).
                        List.of(new BurnAlert("page", 15.0 * 2 / (30 * 24), Duration.ofHours(2), Duration.ofMinutes(10)))),
                new Slo("payment-callbacks", "payment-callbacks", "", "checkout", Indicator.push(), 0.995,
                        new TimeWindow.Calendar(3, ChronoUnit.MONTHS, LocalDateTime.of(2025, 1, 1, 0, 0), ZoneId.of("UTC")),
                        BudgetingMethod.RATIO_TIMESLICES, Duration.ofMinutes(10), null, NoDataPolicy.EXCLUDED, 0, null, List.of()));
        assertThat(result.notes()).containsExactly(new Problem("checkout.yaml", 194, 23, "spec.conditions[0].spec.condition.alertAfter",
                "is not applied: Andon's burn alerts wait for the short window (andon.dev/short-window) instead"));
    }

    @Test
    void exportingTheImportedExampleAndImportingItAgainChangesNothing() throws IOException {
        Result imported = read(resource("openslo/checkout.yaml"));
        String exported = OpenSlo.write(imported.slos(), imported.dataSources());
        Result again = read(exported);

        assertThat(again.slos()).isEqualTo(imported.slos());
        assertThat(again.dataSources()).isEqualTo(imported.dataSources());
        assertThat(again.services()).isEqualTo(imported.services());
        assertThat(OpenSlo.write(again.slos(), again.dataSources())).isEqualTo(exported);
        // The thresholds read back are the ones the file gave, not a rounding of them.
        assertThat(exported).contains("threshold: 13.44\n", "threshold: 1\n", "threshold: 15\n");
    }

    @Test
    void aFileWithAnyProblemYieldsNothingToApply() {
        Result result = OpenSlo.read("slos.yaml", """
                apiVersion: openslo/v1
                kind: DataSource
                metadata:
                  name: prom-main
                spec:
                  type: Prometheus
                  connectionDetails:
                    url: http://prometheus:9090
                ---
                apiVersion: openslo/v1
                kind: Service
                metadata:
                  name: Checkout
                """);
        assertThat(result.ok()).isFalse();
        assertThat(result.slos()).isEmpty();
        assertThat(result.dataSources()).isEmpty();
        assertThat(result.services()).isEmpty();
        assertThat(result.problems()).extracting(Problem::toString).containsExactly(
                "slos.yaml:13:9: metadata.name: 'Checkout' is not a valid slug: use 1-63 lower-case letters, digits and dashes, "
                        + "starting and ending with a letter or digit");
    }

    @Test
    void textThatLooksLikeOtherYamlReadsBackAsWritten() {
        List<Slo> slos = new ArrayList<>();
        List<String> texts = List.of("null", "yes", "0.5", "~", "- item", "a: b", "#hash", " leading and trailing ", "line one\nline two\n",
                "quotes \" and ' and \\", "Prüfung der Verfügbarkeit ✓", "2025-01-01 00:00:00", "");
        for (int index = 0; index < texts.size(); index++) {
            String text = texts.get(index);
            slos.add(new Slo("text-" + index, text.isEmpty() ? "text-" + index : text, text, "checkout",
                    Indicator.prometheus("prom-main", text.isBlank() ? "up" : text, null, "sum(x)"), 0.9, new TimeWindow.Rolling(Duration.ofDays(7)),
                    BudgetingMethod.OCCURRENCES, null, null, null, 0, null, null));
        }
        String yaml = OpenSlo.write(slos, DATA_SOURCES);
        assertThat(read(yaml).slos()).isEqualTo(slos);
    }

    @Test
    void whatAndonDoesNotUseIsReadAsANote() {
        Result result = OpenSlo.read("sources.yaml", """
                apiVersion: openslo/v1
                kind: DataSource
                metadata:
                  name: prom-main
                spec:
                  type: Prometheus
                  connectionDetails:
                    url: http://prometheus:9090
                    bearerToken: secret
                """);
        assertThat(result.problems()).isEmpty();
        assertThat(result.dataSources()).containsExactly(DataSource.prometheus("prom-main", "http://prometheus:9090"));
        assertThat(result.notes()).containsExactly(new Problem("sources.yaml", 9, 5, "spec.connectionDetails.bearerToken",
                "is not imported: Andon keeps only the url of a Prometheus data source"));
    }

    @Test
    void thresholdsAreTheShortestDecimalThatReadsBackToTheSameFraction() {
        Duration period = Duration.ofDays(28);
        assertThat(OpenSloUnits.threshold(0.02, period, Duration.ofHours(1))).isEqualByComparingTo("13.44");
        assertThat(OpenSloUnits.threshold(0.05, period, Duration.ofHours(6))).isEqualByComparingTo("5.6");
        assertThat(OpenSloUnits.threshold(3.0 / 28, period, Duration.ofDays(3))).isEqualByComparingTo("1");
        for (double fraction : List.of(0.001, 0.02, 0.05, 0.1, 0.0125, 1.0 / 3, 0.123456789, Math.PI / 10, 1.0)) {
            for (Duration lookback : List.of(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(3))) {
                for (Duration length : List.of(period, Duration.ofDays(30), Duration.ofDays(365), Duration.ofMinutes(90))) {
                    assertThat(OpenSloUnits.fraction(OpenSloUnits.threshold(fraction, length, lookback), length, lookback)).isEqualTo(fraction);
                }
            }
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream stream = OpenSloTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
