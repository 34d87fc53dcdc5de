package dev.andon.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connects to host:port and times the DNS lookup and the TCP handshake separately: the building
 * block of every network check, and the first one the health-check engine runs.
 */
public final class TcpProbe {
    private final String host;
    private final int port;
    private final Duration timeout;

    public TcpProbe(String host, int port, Duration timeout) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, not " + port);
        }
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    public ProbeResult run() {
        Map<String, Duration> phases = new LinkedHashMap<>();
        long start = System.nanoTime();
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            phases.put("dns", Duration.ofNanos(System.nanoTime() - start));
            return new ProbeResult(ProbeResult.Status.DOWN, "DNS: cannot resolve " + host, Phase.DNS, phases, Map.of());
        }
        long resolved = System.nanoTime();
        phases.put("dns", Duration.ofNanos(resolved - start));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            phases.put("connect", Duration.ofNanos(System.nanoTime() - resolved));
            return new ProbeResult(ProbeResult.Status.UP, "connected to " + address.getHostAddress() + ":" + port, null, phases, Map.of());
        } catch (IOException e) {
            phases.put("connect", Duration.ofNanos(System.nanoTime() - resolved));
            return new ProbeResult(ProbeResult.Status.DOWN, "connect to " + address.getHostAddress() + ":" + port + " failed: " + e.getMessage(), Phase.CONNECT, phases, Map.of());
        }
    }
}
