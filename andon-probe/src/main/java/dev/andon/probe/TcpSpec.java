package dev.andon.probe;

import java.time.Duration;

/**
 * A TCP check: connect to {@code host:port}; optionally send one line and require the banner or
 * answer to contain {@code expect}.
 *
 * @param host   name or IP literal, resolved with the system resolver
 * @param port   1-65535
 * @param send   a line written after connecting (CRLF is appended unless it ends with a line
 *               break), or null to send nothing
 * @param expect a substring the banner or answer must contain, or null for no check of the bytes
 */
public record TcpSpec(String host, int port, String send, String expect) implements ProbeSpec {

    public TcpSpec {
        host = requireHost("tcp.host", host);
        requirePort("tcp.port", port);
        if (send != null && send.isEmpty()) {
            throw new InvalidProbeException("tcp.send", "is empty; leave it out to send nothing");
        }
        if (expect != null && expect.isEmpty()) {
            throw new InvalidProbeException("tcp.expect", "is empty; leave it out to accept any answer");
        }
    }

    /** Passes when the port accepts a connection; reads nothing. */
    public static TcpSpec of(String host, int port) {
        return new TcpSpec(host, port, null, null);
    }

    /** The same check, also writing {@code line} once connected. */
    public TcpSpec withSend(String line) {
        return new TcpSpec(host, port, line, expect);
    }

    /** The same check, also requiring the banner or answer to contain {@code text}. */
    public TcpSpec withExpect(String text) {
        return new TcpSpec(host, port, send, text);
    }

    @Override
    public String type() {
        return "tcp";
    }

    @Override
    public ProbeResult run(Duration timeout) {
        return TcpProbe.run(this, timeout);
    }

    static String requireHost(String field, String host) {
        if (host == null || host.isBlank()) {
            throw new InvalidProbeException(field, "is required (a host name or an IP address)");
        }
        String trimmed = host.strip();
        if (trimmed.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new InvalidProbeException(field, "must be a bare host name or IP address, not '" + host + "'");
        }
        return trimmed;
    }

    static void requirePort(String field, int port) {
        if (port < 1 || port > 65535) {
            throw new InvalidProbeException(field, "must be 1-65535, not " + port);
        }
    }
}
