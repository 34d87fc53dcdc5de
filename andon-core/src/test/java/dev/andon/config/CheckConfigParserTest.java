package dev.andon.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.checks.Check;
import dev.andon.checks.DownRule;
import dev.andon.checks.Heartbeat;
import dev.andon.checks.HeartbeatSchedule;
import dev.andon.checks.Thresholds;
import dev.andon.probe.DnsSpec;
import dev.andon.probe.HttpSpec;
import dev.andon.probe.PingSpec;
import dev.andon.probe.TcpSpec;
import dev.andon.probe.TlsSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Check and Heartbeat kinds: read with the checks' own field vocabulary, problems at the field's line and column. */
class CheckConfigParserTest {

    private static ParseResult parse(String content) {
        return ConfigParser.parse(List.of(new SourceFile("checks.yaml", content)));
    }

    private static List<String> problems(String content) {
        return parse(content).problems().stream().map(ConfigProblem::toString).toList();
    }

    /** A Check document around the given spec lines (indented by two), the spec starting on line 5. */
    private static String check(String spec) {
        return "apiVersion: andon.dev/v1\nkind: Check\nmetadata: {name: home}\nspec:\n" + spec.indent(2);
    }

    private static String heartbeat(String spec) {
        return "apiVersion: andon.dev/v1\nkind: Heartbeat\nmetadata: {name: backup}\nspec:\n" + spec.indent(2);
    }

    @Test
    void readsACheckAndAHeartbeatWithAllFields() {
        ParseResult result = parse("""
                apiVersion: andon.dev/v1
                kind: Check
                metadata:
                  name: checkout-home
                spec:
                  title: Checkout home page
                  service: checkout
                  type: http            # optional when exactly one of http/tcp/dns/tls/ping is given
                  http:
                    url: https://checkout.example.com/health
                    expectedStatus: ["200"]
                    bodyContains: ok
                  interval: 30s
                  timeout: 10s
                  retries: 1
                  failuresToDown: 2
                  successesToUp: 1
                  locations: [local, eu-outside]
                  downWhen: any
                ---
                apiVersion: andon.dev/v1
                kind: Heartbeat
                metadata:
                  name: nightly-backup
                spec:
                  service: billing
                  cron: "0 2 * * *"
                  timezone: Europe/Amsterdam
                  grace: 1h
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.objects()).extracting(ConfigObject::kind).containsExactly(Kind.CHECK, Kind.HEARTBEAT);
        assertThat(result.objects().get(0).value()).isEqualTo(new Check("checkout-home", "Checkout home page", "checkout",
                HttpSpec.builder("https://checkout.example.com/health").expectedStatus("200").bodyContains("ok").build(),
                Duration.ofSeconds(30), Duration.ofSeconds(10), 1, new Thresholds(2, 1), List.of("local", "eu-outside"),
                DownRule.ANY, false));
        assertThat(result.objects().get(1).value()).isEqualTo(new Heartbeat("nightly-backup", "nightly-backup", "billing",
                HeartbeatSchedule.Cron.of("0 2 * * *", "Europe/Amsterdam", Duration.ofHours(1)), false));
    }

    @Test
    void probeSettingsLeftOutTakeTheirDefaults() {
        ParseResult result = parse("""
                apiVersion: andon.dev/v1
                kind: Check
                metadata: {name: web}
                spec: {service: shop, http: {url: "https://shop.example.com/"}}
                ---
                apiVersion: andon.dev/v1
                kind: Check
                metadata: {name: cert}
                spec: {service: shop, tls: {host: shop.example.com}}
                ---
                apiVersion: andon.dev/v1
                kind: Check
                metadata: {name: gateway}
                spec: {service: shop, ping: {host: 10.0.0.1}, paused: true}
                ---
                apiVersion: andon.dev/v1
                kind: Heartbeat
                metadata: {name: sync}
                spec: {service: shop}
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.objects().subList(0, 3)).extracting(object -> ((Check) object.value()).probe()).containsExactly(
                HttpSpec.get("https://shop.example.com/"), TlsSpec.of("shop.example.com"), PingSpec.of("10.0.0.1"));
        Check gateway = (Check) result.objects().get(2).value();
        assertThat(gateway.paused()).isTrue();
        assertThat(gateway.interval()).isEqualTo(Check.DEFAULT_INTERVAL);
        assertThat(gateway.locations()).containsExactly(Check.LOCAL);
        assertThat(result.objects().get(3).value()).isEqualTo(new Heartbeat("sync", "sync", "shop",
                new HeartbeatSchedule.Simple(Duration.ofDays(1), Duration.ofHours(1)), false));
    }

