package dev.andon.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TlsProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Clock NOW = Clock.systemUTC();

    /** Runs against a trust store that trusts exactly {@code certificate}, so the chain is valid. */
    private static ProbeResult runTrusting(TestCertificates.Issued certificate, TlsSpec spec) {
        return TlsProbe.run(spec, TIMEOUT, NOW, certificate.trustManager());
    }

    @Test
    void aTrustedCertificateValidForMonthsIsUpWithEveryObservation() throws Exception {
        TestCertificates.Issued certificate = TestCertificates.validFor("localhost", Duration.ofDays(200));
        try (TlsTestServer server = new TlsTestServer(certificate)) {
            ProbeResult result = runTrusting(certificate, TlsSpec.of("localhost", server.port()));

            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(result.phases()).containsOnlyKeys(Phase.DNS, Phase.CONNECT, Phase.TLS);
            assertThat(result.observations())
                    .containsEntry("tls.days_left", "199")
                    .containsEntry("tls.not_after", certificate.certificate().getNotAfter().toInstant().toString())
                    .containsEntry("tls.subject", "O=Andon tests,CN=localhost")
                    .containsEntry("tls.issuer", "O=Andon tests,CN=localhost")
                    .containsEntry("tls.protocol", "TLSv1.3")
                    .containsEntry("tls.chain_valid", "true")
                    .containsEntry("tls.hostname_match", "true")
                    .containsKeys("tls.cipher", "tcp.address", "dns.answer");
            assertThat(server.serverNamesSeen).containsExactly("localhost");
        }
    }

    @Test
    void aSelfSignedCertificateIsDownWhenTheChainIsVerified() throws Exception {
        TestCertificates.Issued certificate = TestCertificates.validFor("localhost", Duration.ofDays(200));
        try (TlsTestServer server = new TlsTestServer(certificate)) {
            ProbeResult result = TlsSpec.of("localhost", server.port()).run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.failedPhase()).isEqualTo(Phase.TLS);
            assertThat(result.message()).startsWith("certificate chain not trusted");
            assertThat(result.observations()).containsEntry("tls.chain_valid", "false").containsEntry("tls.hostname_match", "true");
        }
    }

    @Test
    void aSelfSignedCertificateIsUpWhenTheChainIsNotVerified() throws Exception {
        TestCertificates.Issued certificate = TestCertificates.validFor("localhost", Duration.ofDays(200));
        try (TlsTestServer server = new TlsTestServer(certificate)) {
            ProbeResult result = TlsSpec.of("localhost", server.port()).withVerifyChain(false).run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(result.observations()).containsEntry("tls.chain_valid", "false");
        }
    }

    @Test
    void aCertificateExpiringInThreeDaysIsDownBelowTheCriticalDays() throws Exception {
        TestCertificates.Issued certificate = TestCertificates.validFor("localhost", Duration.ofDays(3));
        try (TlsTestServer server = new TlsTestServer(certificate)) {
            ProbeResult result = runTrusting(certificate, TlsSpec.of("localhost", server.port()));

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.message()).isEqualTo("certificate expires in 2 days (critical below 7)");
            assertThat(result.observations()).containsEntry("tls.days_left", "2");
        }
    }

    @Test
    void aCertificateExpiringInThreeDaysIsDegradedWhenOnlyTheWarningIsCrossed() throws Exception {
        TestCertificates.Issued certificate = TestCertificates.validFor("localhost", Duration.ofDays(3));
        try (TlsTestServer server = new TlsTestServer(certificate)) {
            ProbeResult result = runTrusting(certificate, TlsSpec.of("localhost", server.port()).withDays(5, 1));

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DEGRADED);
            assertThat(result.message()).isEqualTo("certificate expires in 2 days (warning below 5)");
        }
    }

    @Test
    void daysLeftFollowTheClock() throws Exception {
        TestCertificates.Issued certificate = TestCertificates.validFor("localhost", Duration.ofDays(200));
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(190)), ZoneOffset.UTC);
        try (TlsTestServer server = new TlsTestServer(certificate)) {
            ProbeResult result = TlsProbe.run(TlsSpec.of("localhost", server.port()), TIMEOUT, later, certificate.trustManager());

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DEGRADED);
            assertThat(result.observations()).containsEntry("tls.days_left", "9");
        }
    }

    @Test
    void anExpiredCertificateIsDown() throws Exception {
        TestCertificates.Issued certificate = TestCertificates.expired("localhost", Duration.ofDays(2).plusHours(1));
        try (TlsTestServer server = new TlsTestServer(certificate)) {
            ProbeResult result = TlsSpec.of("localhost", server.port()).withVerifyChain(false).run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.message()).startsWith("certificate expired").contains("(2 days ago)");
            assertThat(result.observations()).containsEntry("tls.days_left", "-3");
        }
    }

    @Test
    void aCertificateNotYetValidIsDown() throws Exception {
        TestCertificates.Issued certificate = TestCertificates.notYetValid("localhost", Duration.ofDays(1));
        try (TlsTestServer server = new TlsTestServer(certificate)) {
            ProbeResult result = TlsSpec.of("localhost", server.port()).withVerifyChain(false).run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.message()).startsWith("certificate not valid before");
        }
    }

    @Test
    void aCertificateForAnotherNameIsDown() throws Exception {
        TestCertificates.Issued certificate = TestCertificates.validFor("other.example.test", Duration.ofDays(200));
        try (TlsTestServer server = new TlsTestServer(certificate)) {
            ProbeResult result = runTrusting(certificate, TlsSpec.of("localhost", server.port()));

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.message()).isEqualTo("certificate does not name localhost (it names other.example.test)");
            assertThat(result.observations()).containsEntry("tls.hostname_match", "false");
        }
    }

    @Test
    void theServerNameIsSentAsSniAndMatchedInsteadOfTheHost() throws Exception {
        TestCertificates.Issued certificate = TestCertificates.validFor("service.example.test", Duration.ofDays(200));
        try (TlsTestServer server = new TlsTestServer(certificate)) {
            ProbeResult result = runTrusting(certificate, TlsSpec.of("127.0.0.1", server.port()).withServerName("service.example.test"));

            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(server.serverNamesSeen).containsExactly("service.example.test");
        }
    }

    @Test
    void anIpAddressMatchesAnIpAddressSubjectAlternativeName() throws Exception {
        TestCertificates.Issued certificate = TestCertificates.validFor("127.0.0.1", Duration.ofDays(200));
        try (TlsTestServer server = new TlsTestServer(certificate)) {
            ProbeResult result = runTrusting(certificate, TlsSpec.of("127.0.0.1", server.port()));

            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(result.observations()).containsEntry("tls.hostname_match", "true");
            assertThat(server.serverNamesSeen).isEmpty();
        }
    }

    @Test
    void aProtocolBelowTheMinimumIsDown() throws Exception {
        TestCertificates.Issued certificate = TestCertificates.validFor("localhost", Duration.ofDays(200));
        try (TlsTestServer server = new TlsTestServer(certificate, "TLSv1.2")) {
            ProbeResult result = runTrusting(certificate, TlsSpec.of("localhost", server.port()).withMinProtocol("TLSv1.3"));

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.message()).isEqualTo("negotiated TLSv1.2, below the minimum TLSv1.3");
            assertThat(result.observations()).containsEntry("tls.protocol", "TLSv1.2");
        }
    }

    @Test
    void aPeerThatNeverAnswersTheHandshakeIsDownWithinTheTimeout() throws Exception {
        try (TcpTestServer server = TcpTestServer.silent()) {
            long start = System.nanoTime();
            ProbeResult result = TlsSpec.of("127.0.0.1", server.port()).run(Duration.ofMillis(300));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.failedPhase()).isEqualTo(Phase.TLS);
            assertThat(result.message()).isEqualTo("no TLS handshake within 300 ms");
            assertThat(took).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void aClosedPortIsDownInTheConnectPhase() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0)) {
            port = server.getLocalPort();
        }
        ProbeResult result = TlsSpec.of("127.0.0.1", port).run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo(Phase.CONNECT);
    }

    @Test
    void wildcardsStandForExactlyOneLeftmostLabel() {
        assertThat(TlsProbe.dnsNameMatches("api.example.com", "*.example.com")).isTrue();
        assertThat(TlsProbe.dnsNameMatches("API.Example.com.", "*.example.COM")).isTrue();
        assertThat(TlsProbe.dnsNameMatches("a.b.example.com", "*.example.com")).isFalse();
        assertThat(TlsProbe.dnsNameMatches("example.com", "*.example.com")).isFalse();
        assertThat(TlsProbe.dnsNameMatches("example.com", "*.com")).isFalse();
        assertThat(TlsProbe.dnsNameMatches("fapi.example.com", "f*.example.com")).isFalse();
        assertThat(TlsProbe.dnsNameMatches("example.com", "example.com")).isTrue();
    }

    @Test
    void protocolsCompareByAge() {
        assertThat(TlsProbe.below("TLSv1.2", "TLSv1.3")).isTrue();
        assertThat(TlsProbe.below("TLSv1.3", "TLSv1.2")).isFalse();
        assertThat(TlsProbe.below("TLSv1.2", "TLSv1.2")).isFalse();
        assertThat(TlsProbe.below("SSLv3", "TLSv1")).isTrue();
    }

    @Test
    void specsHaveDefaultsAndNameInvalidFields() {
        TlsSpec spec = TlsSpec.of("example.com");
        assertThat(spec).isEqualTo(new TlsSpec("example.com", 443, null, 14, 7, "TLSv1.2", true));
        assertThat(spec.type()).isEqualTo("tls");
        assertThatThrownBy(() -> spec.withDays(7, 7))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("tls.warningDays"));
        assertThatThrownBy(() -> spec.withDays(14, -1))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("tls.criticalDays"));
        assertThatThrownBy(() -> spec.withMinProtocol("SSLv3"))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("tls.minProtocol"));
        assertThatThrownBy(() -> spec.withServerName("example.com:8443"))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("tls.serverName"));
        assertThatThrownBy(() -> TlsSpec.of("example.com", 70000))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("tls.port"));
    }
}
