package dev.andon.probe;

/** The phase names every probe uses, so results from different probes and locations line up. */
public final class Phase {
    public static final String DNS = "dns";
    public static final String CONNECT = "connect";
    public static final String TLS = "tls";
    public static final String FIRST_BYTE = "first_byte";
    public static final String TRANSFER = "transfer";
    /** Checking the response against the check's assertions (status, body, JSONPath, headers, banner, answers). */
    public static final String ASSERTION = "assertion";
    /** ICMP echo round trips. */
    public static final String PING = "ping";

    private Phase() {
    }
}
