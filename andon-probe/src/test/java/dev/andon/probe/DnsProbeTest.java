package dev.andon.probe;

import static dev.andon.probe.DnsTestServer.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class DnsProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static DnsTestServer server;

    @BeforeAll
    static void startNameServer() throws Exception {
        server = new DnsTestServer().answer(
                record("example.test", Type.A, "192.0.2.20"),
                record("example.test", Type.A, "192.0.2.10"),
                record("example.test", Type.AAAA, "2001:db8:0:0:0:0:0:1"),
                record("example.test", Type.MX, "20 Backup.Example.test."),
                record("example.test", Type.MX, "10 mail.example.test."),
                record("example.test", Type.TXT, "\"v=spf1 include:_spf.example.test \" \"~all\""),
                record("example.test", Type.NS, "ns1.example.test."),
                record("example.test", Type.SOA, "ns1.example.test. hostmaster.example.test. 2024010101 3600 600 86400 300"),
                record("www.example.test", Type.CNAME, "example.test."),
                record("empty.example.test", Type.TXT, "\"only text here\""),
                record("big.example.test", Type.A, "192.0.2.99"))
                .rcode("broken.example.test", Rcode.SERVFAIL)
                .silent("slow.example.test")
                .truncated("big.example.test");
    }

    @AfterAll
    static void stopNameServer() throws Exception {
        server.close();
    }

    private static DnsSpec spec(String name, String type, String... expected) {
        return DnsSpec.expecting(name, type, expected).withResolver(server.address());
    }

    @Test
    void everyExpectedAddressPresentIsUpWithSortedObservations() {
        ProbeResult result = spec("example.test", "A", "192.0.2.10").run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(result.phases()).containsKeys(Phase.DNS, Phase.ASSERTION);
        assertThat(result.observations())
                .containsEntry("dns.answer", "192.0.2.10,192.0.2.20")
                .containsEntry("dns.rcode", "NOERROR")
                .containsEntry("dns.resolver", server.address());
    }

    @Test
    void ipv6AnswersCompareInTheirShortForm() {
        ProbeResult result = spec("example.test", "AAAA", "2001:DB8::1").run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(result.observations()).containsEntry("dns.answer", "2001:db8::1");
    }

    @Test
    void mxAnswersArePriorityAndLowerCaseHostWithoutTrailingDot() {
        ProbeResult result = spec("example.test", "MX", "20 backup.example.test.", "10 MAIL.example.test").run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(result.observations()).containsEntry("dns.answer", "10 mail.example.test,20 backup.example.test");
    }

    @Test
    void txtAnswersJoinTheirStrings() {
        ProbeResult result = spec("example.test", "TXT", "v=spf1 include:_spf.example.test ~all").run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(result.observations()).containsEntry("dns.answer", "v=spf1 include:_spf.example.test ~all");
    }

    @Test
    void txtAnswersAreCaseSensitive() {
        ProbeResult result = spec("example.test", "TXT", "V=SPF1 include:_spf.example.test ~all").run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
    }

    @Test
    void nsSoaAndCnameAnswersAreNames() {
        assertThat(spec("example.test", "NS", "ns1.example.test").run(TIMEOUT).observations())
                .containsEntry("dns.answer", "ns1.example.test");
        ProbeResult soa = spec("example.test", "SOA", "NS1.example.test.").run(TIMEOUT);
        assertThat(soa.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(soa.observations()).containsEntry("dns.answer", "ns1.example.test");
        ProbeResult cname = spec("www.example.test", "CNAME", "example.test").run(TIMEOUT);
        assertThat(cname.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(cname.observations()).containsEntry("dns.answer", "example.test");
    }

    @Test
    void anAddressQueryThroughACnameAnswersWithTheAddressesOnly() {
        ProbeResult result = spec("www.example.test", "A", "192.0.2.20").run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(result.observations()).containsEntry("dns.answer", "192.0.2.10,192.0.2.20");
    }

    @Test
    void aMissingExpectedAnswerIsDownInTheAssertionPhase() {
        ProbeResult result = spec("example.test", "A", "192.0.2.10", "192.0.2.30").run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo(Phase.ASSERTION);
        assertThat(result.message()).contains("missing 192.0.2.30").contains("got 192.0.2.10, 192.0.2.20");
    }

    @Test
    void withoutExpectedAnswersAnyNonEmptyAnswerIsUp() {
        assertThat(spec("example.test", "MX").run(TIMEOUT).status()).isEqualTo(ProbeResult.Status.UP);
    }

    @Test
    void anEmptyAnswerIsDownEvenWithoutExpectedAnswers() {
        ProbeResult result = spec("empty.example.test", "A").run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.message()).contains("no A records");
        assertThat(result.observations()).containsEntry("dns.rcode", "NOERROR").containsEntry("dns.answer", "");
    }

    @Test
    void aNameThatDoesNotExistIsDownUnlessNxdomainIsExpected() {
        ProbeResult unexpected = spec("missing.example.test", "A").run(TIMEOUT);
        assertThat(unexpected.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(unexpected.message()).contains("NXDOMAIN, expected NOERROR");

        ProbeResult expected = DnsSpec.nonExistent("missing.example.test").withResolver(server.address()).run(TIMEOUT);
        assertThat(expected.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(expected.observations()).containsEntry("dns.rcode", "NXDOMAIN");
    }

    @Test
    void aServerFailureIsDown() {
        ProbeResult result = spec("broken.example.test", "A").run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.observations()).containsEntry("dns.rcode", "SERVFAIL");
    }

    @Test
    void aSilentServerIsDownInTheDnsPhaseWithinTheTimeout() {
        long start = System.nanoTime();
        ProbeResult result = spec("slow.example.test", "A").run(Duration.ofMillis(300));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo(Phase.DNS);
        assertThat(result.message()).startsWith("no answer from " + server.address());
        assertThat(took).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void aTruncatedAnswerIsFetchedAgainOverTcp() {
        int before = server.tcpQueries.get();
        ProbeResult result = spec("big.example.test", "A", "192.0.2.99").run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(server.tcpQueries.get()).isGreaterThan(before);
    }

    @Test
    void withoutAResolverTheSystemsFirstNameServerIsAsked() {
        var system = DnsProbe.systemResolver();
        ProbeResult result = DnsSpec.of("example.test", "A").run(Duration.ofMillis(300));

        if (system == null) {
            assertThat(result.message()).contains("no name server configured");
        } else {
            assertThat(result.observations()).containsEntry("dns.resolver", DnsLookup.text(system.getAddress(), system.getPort()));
        }
    }

    @Test
    void resolverSettingsAreAddressesWithAnOptionalPort() {
        assertThat(DnsProbe.resolverAddress("10.0.0.2").getPort()).isEqualTo(53);
        assertThat(DnsProbe.resolverAddress("10.0.0.2:5353").getPort()).isEqualTo(5353);
        assertThat(DnsProbe.resolverAddress("[2001:db8::53]:54").getPort()).isEqualTo(54);
        assertThat(DnsProbe.resolverAddress("2001:db8::53").getPort()).isEqualTo(53);
    }

    @Test
    void invalidSpecsNameTheField() {
        assertField(() -> DnsSpec.of("example.test", "PTR"), "dns.recordType");
        assertField(() -> DnsSpec.of("", "A"), "dns.name");
        assertField(() -> DnsSpec.of("example.test", "A").withResolver("ns1.example.test"), "dns.resolver");
        assertField(() -> DnsSpec.of("example.test", "A").withResolver("10.0.0.2:99999"), "dns.resolver");
        assertField(() -> DnsSpec.expecting("example.test", "MX", "mail.example.test"), "dns.expectedAnswers");
        assertField(() -> DnsSpec.expecting("example.test", "A", "2001:db8::1"), "dns.expectedAnswers");
        assertField(() -> new DnsSpec("example.test", "A", null, List.of("192.0.2.1"), "NXDOMAIN"), "dns.expectedAnswers");
        assertField(() -> new DnsSpec("example.test", "A", null, List.of(), "NOPE"), "dns.expectedRcode");
    }

    @Test
    void specsNormalizeTheirSpellingAndDefaultTheResponseCode() {
        DnsSpec spec = new DnsSpec(" example.test ", "mx", null, null, null);

        assertThat(spec).isEqualTo(new DnsSpec("example.test", "MX", null, List.of(), "NOERROR"));
        assertThat(spec.type()).isEqualTo("dns");
    }

    private static void assertField(Runnable creation, String field) {
        assertThatThrownBy(creation::run)
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
