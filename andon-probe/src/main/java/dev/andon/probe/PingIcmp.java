package dev.andon.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether {@link java.net.InetAddress#isReachable} sends real ICMP echo requests in this JVM. On
 * Linux and other Unix systems it needs a raw socket; without the right to open one it quietly
 * connects to TCP port 7 instead and counts "connection refused" as reachable, which would report
 * a dead host behind a rejecting firewall as up. The ping probe refuses to run in that case.
 */
final class PingIcmp {
    static final String UNAVAILABLE = "ICMP not available: needs CAP_NET_RAW "
            + "(the JVM sends echo requests only through a raw socket, else it silently tries TCP port 7; see PING.md)";
    /** The capability bit of CAP_NET_RAW (linux/capability.h). */
    private static final int CAP_NET_RAW = 13;

    private PingIcmp() {
    }

    /** Decided once: a process's capabilities do not change while it runs. */
    static boolean available() {
        return Detected.AVAILABLE;
    }

    static boolean detect(String osName, Path procSelfStatus) {
        if (osName.startsWith("Windows")) {
            // The JDK uses IcmpSendEcho there, which needs no privilege.
            return true;
        }
        if (!osName.equals("Linux") || !Files.isReadable(procSelfStatus)) {
            // Other Unix systems (macOS, BSD) need root for the raw socket, and we cannot tell
            // cheaply whether we have it: refuse rather than risk the TCP fallback.
            return false;
        }
        try {
            return hasNetRaw(Files.readString(procSelfStatus));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the {@code CapEff} line of a /proc/PID/status text has CAP_NET_RAW. */
    static boolean hasNetRaw(String procStatus) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    long effective = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return (effective >>> CAP_NET_RAW & 1) == 1;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static final class Detected {
        static final boolean AVAILABLE = detect(System.getProperty("os.name", ""), Path.of("/proc/self/status"));
    }
}
