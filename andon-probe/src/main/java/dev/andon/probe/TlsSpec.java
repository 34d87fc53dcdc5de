package dev.andon.probe;

import java.time.Duration;
import java.util.List;

/**
 * A TLS check: handshake with {@code host:port} and judge the certificate the server presents:
 * days until it expires, whether its chain is trusted, whether it names the host, and the
 * protocol version negotiated.
 *
 * @param host         name or IP literal to connect to
 * @param port         1-65535, usually 443
 * @param serverName   the name sent as SNI and matched against the certificate, when it differs
 *                     from {@code host} (e.g. connecting to one backend by IP); null to use host
 * @param warningDays  fewer days left than this is DEGRADED
 * @param criticalDays fewer days left than this is DOWN; below {@code warningDays}, 0 for "only
 *                     when expired"
 * @param minProtocol  the lowest acceptable protocol: TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3
 * @param verifyChain  whether a chain the JVM's default trust store does not trust is DOWN; the
 *                     result is observed either way
 */
public record TlsSpec(String host, int port, String serverName, int warningDays, int criticalDays,
                      String minProtocol, boolean verifyChain) implements ProbeSpec {

    public static final int DEFAULT_PORT = 443;
    public static final int DEFAULT_WARNING_DAYS = 14;
    public static final int DEFAULT_CRITICAL_DAYS = 7;
    public static final String DEFAULT_MIN_PROTOCOL = "TLSv1.2";
    /** The protocol versions from oldest to newest; the order {@code minProtocol} is compared in. */
    public static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    public TlsSpec {
        host = TcpSpec.requireHost("tls.host", host);
        TcpSpec.requirePort("tls.port", port);
        if (serverName != null) {
            serverName = TcpSpec.requireHost("tls.serverName", serverName);
            if (serverName.contains(":") && DnsLookup.literal(serverName) == null) {
                throw new InvalidProbeException("tls.serverName", "must be a host name without a port (the port is tls.port), not '" + serverName + "'");
            }
        }
        if (criticalDays < 0) {
            throw new InvalidProbeException("tls.criticalDays", "must be 0 or more, not " + criticalDays);
        }
        if (warningDays <= criticalDays) {
            throw new InvalidProbeException("tls.warningDays", "must be more than tls.criticalDays (" + criticalDays + "), not " + warningDays);
        }
        minProtocol = minProtocol == null ? DEFAULT_MIN_PROTOCOL : minProtocol.strip();
        if (!PROTOCOLS.contains(minProtocol)) {
            throw new InvalidProbeException("tls.minProtocol", "must be one of " + String.join(", ", PROTOCOLS) + ", not '" + minProtocol + "'");
        }
    }

    /** Port 443, 14 warning days, 7 critical days, TLSv1.2 or newer, chain verified. */
    public static TlsSpec of(String host) {
        return of(host, DEFAULT_PORT);
    }

    /** Like {@link #of(String)} on another port. */
    public static TlsSpec of(String host, int port) {
        return new TlsSpec(host, port, null, DEFAULT_WARNING_DAYS, DEFAULT_CRITICAL_DAYS, DEFAULT_MIN_PROTOCOL, true);
    }

    /** The same check, sending {@code name} as SNI and matching it against the certificate. */
    public TlsSpec withServerName(String name) {
        return new TlsSpec(host, port, name, warningDays, criticalDays, minProtocol, verifyChain);
    }

    /** The same check with other expiry thresholds. */
    public TlsSpec withDays(int warning, int critical) {
        return new TlsSpec(host, port, serverName, warning, critical, minProtocol, verifyChain);
    }

    /** The same check with another lowest acceptable protocol. */
    public TlsSpec withMinProtocol(String protocol) {
        return new TlsSpec(host, port, serverName, warningDays, criticalDays, protocol, verifyChain);
    }

    /** The same check, deciding whether an untrusted chain is DOWN. */
    public TlsSpec withVerifyChain(boolean verify) {
        return new TlsSpec(host, port, serverName, warningDays, criticalDays, minProtocol, verify);
    }

    /** The name the certificate must match and SNI carries: {@code serverName}, else {@code host}. */
    String expectedName() {
        return serverName != null ? serverName : host;
    }

    @Override
    public String type() {
        return "tls";
    }

    @Override
    public ProbeResult run(Duration timeout) {
        return TlsProbe.run(this, timeout);
    }
}
