package dev.andon.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Address;

/**
 * Resolves a host name through the system resolver (hosts file, search domains, nsswitch), as the
 * checked clients would, but gives up at a deadline: the JVM's own lookup cannot be interrupted.
 */
final class DnsLookup {

    private DnsLookup() {
    }

    /**
     * All addresses of {@code host}, in the JVM's preference order. An IP literal is returned
     * without any lookup. The lookup runs on a virtual thread so that a resolver which hangs
     * costs the caller no more than the time left; the thread finishes on its own later.
     */
    static InetAddress[] resolve(String host, long deadlineNanos) throws UnknownHostException, TimeoutException {
        InetAddress literal = literal(host);
        if (literal != null) {
            return new InetAddress[] {literal};
        }
        CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
        Thread.ofVirtual().name("andon-dns-lookup").start(() -> {
            try {
                lookup.complete(InetAddress.getAllByName(host));
            } catch (Throwable e) {
                lookup.completeExceptionally(e);
            }
        });
        try {
            return lookup.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new UnknownHostException(host + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        }
    }

    /** The address written by {@code text} if it is an IPv4 or IPv6 literal, else null; never a lookup. */
    static InetAddress literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        byte[] bytes = Address.toByteArray(bare, Address.IPv4);
        if (bytes == null) {
            bytes = Address.toByteArray(bare, Address.IPv6);
        }
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * The address as people write it: dotted quad, or IPv6 in the RFC 5952 short form
     * ({@code 2001:db8::1}, not the JDK's {@code 2001:db8:0:0:0:0:0:1}), so that answers from
     * different places and expected values written by hand compare equal.
     */
    static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups (the first one on a tie) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int end = i;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - i > bestLength) {
                bestStart = i;
                bestLength = end - i;
            }
            i = end;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** {@code host:port}, with brackets around IPv6 addresses. */
    static String text(InetAddress address, int port) {
        String host = text(address);
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }

    /** The sorted, comma-joined addresses, the form of the {@code dns.answer} observation. */
    static String answer(InetAddress[] addresses) {
        return String.join(",", Arrays.stream(addresses).map(DnsLookup::text).sorted().distinct().toList());
    }
}
