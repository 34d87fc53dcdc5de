package dev.andon.probe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Runs a {@link DnsSpec}: one query to one name server, then the response code and the answers,
 * normalized, against the expectation. Each run builds its own resolver, so nothing is cached.
 */
final class DnsProbe {

    private DnsProbe() {
    }

    static ProbeResult run(DnsSpec spec, Duration timeout) {
        ProbeResult.Builder result = ProbeResult.builder();
        long deadline = TcpProbe.deadline(timeout);
        InetSocketAddress server;
        if (spec.resolver() != null) {
            server = resolverAddress(spec.resolver());
        } else {
            server = systemResolver();
            if (server == null) {
                return result.down(Phase.DNS, "no name server configured on this host; set dns.resolver");
            }
        }
        String serverText = DnsLookup.text(server.getAddress(), server.getPort());
        result.observe("dns.resolver", serverText);

        int type = Type.value(spec.recordType());
        Message query = Message.newQuery(Record.newRecord(queryName(spec.name()), type, DClass.IN));
        SimpleResolver resolver = new SimpleResolver(server);
        // dnsjava's own timeout applies to the UDP query and again to the TCP retry after a
        // truncated answer; the wait below keeps the two together within the probe's timeout.
        resolver.setTimeout(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
        CompletableFuture<Message> pending = resolver.sendAsync(query).toCompletableFuture();
        Message response;
        try {
            response = pending.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return result.down(Phase.DNS, "no answer from " + serverText + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                return result.down(Phase.DNS, "no answer from " + serverText + " within " + timeout.toMillis() + " ms");
            }
            return result.down(Phase.DNS, "query to " + serverText + " failed: " + TcpProbe.describe(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.cancel(true);
            return result.down(Phase.DNS, "interrupted");
        }
        result.phase(Phase.DNS);

        String rcode = Rcode.string(response.getRcode());
        List<String> found = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            // A CNAME chain in front of the A records is how the answer got there, not the answer.
            if (record.getType() == type) {
                found.add(answerText(record));
            }
        }
        List<String> answers = found.stream().sorted().distinct().toList();
        result.observe("dns.rcode", rcode);
        result.observe("dns.answer", String.join(",", answers));

        String question = spec.name() + " " + spec.recordType();
        if (!rcode.equals(spec.expectedRcode())) {
            return result.down(Phase.ASSERTION, question + ": " + rcode + ", expected " + spec.expectedRcode());
        }
        if (spec.expectedRcode().equals("NOERROR")) {
            if (answers.isEmpty()) {
                return result.down(Phase.ASSERTION, question + ": no " + spec.recordType() + " records in the answer");
            }
            List<String> missing = spec.normalizedExpectedAnswers().stream().filter(expected -> !answers.contains(expected)).toList();
            if (!missing.isEmpty()) {
                return result.down(Phase.ASSERTION, question + ": missing " + String.join(", ", missing) + " (got " + String.join(", ", answers) + ")");
            }
        }
        result.phase(Phase.ASSERTION);
        return result.up(question + ": " + rcode + (answers.isEmpty() ? "" : " " + String.join(", ", answers)));
    }

    /** The first name server of the system configuration (resolv.conf and the like), or null. */
    static InetSocketAddress systemResolver() {
        List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
        return servers.isEmpty() ? null : servers.getFirst();
    }

    /** The absolute name to query; a missing trailing dot is added, because no search path applies. */
    static Name queryName(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}, where host must
     * be an IP address: looking the name server itself up would need the resolver under test.
     */
    static InetSocketAddress resolverAddress(String text) {
        String host = text;
        int port = SimpleResolver.DEFAULT_PORT;
        int colon = text.lastIndexOf(':');
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' misses the closing ]");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + text + "' must be [address] or [address]:port");
                }
                port = port(text, rest.substring(1));
            }
        } else if (colon >= 0 && text.indexOf(':') == colon) {
            host = text.substring(0, colon);
            port = port(text, text.substring(colon + 1));
        }
        InetAddress address = DnsLookup.literal(host);
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' must be an IP address, optionally with :port (e.g. 10.0.0.2:53)");
        }
        return new InetSocketAddress(address, port);
    }

    private static int port(String text, String port) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' has no valid port (1-65535)");
    }

    /**
     * The answer as it is compared and shown: addresses in their usual text, names in lower case
     * without the trailing dot, MX as {@code priority host}, TXT as its strings joined (SPF
     * joins them the same way), SOA as the primary name server.
     */
    static String answerText(Record record) {
        return switch (record) {
            case ARecord a -> DnsLookup.text(a.getAddress());
            case AAAARecord aaaa -> DnsLookup.text(aaaa.getAddress());
            case CNAMERecord cname -> nameText(cname.getTarget());
            case NSRecord ns -> nameText(ns.getTarget());
            case MXRecord mx -> mx.getPriority() + " " + nameText(mx.getTarget());
            case TXTRecord txt -> String.join("", txt.getStrings());
            case SOARecord soa -> nameText(soa.getHost());
            default -> record.rdataToString();
        };
    }

    private static String nameText(Name name) {
        String text = name.toString(true).toLowerCase(Locale.ROOT);
        return text.isEmpty() ? "." : text;
    }

    /**
     * An expected answer in the form {@link #answerText} produces, so "Mail.Example.com." matches
     * "mail.example.com" and "2001:DB8:0::1" matches "2001:db8::1". TXT is compared as written:
     * its content is case-sensitive (verification tokens, DKIM keys).
     */
    static String normalizeExpected(String recordType, String expected) {
        if (expected == null || expected.isBlank()) {
            throw new IllegalArgumentException("an expected answer is empty");
        }
        String text = expected.strip();
        return switch (recordType) {
            case "A", "AAAA" -> {
                InetAddress address = DnsLookup.literal(text);
                boolean v4 = address != null && address.getAddress().length == 4;
                if (address == null || v4 != recordType.equals("A")) {
                    throw new IllegalArgumentException("'" + expected + "' is not an " + (recordType.equals("A") ? "IPv4" : "IPv6") + " address, as " + recordType + " answers are");
                }
                yield DnsLookup.text(address);
            }
            case "CNAME", "NS", "SOA" -> expectedName(expected, text);
            case "MX" -> {
                String[] parts = text.split("\\s+");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("'" + expected + "' must be an MX answer written as 'priority host', e.g. '10 mail.example.com'");
                }
                int priority;
                try {
                    priority = Integer.parseInt(parts[0]);
                } catch (NumberFormatException e) {
                    priority = -1;
                }
                if (priority < 0 || priority > 65535) {
                    throw new IllegalArgumentException("'" + expected + "' must start with a priority of 0-65535, e.g. '10 mail.example.com'");
                }
                yield priority + " " + expectedName(expected, parts[1]);
            }
            case "TXT" -> expected;
            default -> throw new IllegalArgumentException("unsupported record type " + recordType);
        };
    }

    private static String expectedName(String expected, String name) {
        try {
            return nameText(queryName(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expected + "' is not a valid DNS name: " + e.getMessage());
        }
    }
}
