package dev.andon.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.probe.Phase;
import dev.andon.probe.ProbeResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultLocatorTest {

    private static ProbeResult up(Map<String, String> observations) {
        return new ProbeResult(ProbeResult.Status.UP, "200 OK", null, Map.of(Phase.CONNECT, Duration.ofMillis(12)), observations);
    }

    private static ProbeResult down(String phase, String message, Map<String, String> observations) {
        return new ProbeResult(ProbeResult.Status.DOWN, message, phase, Map.of(phase, Duration.ofMillis(30)), observations);
    }

    /** Keeps the locations in the order written, as the page shows them. */
    private static Map<String, ProbeResult> byLocation(Object... locationsAndResults) {
        Map<String, ProbeResult> results = new LinkedHashMap<>();
        for (int i = 0; i < locationsAndResults.length; i += 2) {
            results.put((String) locationsAndResults[i], (ProbeResult) locationsAndResults[i + 1]);
        }
        return results;
    }

    private static Diagnosis.Step step(Diagnosis diagnosis, String name) {
        return diagnosis.steps().stream().filter(step -> step.name().equals(name)).findFirst().orElseThrow();
    }

    private static final Map<String, String> HEALTHY_OUTSIDE = Map.of(
            "dns.answer", "203.0.113.7", "tcp.address", "203.0.113.7:443", "tls.protocol", "TLSv1.3", "http.status", "200");

    @Test
    void splitHorizonDnsIsNamed() {
        Diagnosis diagnosis = FaultLocator.diagnose(byLocation(
                "outside", up(HEALTHY_OUTSIDE),
                "inside", down(Phase.CONNECT, "connection refused", Map.of("dns.answer", "10.0.0.7", "tcp.address", "10.0.0.7:443"))));

        assertThat(diagnosis.findings()).containsExactly(
                "DNS answers differ between outside (203.0.113.7) and inside (10.0.0.7)",
                "Connect fails only from inside");
        Diagnosis.Step dns = step(diagnosis, "DNS answer");
        assertThat(dns.byLocation()).containsExactly(Map.entry("outside", "203.0.113.7"), Map.entry("inside", "10.0.0.7"));
        assertThat(dns.differs()).isTrue();
        assertThat(step(diagnosis, "Connect").byLocation()).containsExactly(
                Map.entry("outside", "ok (203.0.113.7:443)"),
                Map.entry("inside", "failed: connection refused (10.0.0.7:443)"));
        assertThat(step(diagnosis, "Result").byLocation()).containsEntry("inside", "DOWN: connection refused");
    }

    @Test
    void stepsWithNoDataAnywhereAreLeftOut() {
        Diagnosis diagnosis = FaultLocator.diagnose(byLocation(
                "outside", up(Map.of("tcp.address", "203.0.113.7:22")),
                "inside", up(Map.of("tcp.address", "203.0.113.7:22"))));
        assertThat(diagnosis.steps()).extracting(Diagnosis.Step::name).containsExactly("Connect", "Result");
        assertThat(diagnosis.steps()).noneMatch(Diagnosis.Step::differs);
    }

    @Test
    void tlsFailingFromOneLocationIsNamed() {
        Diagnosis diagnosis = FaultLocator.diagnose(byLocation(
                "outside", down(Phase.TLS, "PKIX path building failed", Map.of("dns.answer", "203.0.113.7", "tcp.address", "203.0.113.7:443")),
                "inside", up(HEALTHY_OUTSIDE),
                "dc-2", up(HEALTHY_OUTSIDE)));
        assertThat(diagnosis.findings()).containsExactly("TLS fails only from outside");
        Diagnosis.Step tls = step(diagnosis, "TLS");
        assertThat(tls.byLocation()).containsExactly(
                Map.entry("outside", "failed: PKIX path building failed"), Map.entry("inside", "TLSv1.3"), Map.entry("dc-2", "TLSv1.3"));
        assertThat(tls.differs()).isTrue();
        assertThat(step(diagnosis, "DNS answer").differs()).isFalse();
    }

    @Test
    void connectFailingFromSeveralLocationsSaysWhereItWorks() {
        Diagnosis diagnosis = FaultLocator.diagnose(byLocation(
                "inside", down(Phase.CONNECT, "connect timed out", Map.of()),
                "dc-2", down(Phase.CONNECT, "connect timed out", Map.of()),
                "outside", up(HEALTHY_OUTSIDE)));
        assertThat(diagnosis.findings()).containsExactly("Connect fails from inside and dc-2 but works from outside");
    }

    @Test
    void downEverywhereWithTheSameMessageSaysSo() {
        Diagnosis diagnosis = FaultLocator.diagnose(byLocation(
                "outside", down(Phase.CONNECT, "connect refused", Map.of("tcp.address", "203.0.113.7:443")),
                "inside", down(Phase.CONNECT, "connect refused", Map.of("tcp.address", "203.0.113.7:443"))));
        assertThat(diagnosis.findings()).containsExactly("Down from every location: connect refused");
        assertThat(step(diagnosis, "Result").differs()).isFalse();
    }

    @Test
    void downEverywhereAtDifferentStepsSaysWhere() {
        Diagnosis sameStep = FaultLocator.diagnose(byLocation(
                "outside", down(Phase.CONNECT, "connect refused", Map.of()),
                "inside", down(Phase.CONNECT, "connect timed out", Map.of())));
        assertThat(sameStep.findings()).containsExactly("Down from every location, failing at connect");

        Diagnosis differentSteps = FaultLocator.diagnose(byLocation(
                "outside", down(Phase.CONNECT, "connect refused", Map.of()),
                "inside", down(Phase.DNS, "NXDOMAIN", Map.of()),
                "dc-2", down(Phase.CONNECT, "connect refused", Map.of())));
        assertThat(differentSteps.findings()).containsExactly("Down from every location, at different steps: DNS from inside, connect from outside and dc-2");
        assertThat(step(differentSteps, "DNS answer").byLocation()).containsExactly(Map.entry("inside", "failed: NXDOMAIN"));
    }

    @Test
    void differentHttpStatusesAreListed() {
        Diagnosis diagnosis = FaultLocator.diagnose(byLocation(
                "outside", down(Phase.ASSERTION, "status 503, expected 200", Map.of("http.status", "503")),
                "inside", up(Map.of("http.status", "200"))));
        assertThat(diagnosis.findings()).containsExactly(
                "The assertion fails only from outside",
                "HTTP status differs: 503 from outside, 200 from inside");
        assertThat(step(diagnosis, "HTTP status").differs()).isTrue();
    }

    @Test
    void theSameAnswersInAnotherOrderAgree() {
        Diagnosis diagnosis = FaultLocator.diagnose(byLocation(
                "outside", up(Map.of("dns.answer", "10.0.0.1,10.0.0.2")),
                "inside", up(Map.of("dns.answer", "10.0.0.2, 10.0.0.1"))));
        assertThat(step(diagnosis, "DNS answer").differs()).isFalse();
        assertThat(diagnosis.findings()).isEmpty();
    }

    @Test
    void degradedFromSomeLocationsIsNamed() {
        ProbeResult slow = new ProbeResult(ProbeResult.Status.DEGRADED, "1800 ms, over 1000 ms", null, Map.of(), Map.of("http.status", "200"));
        Diagnosis diagnosis = FaultLocator.diagnose(byLocation("outside", slow, "inside", up(Map.of("http.status", "200"))));
        assertThat(diagnosis.findings()).containsExactly("Degraded only from outside");
        assertThat(step(diagnosis, "Result").differs()).isTrue();
    }

    @Test
    void protocolsThatDifferAreNamed() {
        Diagnosis diagnosis = FaultLocator.diagnose(byLocation(
                "outside", up(Map.of("tls.protocol", "TLSv1.3")),
                "inside", up(Map.of("tls.protocol", "TLSv1.2"))));
        assertThat(diagnosis.findings()).containsExactly("TLS protocol differs: TLSv1.3 from outside, TLSv1.2 from inside");
    }

    @Test
    void locationsThatAgreeAndWorkHaveNoFindings() {
        Diagnosis diagnosis = FaultLocator.diagnose(byLocation("outside", up(HEALTHY_OUTSIDE), "inside", up(HEALTHY_OUTSIDE)));
        assertThat(diagnosis.findings()).isEmpty();
        assertThat(diagnosis.steps()).extracting(Diagnosis.Step::name)
                .containsExactly("DNS answer", "Connect", "TLS", "HTTP status", "Result");
    }

    @Test
    void oneLocationHasNothingToCompare() {
        Diagnosis diagnosis = FaultLocator.diagnose(byLocation("outside", down(Phase.CONNECT, "connect refused", Map.of())));
        assertThat(diagnosis.findings()).isEmpty();
        assertThat(step(diagnosis, "Connect").byLocation()).containsExactly(Map.entry("outside", "failed: connect refused"));
    }

    @Test
    void noResultsGiveAnEmptyDiagnosis() {
        assertThat(FaultLocator.diagnose(Map.of())).isEqualTo(new Diagnosis(List.of(), List.of()));
    }
}
