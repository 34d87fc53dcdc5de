package dev.andon.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Runs a {@link TlsSpec}. The handshake accepts any certificate, so that an expired or untrusted
 * one can still be reported in detail, and records on the way what the JVM's default trust store
 * would have said; the verdict is then made from the certificate and that record.
 */
final class TlsProbe {
    private static final long SECONDS_PER_DAY = 86_400;
    /** SubjectAltName entry kinds, RFC 5280 section 4.2.1.6. */
    private static final int SAN_DNS_NAME = 2;
    private static final int SAN_IP_ADDRESS = 7;

    private TlsProbe() {
    }

    static ProbeResult run(TlsSpec spec, Duration timeout) {
        X509TrustManager trustStore;
        try {
            trustStore = DefaultTrustStore.MANAGER;
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            return ProbeResult.builder().down(Phase.TLS, "cannot load the JVM's default trust store: " + e.getMessage());
        }
        return run(spec, timeout, Clock.systemUTC(), trustStore);
    }

    /** Runs against {@code trustStore} as "the trusted roots" and {@code clock} as "now"; tests pass their own. */
    static ProbeResult run(TlsSpec spec, Duration timeout, Clock clock, X509TrustManager trustStore) {
        ProbeResult.Builder result = ProbeResult.builder();
        long deadline = TcpProbe.deadline(timeout);
        Socket plain;
        try {
            plain = TcpProbe.connect(spec.host(), spec.port(), deadline, result);
        } catch (TcpProbe.Failed failed) {
            return failed.result;
        }
        RecordingTrustManager recorder = new RecordingTrustManager(trustStore);
        try (Socket tcp = plain; TcpProbe.Watch watch = TcpProbe.closeAtDeadline(plain, deadline)) {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recorder}, null);
            String name = spec.expectedName();
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(tcp, name, spec.port(), true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(serverNames(name));
            // Host name checking is done below, so that a mismatch is reported rather than thrown.
            parameters.setEndpointIdentificationAlgorithm(null);
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(TcpProbe.millisLeft(deadline));
            try {
                socket.startHandshake();
            } catch (IOException e) {
                String why = TcpProbe.timedOut(e, deadline)
                        ? "no TLS handshake within " + timeout.toMillis() + " ms"
                        : "TLS handshake failed: " + TcpProbe.describe(e);
                return result.down(Phase.TLS, why);
            }
            result.phase(Phase.TLS);
            SSLSession session = socket.getSession();
            X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
            return judge(spec, session, leaf, recorder, clock.instant(), result);
        } catch (IOException | RuntimeException | GeneralSecurityException e) {
            return result.down(Phase.TLS, "TLS error: " + TcpProbe.describe(e));
        }
    }

    private static ProbeResult judge(TlsSpec spec, SSLSession session, X509Certificate leaf, RecordingTrustManager recorder,
                                     Instant now, ProbeResult.Builder result) {
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        long daysLeft = Math.floorDiv(Duration.between(now, notAfter).toSeconds(), SECONDS_PER_DAY);
        String protocol = session.getProtocol();
        boolean hostnameMatch = hostnameMatches(spec.expectedName(), leaf);
        result.observe("tls.days_left", daysLeft)
                .observe("tls.not_after", notAfter.truncatedTo(ChronoUnit.SECONDS))
                .observe("tls.subject", leaf.getSubjectX500Principal().getName())
                .observe("tls.issuer", leaf.getIssuerX500Principal().getName())
                .observe("tls.protocol", protocol)
                .observe("tls.cipher", session.getCipherSuite())
                .observe("tls.chain_valid", recorder.chainValid)
                .observe("tls.hostname_match", hostnameMatch);

        List<String> problems = new ArrayList<>();
        if (now.isBefore(notBefore)) {
            problems.add("certificate not valid before " + notBefore.truncatedTo(ChronoUnit.SECONDS));
        }
        if (now.isAfter(notAfter)) {
            problems.add("certificate expired " + notAfter.truncatedTo(ChronoUnit.SECONDS) + " (" + Duration.between(notAfter, now).toDays() + " days ago)");
        } else if (daysLeft < spec.criticalDays()) {
            problems.add("certificate expires in " + daysLeft + " days (critical below " + spec.criticalDays() + ")");
        }
        if (spec.verifyChain() && !recorder.chainValid) {
            problems.add("certificate chain not trusted: " + recorder.chainProblem);
        }
        if (!hostnameMatch) {
            problems.add("certificate does not name " + spec.expectedName() + " (it names " + String.join(", ", names(leaf)) + ")");
        }
        if (below(protocol, spec.minProtocol())) {
            problems.add("negotiated " + protocol + ", below the minimum " + spec.minProtocol());
        }
        if (!problems.isEmpty()) {
            return result.downAfter(Phase.TLS, String.join("; ", problems));
        }
        if (daysLeft < spec.warningDays()) {
            return result.degraded("certificate expires in " + daysLeft + " days (warning below " + spec.warningDays() + ")");
        }
        return result.up("certificate valid for " + daysLeft + " more days, " + protocol);
    }

    private static List<SNIServerName> serverNames(String name) {
        if (DnsLookup.literal(name) != null) {
            return List.of(); // SNI carries host names only (RFC 6066)
        }
        try {
            return List.of(new SNIHostName(name));
        } catch (IllegalArgumentException e) {
            return List.of(); // a name SNI cannot carry (e.g. with an underscore) is still matched below
        }
    }

    /** True when {@code protocol} is older than {@code minimum}; SSLv3 and older are always below. */
    static boolean below(String protocol, String minimum) {
        int index = TlsSpec.PROTOCOLS.indexOf(protocol);
        if (index < 0) {
            return protocol.startsWith("SSL");
        }
        return index < TlsSpec.PROTOCOLS.indexOf(minimum);
    }

    /**
     * Whether the certificate's subject alternative names cover {@code hostname}: an IP address
     * against iPAddress entries, a name against dNSName entries, where a wildcard stands for
     * exactly one whole left-most label (RFC 6125). The subject CN is not used, as browsers no
     * longer do.
     */
    static boolean hostnameMatches(String hostname, X509Certificate certificate) {
        InetAddress ip = DnsLookup.literal(hostname);
        for (List<?> entry : subjectAlternativeNames(certificate)) {
            int kind = (Integer) entry.get(0);
            if (!(entry.get(1) instanceof String value)) {
                continue;
            }
            if (ip != null && kind == SAN_IP_ADDRESS && ip.equals(DnsLookup.literal(value))) {
                return true;
            }
            if (ip == null && kind == SAN_DNS_NAME && dnsNameMatches(hostname, value)) {
                return true;
            }
        }
        return false;
    }

    static boolean dnsNameMatches(String hostname, String pattern) {
        String host = withoutTrailingDot(hostname.toLowerCase(Locale.ROOT));
        String name = withoutTrailingDot(pattern.toLowerCase(Locale.ROOT));
        if (!name.startsWith("*.")) {
            return host.equals(name);
        }
        String suffix = name.substring(1); // ".example.com"
        // "*.com" would cover a whole top-level domain; no public CA issues that, so it matches nothing.
        if (suffix.indexOf('.', 1) < 0) {
            return false;
        }
        if (!host.endsWith(suffix)) {
            return false;
        }
        String label = host.substring(0, host.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    private static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        for (List<?> entry : subjectAlternativeNames(certificate)) {
            int kind = (Integer) entry.get(0);
            if ((kind == SAN_DNS_NAME || kind == SAN_IP_ADDRESS) && entry.get(1) instanceof String value) {
                names.add(value);
            }
        }
        if (names.isEmpty()) {
            names.add("no DNS or IP subject alternative name");
        }
        return names.size() > 5 ? List.of(String.join(", ", names.subList(0, 5)), "...") : names;
    }

    private static Collection<List<?>> subjectAlternativeNames(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            return names == null ? List.of() : names;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /**
     * Accepts every chain, so the handshake completes and the certificate can be inspected, but
     * first asks the real trust store whether it would have accepted it, and keeps the answer.
     * Extending the "extended" manager keeps the JDK from wrapping it in checks of its own.
     */
    private static final class RecordingTrustManager extends X509ExtendedTrustManager {
        private final X509TrustManager trustStore;
        volatile boolean chainValid;
        volatile String chainProblem = "not checked";

        RecordingTrustManager(X509TrustManager trustStore) {
            this.trustStore = trustStore;
        }

        private void record(X509Certificate[] chain, String authType) {
            try {
                trustStore.checkServerTrusted(chain, authType);
                chainValid = true;
                chainProblem = "";
            } catch (CertificateException | RuntimeException e) {
                chainValid = false;
                chainProblem = lastPart(e.getMessage());
            }
        }

        /** "PKIX path building failed: sun...Exception: unable to find valid certification path" to its last part. */
        private static String lastPart(String message) {
            if (message == null) {
                return "rejected by the trust store";
            }
            int colon = message.lastIndexOf(": ");
            return colon < 0 ? message : message.substring(colon + 2);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            record(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            record(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            record(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a probe is never the server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a probe is never the server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a probe is never the server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** The JVM's default trust store (cacerts, or javax.net.ssl.trustStore), loaded once on first use. */
    private static final class DefaultTrustStore {
        static final X509TrustManager MANAGER = load();

        private static X509TrustManager load() {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                for (TrustManager manager : factory.getTrustManagers()) {
                    if (manager instanceof X509TrustManager x509) {
                        return x509;
                    }
                }
                throw new IllegalStateException("no X509TrustManager among " + List.of(factory.getTrustManagers()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
