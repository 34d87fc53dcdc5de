package dev.andon.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.Rcode;

/**
 * A DNS check: one query, sent straight to a name server with dnsjava (never through the JVM
 * resolver or its cache), whose response code and answers are compared with what is expected.
 *
 * @param name            the name to query; a trailing dot is optional (no search domains apply)
 * @param recordType      A, AAAA, CNAME, MX, TXT, NS or SOA
 * @param resolver        the name server as an IP address, optionally with {@code :port}
 *                        ({@code 9.9.9.9}, {@code 10.0.0.2:5353}, {@code [2001:db8::53]:53}); null
 *                        for the first name server of the system configuration
 * @param expectedAnswers answers that must all be present (others may be present too); empty
 *                        means any non-empty answer when {@code expectedRcode} is NOERROR
 * @param expectedRcode   the response code that counts as success: NOERROR, or e.g. NXDOMAIN to
 *                        assert that a name does not exist
 */
public record DnsSpec(String name, String recordType, String resolver, List<String> expectedAnswers,
                      String expectedRcode) implements ProbeSpec {

    /** The record types a check may ask for. */
    public static final Set<String> RECORD_TYPES = Set.of("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SOA");

    public DnsSpec {
        if (name == null || name.isBlank()) {
            throw new InvalidProbeException("dns.name", "is required");
        }
        name = name.strip();
        try {
            DnsProbe.queryName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidProbeException("dns.name", "'" + name + "' is not a valid DNS name: " + e.getMessage());
        }
        if (recordType == null || !RECORD_TYPES.contains(recordType.strip().toUpperCase(Locale.ROOT))) {
            throw new InvalidProbeException("dns.recordType", "must be one of A, AAAA, CNAME, MX, TXT, NS, SOA, not '" + recordType + "'");
        }
        recordType = recordType.strip().toUpperCase(Locale.ROOT);
        if (resolver != null) {
            resolver = resolver.strip();
            try {
                DnsProbe.resolverAddress(resolver);
            } catch (IllegalArgumentException e) {
                throw new InvalidProbeException("dns.resolver", e.getMessage());
            }
        }
        expectedRcode = expectedRcode == null ? "NOERROR" : expectedRcode.strip().toUpperCase(Locale.ROOT);
        if (Rcode.value(expectedRcode) < 0) {
            throw new InvalidProbeException("dns.expectedRcode", "'" + expectedRcode + "' is not a DNS response code (NOERROR, NXDOMAIN, SERVFAIL, REFUSED...)");
        }
        expectedAnswers = expectedAnswers == null ? List.of() : List.copyOf(expectedAnswers);
        if (!expectedAnswers.isEmpty() && !expectedRcode.equals("NOERROR")) {
            throw new InvalidProbeException("dns.expectedAnswers", "must be empty when dns.expectedRcode is " + expectedRcode + ": such a response carries no answers");
        }
        for (String answer : expectedAnswers) {
            try {
                DnsProbe.normalizeExpected(recordType, answer);
            } catch (IllegalArgumentException e) {
                throw new InvalidProbeException("dns.expectedAnswers", e.getMessage());
            }
        }
    }

    /** Passes when the system's name server answers NOERROR with at least one record of {@code recordType}. */
    public static DnsSpec of(String name, String recordType) {
        return new DnsSpec(name, recordType, null, List.of(), "NOERROR");
    }

    /** Passes when every one of {@code answers} is in the answer. */
    public static DnsSpec expecting(String name, String recordType, String... answers) {
        return new DnsSpec(name, recordType, null, List.of(answers), "NOERROR");
    }

    /** Passes when the name does not exist (NXDOMAIN). */
    public static DnsSpec nonExistent(String name) {
        return new DnsSpec(name, "A", null, List.of(), "NXDOMAIN");
    }

    /** The same check, asking {@code resolver} ({@code host} or {@code host:port}) instead. */
    public DnsSpec withResolver(String resolver) {
        return new DnsSpec(name, recordType, resolver, expectedAnswers, expectedRcode);
    }

    @Override
    public String type() {
        return "dns";
    }

    @Override
    public ProbeResult run(Duration timeout) {
        return DnsProbe.run(this, timeout);
    }

    /** The expected answers in the normalized form they are compared in. */
    List<String> normalizedExpectedAnswers() {
        List<String> normalized = new ArrayList<>();
        for (String answer : expectedAnswers) {
            normalized.add(DnsProbe.normalizeExpected(recordType, answer));
        }
        return normalized;
    }
}
