package dev.andon.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.slo.OpenSlo.Problem;
import dev.andon.slo.OpenSlo.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rule of the OpenSLO SDK (and each of Andon's own) on a file that breaks only that rule: the
 * problem is reported at the line and column of the value (or of the mapping a missing field belongs
 * in), with the field's path in its document.
 */
class OpenSloValidationTest {
    /** Lines 1-5; a test's spec starts at line 6. */
    private static final String HEAD = """
            apiVersion: openslo/v1
            kind: SLO
            metadata:
              name: checkout-availability
            spec:
            """;
    /** Two SLIs after the SLO, so they do not move its lines: a ratio and a threshold one. */
    private static final String SLIS = """
            ---
            apiVersion: openslo/v1
            kind: SLI
            metadata:
              name: checkout-ok
            spec:
              ratioMetric:
                counter: true
                good: {metricSource: {metricSourceRef: prom-main, type: Prometheus, spec: {query: sum(ok)}}}
                total: {metricSource: {metricSourceRef: prom-main, type: Prometheus, spec: {query: sum(all)}}}
            ---
            apiVersion: openslo/v1
            kind: SLI
            metadata:
              name: checkout-latency
            spec:
              thresholdMetric:
                metricSource: {type: Andon, spec: {check: checkout-api}}
            """;
    private static final String ROLLING = """
              timeWindow:
                - duration: 28d
                  isRolling: true
            """;

    private static String slo(String spec) {
        return HEAD + spec + SLIS;
    }

    private static List<Problem> problems(String yaml) {
        Result result = OpenSlo.read("slo.yaml", yaml);
        assertThat(result.slos()).isEmpty();
        return result.problems();
    }

    /** "line:column field", to compare where problems are. */
    private static List<String> where(String yaml) {
        return problems(yaml).stream().map(problem -> problem.line() + ":" + problem.column() + " " + problem.field()).toList();
    }

    private static Problem only(String yaml) {
        List<Problem> problems = problems(yaml);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @Test
    void theBaseFileOfTheseTestsIsValid() {
        Result result = OpenSlo.read("slo.yaml", slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  timeWindow:
                    - duration: 28d
                      isRolling: true
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(result.problems()).isEmpty();
        assertThat(result.slos()).hasSize(1);
    }

    // ---- objectives: op and value ----

    @Test
    void aRatioObjectiveMayNotCarryOpNorValue() {
        List<Problem> problems = problems(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - op: lte
                      value: 300
                      target: 0.999
                """));
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "slo.yaml:13:11: spec.objectives[0].op: is only for a thresholdMetric SLI: remove it, a ratioMetric's objective has only a target",
                "slo.yaml:14:14: spec.objectives[0].value: is only for a thresholdMetric SLI: remove it, a ratioMetric's objective has only a target");
    }

    @Test
    void aThresholdObjectiveNeedsOpAndValue() {
        List<Problem> problems = problems(slo("""
                  service: checkout
                  indicatorRef: checkout-latency
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.99
                """));
        assertThat(problems).extracting(problem -> problem.line() + ":" + problem.column() + " " + problem.field())
                .containsExactly("13:7 spec.objectives[0].op", "13:7 spec.objectives[0].value");
        assertThat(problems.get(0).message()).isEqualTo("is required for a thresholdMetric SLI: op: lte (a result is good at or under value)");
        assertThat(problems.get(1).message()).startsWith("is required for a thresholdMetric SLI: the latency threshold in milliseconds");
    }

    @Test
    void aThresholdObjectiveComparesWithLteAndWholeMilliseconds() {
        List<Problem> problems = problems(slo("""
                  service: checkout
                  indicatorRef: checkout-latency
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - op: gte
                      value: 0.5
                      target: 0.99
                """));
        assertThat(problems).extracting(problem -> problem.line() + ":" + problem.column() + " " + problem.field())
                .containsExactly("13:11 spec.objectives[0].op", "14:14 spec.objectives[0].value");
        assertThat(problems.get(0).message()).contains("'gte' is not supported", "op: lte");
        assertThat(problems.get(1).message()).contains("'0.5' is not a whole, positive number of milliseconds");
    }

    @Test
    void anOperatorOutsideTheSpecIsReported() {
        Problem problem = only(slo("""
                  service: checkout
                  indicatorRef: checkout-latency
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - op: le
                      value: 300
                      target: 0.99
                """));
        assertThat(problem).isEqualTo(new Problem("slo.yaml", 13, 11, "spec.objectives[0].op", "'le' is not one of lte, gte, lt, gt"));
    }

    // ---- timeWindow ----

    @Test
    void timeWindowHasExactlyOneEntry() {
        assertThat(where(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  timeWindow:
                    - duration: 28d
                      isRolling: true
                    - duration: 7d
                      isRolling: true
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """))).containsExactly("11:7 spec.timeWindow[1]");
        assertThat(where(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  timeWindow: []
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """))).containsExactly("8:15 spec.timeWindow");
        Problem missing = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(missing.line() + ":" + missing.column() + " " + missing.field()).isEqualTo("6:3 spec.timeWindow");
        assertThat(missing.message()).startsWith("is required: [{duration: 28d, isRolling: true}]");
    }

    @Test
    void aRollingWindowNeedsIsRollingTrue() {
        Problem problem = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  timeWindow:
                    - duration: 28d
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(problem).isEqualTo(new Problem("slo.yaml", 9, 7, "spec.timeWindow[0].isRolling",
                "is required: isRolling: true for a rolling window, or isRolling: false with calendar {startTime, timeZone}"));
    }

    @Test
    void aRollingWindowIsCountedInMinutesHoursDaysOrWeeks() {
        Problem problem = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  timeWindow:
                    - duration: 1M
                      isRolling: true
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(problem.line() + ":" + problem.column() + " " + problem.field()).isEqualTo("9:17 spec.timeWindow[0].duration");
        assertThat(problem.message()).startsWith("a rolling window is counted in m, h, d or w");
    }

    @Test
    void aRollingWindowHasNoCalendar() {
        Problem problem = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  timeWindow:
                    - duration: 28d
                      isRolling: true
                      calendar: {startTime: "2025-01-01 00:00:00", timeZone: UTC}
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(problem.line() + ":" + problem.column() + " " + problem.field()).isEqualTo("11:17 spec.timeWindow[0].calendar");
    }

    @Test
    void aCalendarWindowNeedsItsCalendar() {
        Problem problem = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  timeWindow:
                    - duration: 1M
                      isRolling: false
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(problem.line() + ":" + problem.column() + " " + problem.field()).isEqualTo("9:7 spec.timeWindow[0].calendar");
        assertThat(problem.message()).startsWith("is required when isRolling is false");
    }

    @Test
    void anUnquotedStartTimeIsRefusedWithTheQuotedSpelling() {
        Problem problem = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  timeWindow:
                    - duration: 1M
                      isRolling: false
                      calendar:
                        startTime: 2025-01-01 00:00:00
                        timeZone: Europe/Berlin
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(problem).isEqualTo(new Problem("slo.yaml", 12, 20, "spec.timeWindow[0].calendar.startTime",
                "quote it: startTime: \"2025-01-01 00:00:00\". Unquoted, YAML reads a date and time as a timestamp, while OpenSLO wants the text"
                        + " \"YYYY-MM-DD HH:MM:SS\""));
    }

    @Test
    void aStartTimeIsALocalDateAndTimeWithSeconds() {
        for (String text : List.of("\"2025-01-01T00:00:00\"", "'2025-01-01 00:00'", "\"2025-02-30 00:00:00\"")) {
            Problem problem = only(slo("""
                      service: checkout
                      indicatorRef: checkout-ok
                      timeWindow:
                        - duration: 1M
                          isRolling: false
                          calendar:
                            startTime: %s
                            timeZone: Europe/Berlin
                      budgetingMethod: Occurrences
                      objectives:
                        - target: 0.999
                    """.formatted(text)));
            assertThat(problem.line() + ":" + problem.column() + " " + problem.field()).isEqualTo("12:20 spec.timeWindow[0].calendar.startTime");
            assertThat(problem.message()).endsWith("is not a local date and time \"YYYY-MM-DD HH:MM:SS\", such as \"2025-01-01 00:00:00\"");
        }
    }

    @Test
    void aCalendarNeedsStartTimeAndAnIanaTimeZone() {
        assertThat(where(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  timeWindow:
                    - duration: 1Q
                      calendar:
                        timeZone: UTC
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """))).containsExactly("11:9 spec.timeWindow[0].calendar.startTime");
        assertThat(where(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  timeWindow:
                    - duration: 1Q
                      calendar:
                        startTime: "2025-01-01 00:00:00"
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """))).containsExactly("11:9 spec.timeWindow[0].calendar.timeZone");
        for (String zone : List.of("Mars/Olympus_Mons", "+02:00")) {
            Problem problem = only(slo("""
                      service: checkout
                      indicatorRef: checkout-ok
                      timeWindow:
                        - duration: 1Q
                          calendar:
                            startTime: "2025-01-01 00:00:00"
                            timeZone: "%s"
                      budgetingMethod: Occurrences
                      objectives:
                        - target: 0.999
                    """.formatted(zone)));
            assertThat(problem).isEqualTo(new Problem("slo.yaml", 12, 19, "spec.timeWindow[0].calendar.timeZone",
                    "'" + zone + "' is not an IANA time zone such as Europe/Berlin or UTC"));
        }
    }

    @Test
    void durationsUseTheUnitsMhdwMQY() {
        Problem unknownUnit = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  timeWindow:
                    - duration: 4s
                      isRolling: true
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(unknownUnit).isEqualTo(new Problem("slo.yaml", 9, 17, "spec.timeWindow[0].duration",
                "'4s' is not a duration: a positive whole number and a unit m, h, d, w, M, Q or Y, such as 28d"));
        Problem calendarInHours = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  timeWindow:
                    - duration: 12h
                      calendar: {startTime: "2025-01-01 00:00:00", timeZone: UTC}
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(calendarInHours).isEqualTo(new Problem("slo.yaml", 9, 17, "spec.timeWindow[0].duration",
                "a calendar window is counted in d, w, M, Q or Y, such as 1M"));
    }

    // ---- budgetingMethod and time slices ----

    @Test
    void budgetingMethodIsOneOfTheThree() {
        Problem missing = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  objectives:
                    - target: 0.999
                """));
        assertThat(missing).isEqualTo(new Problem("slo.yaml", 6, 3, "spec.budgetingMethod", "is required: Occurrences, Timeslices or RatioTimeslices"));
        Problem wrongCase = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: timeslices
                  objectives:
                    - target: 0.999
                      timeSliceTarget: 0.95
                      timeSliceWindow: 5m
                """));
        assertThat(wrongCase).isEqualTo(new Problem("slo.yaml", 11, 20, "spec.budgetingMethod",
                "'timeslices' is not one of Occurrences, Timeslices, RatioTimeslices: did you mean 'Timeslices'?"));
        Problem unknown = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Calendar
                  objectives:
                    - target: 0.999
                """));
        assertThat(unknown.message()).isEqualTo("'Calendar' is not one of Occurrences, Timeslices, RatioTimeslices");
    }

    @Test
    void timeslicesNeedTimeSliceTargetAndTimeSliceWindow() {
        List<Problem> problems = problems(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Timeslices
                  objectives:
                    - target: 0.999
                """));
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "slo.yaml:13:7: spec.objectives[0].timeSliceWindow: is required for Timeslices: the length of a slice, such as 5m",
                "slo.yaml:13:7: spec.objectives[0].timeSliceTarget: is required for Timeslices: the ratio a slice needs to be good, such as 0.95");
    }

    @Test
    void ratioTimeslicesNeedTimeSliceWindowOnly() {
        assertThat(where(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: RatioTimeslices
                  objectives:
                    - target: 0.999
                """))).containsExactly("13:7 spec.objectives[0].timeSliceWindow");
        Result result = OpenSlo.read("slo.yaml", slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: RatioTimeslices
                  objectives:
                    - target: 0.999
                      timeSliceWindow: 2
                """));
        assertThat(result.problems()).isEmpty();
        assertThat(result.slos().get(0).sliceWindow()).hasMinutes(2);
    }

    @Test
    void timeSlicesAreOnlyForTimeSliceMethods() {
        Problem problem = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                      timeSliceWindow: 5m
                """));
        assertThat(problem).isEqualTo(new Problem("slo.yaml", 14, 24, "spec.objectives[0].timeSliceWindow",
                "is only for Timeslices and RatioTimeslices: remove it for Occurrences"));
    }

    @Test
    void timeSliceTargetIsARatioAndTimeSliceWindowAFixedDuration() {
        assertThat(where(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Timeslices
                  objectives:
                    - target: 0.999
                      timeSliceTarget: 1.5
                      timeSliceWindow: 1M
                """))).containsExactly("14:24 spec.objectives[0].timeSliceTarget", "15:24 spec.objectives[0].timeSliceWindow");
    }

    // ---- target ----

    @Test
    void targetIsInZeroToOneAndTargetPercentInZeroToHundred() {
        Problem target = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 99.9
                """));
        assertThat(target).isEqualTo(new Problem("slo.yaml", 13, 15, "spec.objectives[0].target",
                "'99.9' is not in [0, 1): write 99.9% as 0.999, or use targetPercent"));
        Problem percent = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - targetPercent: 100
                """));
        assertThat(percent).isEqualTo(new Problem("slo.yaml", 13, 22, "spec.objectives[0].targetPercent", "'100' is not in [0, 100)"));
        Result result = OpenSlo.read("slo.yaml", slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - targetPercent: 99.95
                """));
        assertThat(result.slos().get(0).target()).isEqualTo(0.9995);
    }

    @Test
    void targetAndTargetPercentExcludeEachOtherAndOneIsRequired() {
        assertThat(where(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                      targetPercent: 99.9
                """))).containsExactly("14:22 spec.objectives[0].targetPercent");
        assertThat(where(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - displayName: Good requests
                """))).containsExactly("13:7 spec.objectives[0].target");
        assertThat(where(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: "0.999"
                """))).containsExactly("13:15 spec.objectives[0].target");
    }

    @Test
    void andonKeepsOneObjectiveAndNoCompositeSlos() {
        assertThat(where(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                    - target: 0.99
                """))).containsExactly("14:7 spec.objectives[1]");
        assertThat(problems(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                      compositeWeight: 2
                """))).extracting(Problem::toString).containsExactly("slo.yaml:14:7: spec.objectives[0].compositeWeight: composite SLOs are not"
                + " supported: give the indicator on the SLO's spec");
    }

    // ---- indicator, service, names ----

    @Test
    void indicatorAndIndicatorRefExcludeEachOtherAndOneIsRequired() {
        assertThat(where(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                  indicator:
                    spec:
                      ratioMetric:
                        good: {metricSource: {type: Andon, spec: {push: true}}}
                        total: {metricSource: {type: Andon, spec: {push: true}}}
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """))).containsExactly("7:17 spec.indicatorRef");
        Problem neither = only(slo("""
                  service: checkout
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(neither).isEqualTo(new Problem("slo.yaml", 6, 3, "spec.indicator",
                "is required: give indicator (an inline SLI) or indicatorRef (the name of an SLI document)"));
    }

    @Test
    void indicatorRefNamesAnSliDocumentOfTheFile() {
        Problem problem = only(slo("""
                  service: checkout
                  indicatorRef: checkout-errors
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(problem).isEqualTo(new Problem("slo.yaml", 7, 17, "spec.indicatorRef",
                "names no SLI in this file: add an SLI document named 'checkout-errors' or inline the indicator"));
    }

    @Test
    void serviceMustBeNamed() {
        Problem missing = only(slo("""
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(missing).isEqualTo(new Problem("slo.yaml", 6, 3, "spec.service", "is required: the name of the service this SLO is about"));
        Problem invalid = only(slo("""
                  service: Checkout Service
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(invalid.line() + ":" + invalid.column() + " " + invalid.field()).isEqualTo("6:12 spec.service");
        assertThat(invalid.message()).startsWith("'Checkout Service' is not a valid slug");
    }

    @Test
    void theSloNameIsASlug() {
        Problem problem = only("""
                apiVersion: openslo/v1
                kind: SLO
                metadata:
                  name: Checkout_Availability
                spec:
                  service: checkout
                """);
        assertThat(problem.line() + ":" + problem.column() + " " + problem.field()).isEqualTo("4:9 metadata.name");
        assertThat(problem.message()).startsWith("'Checkout_Availability' is not a valid slug");
    }

    @Test
    void namesAreUniquePerKind() {
        Problem problem = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """) + """
                ---
                apiVersion: openslo/v1
                kind: SLI
                metadata:
                  name: checkout-ok
                spec:
                  ratioMetric:
                    good: {metricSource: {type: Andon, spec: {push: true}}}
                    total: {metricSource: {type: Andon, spec: {push: true}}}
                """);
        assertThat(problem.line() + ":" + problem.column() + " " + problem.field()).isEqualTo("36:9 metadata.name");
        assertThat(problem.message()).isEqualTo("there is already a SLI named 'checkout-ok' (line 15): give each a different name");
    }

    @Test
    void unknownFieldsAreNamedWithASuggestion() {
        Problem problem = only(slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  budgetingmethod: Occurrences
                  objectives:
                    - target: 0.999
                """));
        assertThat(problem.line() + ":" + problem.column() + " " + problem.field()).isEqualTo("12:3 spec.budgetingmethod");
        assertThat(problem.message()).startsWith("is not a field here: did you mean 'budgetingMethod'? allowed fields are description, service,");
    }

    @Test
    void onlyOpenSloV1DocumentsOfKnownKindsAreRead() {
        assertThat(problems("""
                apiVersion: openslo/v1alpha
                kind: SLO
                metadata:
                  name: checkout
                ---
                apiVersion: openslo/v1
                kind: Slo
                metadata:
                  name: checkout
                """)).extracting(Problem::toString).containsExactly(
                "slo.yaml:1:13: apiVersion: 'openslo/v1alpha' is not supported: Andon reads openslo/v1",
                "slo.yaml:7:7: kind: 'Slo' is not an OpenSLO v1 kind: use one of Service, SLO, SLI, DataSource, AlertPolicy, AlertCondition,"
                        + " AlertNotificationTarget");
    }

    @Test
    void invalidYamlIsReportedWhereTheParserStopped() {
        Problem problem = only("""
                apiVersion: openslo/v1
                kind: SLO
                metadata:
                  name: [checkout
                """);
        assertThat(problem.line()).isEqualTo(5);
        assertThat(problem.field()).isEmpty();
        assertThat(problem.message()).startsWith("invalid YAML: ");
    }

    @Test
    void aCharacterYamlForbidsIsReportedWhereItIs() {
        Problem problem = only("apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: a\u0007b\n");
        assertThat(problem).isEqualTo(new Problem("slo.yaml", 4, 10, "", "invalid YAML: character U+0007 is not allowed: remove it"));
    }

    // ---- metric sources ----

    private static String inlineSlo(String ratioMetric) {
        return HEAD + """
                  service: checkout
                  indicator:
                    metadata:
                      name: checkout-ok
                    spec:
                      ratioMetric:
                """ + ratioMetric + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """;
    }

    @Test
    void prometheusMetricsNameTheirDataSource() {
        Problem problem = only(inlineSlo("""
                        counter: true
                        good: {metricSource: {type: Prometheus, spec: {query: sum(ok)}}}
                        total: {metricSource: {metricSourceRef: prom-main, type: Prometheus, spec: {query: sum(all)}}}
                """));
        assertThat(problem).isEqualTo(new Problem("slo.yaml", 13, 30, "spec.indicator.spec.ratioMetric.good.metricSource.metricSourceRef",
                "is required: the name of the Prometheus DataSource to query"));
    }

    @Test
    void goodAndTotalReadFromTheSameDataSource() {
        Problem problem = only(inlineSlo("""
                        counter: true
                        good: {metricSource: {metricSourceRef: prom-main, type: Prometheus, spec: {query: sum(ok)}}}
                        total: {metricSource: {metricSourceRef: prom-eu, type: Prometheus, spec: {query: sum(all)}}}
                """));
        assertThat(problem).isEqualTo(new Problem("slo.yaml", 14, 31, "spec.indicator.spec.ratioMetric.total.metricSource",
                "must read from the same DataSource as good ('prom-main')"));
    }

    @Test
    void aRatioHasGoodOrBadAndTotalCounters() {
        assertThat(where(inlineSlo("""
                        counter: true
                        good: {metricSource: {metricSourceRef: prom-main, type: Prometheus, spec: {query: sum(ok)}}}
                        bad: {metricSource: {metricSourceRef: prom-main, type: Prometheus, spec: {query: sum(failed)}}}
                        total: {metricSource: {metricSourceRef: prom-main, type: Prometheus, spec: {query: sum(all)}}}
                """))).containsExactly("14:14 spec.indicator.spec.ratioMetric.bad");
        assertThat(where(inlineSlo("""
                        counter: false
                        good: {metricSource: {metricSourceRef: prom-main, type: Prometheus, spec: {query: sum(ok)}}}
                        total: {metricSource: {metricSourceRef: prom-main, type: Prometheus, spec: {query: sum(all)}}}
                """))).containsExactly("12:18 spec.indicator.spec.ratioMetric.counter");
        assertThat(where(inlineSlo("""
                        rawType: success
                        raw: {metricSource: {metricSourceRef: prom-main, type: Prometheus, spec: {query: avg(ratio)}}}
                """))).containsExactly("13:9 spec.indicator.spec.ratioMetric.raw");
    }

    @Test
    void metricSourcesArePrometheusOrAndon() {
        Problem problem = only(inlineSlo("""
                        counter: true
                        good: {metricSource: {type: Datadog, spec: {query: "sum:ok{*}"}}}
                        total: {metricSource: {metricSourceRef: prom-main, type: Prometheus, spec: {query: sum(all)}}}
                """));
        assertThat(problem).isEqualTo(new Problem("slo.yaml", 13, 37, "spec.indicator.spec.ratioMetric.good.metricSource.type",
                "'Datadog' is not supported: use Prometheus (with a DataSource) or Andon (checks and pushed counts)"));
    }

    @Test
    void andonSourcesCountACheckOrPushedCounts() {
        assertThat(where(inlineSlo("""
                        counter: true
                        good: {metricSource: {type: Andon, spec: {location: eu-west}}}
                        total: {metricSource: {type: Andon, spec: {check: api}}}
                """))).containsExactly("13:50 spec.indicator.spec.ratioMetric.good.metricSource.spec.check");
        assertThat(where(inlineSlo("""
                        counter: true
                        good: {metricSource: {type: Andon, spec: {check: api}}}
                        total: {metricSource: {type: Andon, spec: {check: api, location: eu-west}}}
                """))).containsExactly("14:31 spec.indicator.spec.ratioMetric.total.metricSource");
    }

    @Test
    void aThresholdMetricIsACheckLatency() {
        Problem problem = only(HEAD + """
                  service: checkout
                  indicator:
                    spec:
                      thresholdMetric:
                        metricSource: {metricSourceRef: prom-main, type: Prometheus, spec: {query: "histogram_quantile(0.99, x)"}}
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - op: lte
                      value: 300
                      target: 0.99
                """);
        assertThat(problem.line() + ":" + problem.column() + " " + problem.field()).isEqualTo("10:23 spec.indicator.spec.thresholdMetric.metricSource");
        assertThat(problem.message()).startsWith("Andon reads a thresholdMetric only from a check's response times");
    }

    // ---- DataSource ----

    @Test
    void dataSourcesArePrometheusWithAUrl() {
        assertThat(problems("""
                apiVersion: openslo/v1
                kind: DataSource
                metadata:
                  name: datadog
                spec:
                  type: Datadog
                  connectionDetails:
                    apiKey: secret
                ---
                apiVersion: openslo/v1
                kind: DataSource
                metadata:
                  name: prom-main
                spec:
                  type: Prometheus
                  connectionDetails:
                    url: prometheus:9090
                """)).extracting(Problem::toString).containsExactly(
                "slo.yaml:6:9: spec.type: 'Datadog' is not supported: Andon reads Prometheus data sources",
                "slo.yaml:8:5: spec.connectionDetails.url: is required: the Prometheus base URL, such as http://prometheus:9090",
                "slo.yaml:17:10: spec.connectionDetails.url: 'prometheus:9090' is not an http(s) URL such as http://prometheus:9090");
    }

    // ---- alerts ----

    private static String alerting(String condition) {
        return slo("""
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                  alertPolicies:
                    - alertPolicyRef: fast-burn
                """) + """
                ---
                apiVersion: openslo/v1
                kind: AlertPolicy
                metadata:
                  name: fast-burn
                spec:
                  conditions:
                    - conditionRef: fast-burn
                ---
                apiVersion: openslo/v1
                kind: AlertCondition
                metadata:
                  name: fast-burn
                spec:
                """ + condition;
    }

    @Test
    void theAlertBaseFileIsValid() {
        Result result = OpenSlo.read("slo.yaml", alerting("""
                  severity: page
                  condition: {kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h}
                """));
        assertThat(result.problems()).isEmpty();
        assertThat(result.slos().get(0).alerts()).containsExactly(new BurnAlert("page", 14.4 / 672, java.time.Duration.ofHours(1),
                java.time.Duration.ofMinutes(5)));
    }

    @Test
    void burnAlertsArePagesOrTicketsAtOrOverAThreshold() {
        assertThat(problems(alerting("""
                  severity: critical
                  condition: {kind: burnrate, op: lte, threshold: 14.4, lookbackWindow: 1h}
                """))).extracting(Problem::toString).containsExactly(
                "slo.yaml:48:13: spec.severity: 'critical' is not an Andon severity: use page or ticket",
                "slo.yaml:49:35: spec.condition.op: 'lte' is not supported: a burn alert fires at or over its threshold, op: gte");
    }

    @Test
    void aBurnRateThresholdCannotSpendMoreThanTheWholeBudget() {
        Problem problem = only(alerting("""
                  severity: page
                  condition: {kind: burnrate, op: gte, threshold: 700, lookbackWindow: 1h}
                """));
        assertThat(problem).isEqualTo(new Problem("slo.yaml", 49, 51, "spec.condition.threshold",
                "a burn rate of 700 over 1h would spend more than the whole budget of a 28d window: at most 672"));
    }

    @Test
    void aBurnAlertNeedsThresholdAndLookbackWindowAndAShorterShortWindow() {
        assertThat(where(alerting("""
                  severity: page
                  condition: {kind: burnrate, op: gte}
                """))).containsExactly("49:14 spec.condition.threshold", "49:14 spec.condition.lookbackWindow");
        Problem shortWindow = only(alerting("""
                  severity: page
                  condition: {kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h}
                """).replace("  name: fast-burn\nspec:\n  severity", "  name: fast-burn\n  annotations: {andon.dev/short-window: 1h}\nspec:\n  severity"));
        assertThat(shortWindow).isEqualTo(new Problem("slo.yaml", 47, 41, "metadata.annotations.andon.dev/short-window",
                "the short window (1h) must be shorter than the lookback window (1h), usually 1/12 of it"));
    }

    @Test
    void policiesAndConditionsAreNamedDocumentsOfTheFile() {
        assertThat(problems(alerting("""
                  severity: page
                  condition: {kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h}
                """).replace("conditionRef: fast-burn", "conditionRef: slow-burn").replace("alertPolicyRef: fast-burn", "alertPolicyRef: fastburn")))
                .extracting(Problem::toString).containsExactly(
                        "slo.yaml:15:23: spec.alertPolicies[0].alertPolicyRef: names no AlertPolicy in this file: add a AlertPolicy document named 'fastburn'",
                        "slo.yaml:41:21: spec.conditions[0].conditionRef: names no AlertCondition in this file: add a AlertCondition document named"
                                + " 'slow-burn'");
    }

    @Test
    void anAlertPolicyHasExactlyOneCondition() {
        Problem problem = only(alerting("""
                  severity: page
                  condition: {kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h}
                """).replace("    - conditionRef: fast-burn\n", "    - conditionRef: fast-burn\n    - conditionRef: fast-burn\n"));
        assertThat(problem).isEqualTo(new Problem("slo.yaml", 42, 7, "spec.conditions[1]",
                "an AlertPolicy has exactly one condition: make one AlertPolicy per condition"));
    }

    // ---- Andon's annotations ----

    @Test
    void andonAnnotationsAreCheckedAndOthersLeftAlone() {
        List<Problem> problems = problems("""
                apiVersion: openslo/v1
                kind: SLO
                metadata:
                  name: checkout-availability
                  annotations:
                    andon.dev/no-data: ignore
                    andon.dev/min-events: "-3"
                    andon.dev/no-data-alert-after: soon
                    andon.dev/nodata: good
                    grafana.com/dashboard: checkout
                spec:
                  service: checkout
                  indicatorRef: checkout-ok
                """ + ROLLING + """
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.999
                """ + SLIS);
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "slo.yaml:6:24: metadata.annotations.andon.dev/no-data: 'ignore' is not good, bad or excluded",
                "slo.yaml:7:27: metadata.annotations.andon.dev/min-events: '-3' is not a whole number of events, 0 or more",
                "slo.yaml:8:36: metadata.annotations.andon.dev/no-data-alert-after: 'soon' is not a duration such as 30m",
                "slo.yaml:9:5: metadata.annotations.andon.dev/nodata: is not an Andon annotation on a SLO: use andon.dev/no-data, andon.dev/min-events,"
                        + " andon.dev/no-data-alert-after");
    }
}