    @Test
    void plainScalarsKeepTheirYamlTypesAndQuotedOnesAreText() {
        ParseResult result = parse("""
                apiVersion: andon.dev/v1
                kind: Check
                metadata: {name: db}
                spec:
                  service: ledger
                  tcp: {host: db.internal, port: "5432", expect: "true"}
                  retries: 2
                ---
                apiVersion: andon.dev/v1
                kind: Check
                metadata: {name: api}
                spec:
                  service: ledger
                  http: {url: "https://api.example.com/", expectedStatus: [200, 2xx, "204"], verifyTls: false}
                """);

        assertThat(result.problems()).isEmpty();
        Check db = (Check) result.objects().get(0).value();
        assertThat(db.probe()).isEqualTo(TcpSpec.of("db.internal", 5432).withExpect("true"));
        assertThat(db.retries()).isEqualTo(2);
        HttpSpec api = (HttpSpec) ((Check) result.objects().get(1).value()).probe();
        assertThat(api.expectedStatus()).containsExactly("200", "2xx", "204");
        assertThat(api.verifyTls()).isFalse();
        assertThat(api.followRedirects()).isTrue();
    }

    @Test
    void everyTypeOfCheckReads() {
        ParseResult result = parse("""
                apiVersion: andon.dev/v1
                kind: Check
                metadata: {name: names}
                spec:
                  service: dns
                  dns: {name: example.com, recordType: A, resolver: 9.9.9.9, expectedAnswers: [93.184.216.34]}
                ---
                apiVersion: andon.dev/v1
                kind: Check
                metadata: {name: status}
                spec:
                  service: api
                  http:
                    url: https://api.example.com/status
                    method: POST
                    headers: {Accept: application/json}
                    jsonPath: {path: $.status, equals: ok}
                    degradedAfter: 800ms
                  locations: [local, eu-west, us-east]
                  downWhen: 2 of 3
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(((Check) result.objects().get(0).value()).probe())
                .isEqualTo(DnsSpec.expecting("example.com", "A", "93.184.216.34").withResolver("9.9.9.9"));
        Check status = (Check) result.objects().get(1).value();
        assertThat(status.probe()).isEqualTo(HttpSpec.builder("https://api.example.com/status").method("POST")
                .header("Accept", "application/json").jsonPath("$.status", "ok").degradedAfter(Duration.ofMillis(800)).build());
        assertThat(status.downWhen()).hasToString("2 of 3");
    }

    @Test
    void fieldsRememberWhereTheyAreForThePlan() {
        ConfigObject check = parse(check("""
                service: checkout
                http:
                  url: https://checkout.example.com/
                locations: [local, eu-west]
                """)).objects().getFirst();

        assertThat(check.locate("service")).isEqualTo(new Location("checks.yaml", 5, 12));
        assertThat(check.locate("http.url")).isEqualTo(new Location("checks.yaml", 7, 10));
        assertThat(check.locate("locations[1]")).isEqualTo(new Location("checks.yaml", 8, 22));
    }

    @Test
    void badIntervalIsReportedAtTheInterval() {
        assertThat(problems(check("""
                service: checkout
                tcp: {host: db, port: 5432}
                interval: soon
                """))).containsExactly("checks.yaml:7:13: interval: 'soon' is not a duration: write it like 500ms, 30s, 5m, 1h or 2d");
    }

    @Test
    void unknownHttpFieldIsReportedAtItsName() {
        assertThat(problems(check("""
                service: checkout
                http:
                  url: https://checkout.example.com/
                  colour: red
                """))).singleElement().asString().startsWith("checks.yaml:8:5: http.colour: unknown field 'colour'; known fields: body, ");
    }

    @Test
    void unknownSpecFieldIsReportedAtItsNameAndTheRestStillChecked() {
        assertThat(problems(check("""
                service: checkout
                tcp: {host: db, port: 5432}
                intervall: 30s
                retries: 9
                """))).containsExactly(
                "checks.yaml:7:3: unknown field 'intervall' in spec: allowed fields are " + String.join(", ",
                        dev.andon.checks.CheckFields.CHECK_FIELDS),
                "checks.yaml:8:12: retries must be 0-5, not 9");
    }

    @Test
    void badExpectedStatusIsReportedAtTheList() {
        assertThat(problems(check("""
                service: checkout
                http:
                  url: https://checkout.example.com/
                  expectedStatus: [200, 2000]
                """))).containsExactly("checks.yaml:8:21: http.expectedStatus: \"2000\" is not a status code (100-599), "
                + "a class like 2xx or a range like 200-299");
    }

    @Test
    void valuesOfTheWrongTypeSayWhatIsExpected() {
        ParseResult result = ConfigParser.parse(List.of(
                new SourceFile("a.yaml", check("service: s\nhttp: {url: \"https://x.example.com/\", followRedirects: yes}")),
                new SourceFile("b.yaml", check("service: s\ntcp: {host: db, port: fivefourthreetwo}")),
                new SourceFile("c.yaml", check("service: s\ntcp: {host: db, port: 1}\nretries: [1]")),
                new SourceFile("d.yaml", check("service: s\nhttp: https://x.example.com/")),
                new SourceFile("e.yaml", check("service: s\nhttp: {url: \"https://x.example.com/\", expectedStatus: 200}")),
                new SourceFile("f.yaml", check("service: s\ntcp: {host: db, port: 1}\npaused: yes"))));

        assertThat(result.objects()).isEmpty();
        assertThat(result.problems()).map(ConfigProblem::toString).containsExactly(
                "a.yaml:6:58: http.followRedirects must be true or false, not 'yes'",
                "b.yaml:6:25: tcp.port must be a whole number, not 'fivefourthreetwo'",
                "c.yaml:7:12: retries must be a whole number, not a list",
                "d.yaml:6:9: http: give the http settings as a mapping",
                "e.yaml:6:57: http.expectedStatus must be a list, not a single value",
                "f.yaml:7:11: paused must be true or false");
    }

    @Test
    void aRequiredProbeSettingLeftOutIsReportedAtItsSettings() {
        assertThat(problems(check("""
                service: checkout
                tcp:
                  host: db
                """))).containsExactly("checks.yaml:7:5: tcp.port is required");
    }

    @Test
    void missingServiceIsReportedAtTheSpec() {
        assertThat(problems(check("tcp: {host: db, port: 5432}"))).containsExactly(
                "checks.yaml:5:3: service is required: the slug of the service this check watches");
        assertThat(problems("apiVersion: andon.dev/v1\nkind: Heartbeat\nmetadata: {name: backup}\n")).containsExactly(
                "checks.yaml:1:1: service is required: the slug of the service the job belongs to");
    }

    @Test
    void aCheckTypeIsRequiredAndOnlyOne() {
        assertThat(problems(check("service: s\ntcp: {host: db, port: 1}\nping: {host: db}"))).containsExactly(
                "checks.yaml:5:3: type is required: one of http, tcp, dns, tls, ping");
        assertThat(problems(check("service: s\ntype: tcp\ntcp: {host: db, port: 1}\nping: {host: db}"))).containsExactly(
                "checks.yaml:8:9: ping: does not belong to a check of type tcp: remove it");
        assertThat(problems(check("service: s\ntype: smtp"))).containsExactly(
                "checks.yaml:6:9: type: 'smtp' is not a check type: use one of http, tcp, dns, tls, ping");
    }

    @Test
    void locationsAreCheckedItemByItem() {
        assertThat(problems(check("service: s\nping: {host: db}\nlocations: [local, EU West]"))).singleElement().asString()
                .startsWith("checks.yaml:7:22: locations[1]: 'EU West' is not a valid slug");
        assertThat(problems(check("service: s\nping: {host: db}\nlocations: [local]\ndownWhen: 2 of 3"))).singleElement().asString()
                .startsWith("checks.yaml:8:13: downWhen: ");
    }

    @Test
    void badCronIsReportedAtTheCron() {
        assertThat(problems(heartbeat("""
                service: billing
                cron: "0 2 * *"
                """))).singleElement().asString()
                .startsWith("checks.yaml:6:9: cron: '0 2 * *' is not a five-field cron expression (minute hour day-of-month month day-of-week)");
        assertThat(problems(heartbeat("service: billing\ncron: 0 0 30 2 *"))).containsExactly(
                "checks.yaml:6:9: cron: '0 0 30 2 *' never matches a date");
    }

    @Test
    void badTimezoneIsReportedAtTheTimezone() {
        assertThat(problems(heartbeat("""
                service: billing
                cron: "0 2 * * *"
                timezone: Mars/Olympus
                """))).containsExactly(
                "checks.yaml:7:13: timezone: 'Mars/Olympus' is not a time zone: use an IANA name such as Europe/Amsterdam");
    }

    @Test
    void heartbeatScheduleProblemsNameTheFieldGiven() {
        assertThat(problems(heartbeat("service: billing\nperiod: 0s"))).containsExactly(
                "checks.yaml:6:11: period must be between 1 second and 365 days, was PT0S");
        assertThat(problems(heartbeat("service: billing\nperiod: 1h\ncron: \"@daily\""))).containsExactly(
                "checks.yaml:7:9: cron: give either period or cron, not both");
        assertThat(problems(heartbeat("service: billing\nperiod: 1h\ngrace: forever"))).containsExactly(
                "checks.yaml:7:10: grace: 'forever' is not a duration: write it like 500ms, 30s, 5m, 1h or 2d");
    }

    @Test
    void nestedFieldGivenTwiceIsReported() {
        assertThat(problems(check("""
                service: s
                http:
                  url: https://a.example.com/
                  url: https://b.example.com/
                """))).containsExactly("checks.yaml:8:5: field 'url' is given twice in http (first at line 7): keep only one");
    }

    @Test
    void invalidNameIsReportedOnceAndTheSpecStillChecked() {
        ParseResult result = parse("""
                apiVersion: andon.dev/v1
                kind: Check
                metadata: {name: Home Page}
                spec: {service: s, ping: {host: db, count: 99}}
                """);

        assertThat(result.objects()).isEmpty();
        assertThat(result.problems()).map(ConfigProblem::toString).containsExactly(
                "checks.yaml:3:18: metadata.name: 'Home Page' is not a valid slug: use 1-63 lower-case letters, digits "
                        + "and dashes, starting and ending with a letter or digit",
                "checks.yaml:4:44: ping.count must be 1-20, not 99");
    }

    @Test
    void sameCheckTwiceSaysWhereTheFirstIs() {
        assertThat(problems(check("service: s\nping: {host: db}") + "---\n" + check("service: s\nping: {host: db}"))).containsExactly(
                "checks.yaml:10:18: Check 'home' is defined twice (first at checks.yaml:3:18): remove one or give it another name");
    }

    @Test
    void aCheckAndAServiceMayShareAName() {
        ParseResult result = parse("apiVersion: andon.dev/v1\nkind: Service\nmetadata: {name: home}\n---\n" + check("service: home\nping: {host: db}"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.objects()).extracting(ConfigObject::kind).containsExactly(Kind.SERVICE, Kind.CHECK);
    }

    @Test
    void theExampleFilesReadAndPlanWithoutProblems() throws IOException {
        List<SourceFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(Path.of("..", "examples"))) {
            for (Path file : walk.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                files.add(new SourceFile(file.toString(), Files.readString(file)));
            }
        }

        ParseResult result = ConfigParser.parse(files);

        assertThat(result.problems()).isEmpty();
        assertThat(result.objects()).extracting(ConfigObject::kind).contains(Kind.SERVICE, Kind.CHECK, Kind.HEARTBEAT);
        Plan plan = Planner.plan(dev.andon.catalog.Catalog.empty(), result.objects(), false, null);
        assertThat(plan.problems()).isEmpty();
    }
}
