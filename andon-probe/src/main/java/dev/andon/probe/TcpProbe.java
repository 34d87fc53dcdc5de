package dev.andon.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link TcpSpec}: resolves, connects, then optionally sends a line and reads the answer,
 * timing each phase. Its resolve and connect steps are the first half of the TLS probe too.
 */
final class TcpProbe {
    /** The most of a banner or answer that is read; enough for any greeting, small enough to keep. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    /** The longest {@code tcp.banner} observation. */
    private static final int MAX_BANNER_CHARS = 200;

    /**
     * Closes sockets whose probe ran out of time. A read timeout applies to each read, so a peer
     * that trickles a byte now and then could otherwise keep a probe going well past its timeout.
     */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private TcpProbe() {
    }

    static ProbeResult run(TcpSpec spec, Duration timeout) {
        ProbeResult.Builder result = ProbeResult.builder();
        long deadline = deadline(timeout);
        try (Socket socket = connect(spec.host(), spec.port(), deadline, result);
             Watch watch = closeAtDeadline(socket, deadline)) {
            String address = DnsLookup.text(socket.getInetAddress(), spec.port());
            if (spec.send() == null && spec.expect() == null) {
                return result.up("connected to " + address);
            }
            return exchange(spec, socket, deadline, result);
        } catch (Failed failed) {
            return failed.result;
        } catch (IOException | RuntimeException e) {
            // Only closing can land here: every step before reports its own failure.
            return result.down(Phase.CONNECT, "TCP error: " + describe(e));
        }
    }

    private static ProbeResult exchange(TcpSpec spec, Socket socket, long deadline, ProbeResult.Builder result) {
        byte[] answer = new byte[MAX_ANSWER_BYTES];
        int length = 0;
        String ending = null;
        try {
            if (spec.send() != null) {
                OutputStream out = socket.getOutputStream();
                String line = spec.send().endsWith("\n") ? spec.send() : spec.send() + "\r\n";
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            InputStream in = socket.getInputStream();
            while (length < answer.length) {
                socket.setSoTimeout(millisLeft(deadline));
                int read = in.read(answer, length, answer.length - length);
                if (read < 0) {
                    ending = "the peer closed the connection";
                    break;
                }
                length += read;
                String text = new String(answer, 0, length, StandardCharsets.UTF_8);
                // Without an expectation the first line is the answer; with one, read until it shows up.
                if (spec.expect() == null ? text.indexOf('\n') >= 0 : text.contains(spec.expect())) {
                    break;
                }
            }
            if (length == answer.length) {
                ending = "stopped reading at 64 KiB";
            }
        } catch (IOException e) {
            ending = timedOut(e, deadline) ? "timed out" : "read failed: " + describe(e);
        }
        String text = new String(answer, 0, length, StandardCharsets.UTF_8);
        if (length == 0) {
            String why = ending == null ? "no answer" : ending;
            return result.down(Phase.FIRST_BYTE, "no answer from the peer (" + why + ")");
        }
        result.phase(Phase.FIRST_BYTE);
        String banner = firstLine(text);
        result.observe("tcp.banner", banner);
        if (spec.expect() != null) {
            if (!text.contains(spec.expect())) {
                return result.down(Phase.ASSERTION, "answer does not contain '" + spec.expect() + "' (got '" + banner + "'"
                        + (ending == null ? "" : ", " + ending) + ")");
            }
            result.phase(Phase.ASSERTION);
            return result.up("answer contains '" + spec.expect() + "'");
        }
        return result.up("answered '" + banner + "'");
    }

    /**
     * Resolves {@code host} and connects to its first address, recording the dns and connect
     * phases and the {@code dns.answer} and {@code tcp.address} observations.
     */
    static Socket connect(String host, int port, long deadline, ProbeResult.Builder result) throws Failed {
        InetAddress address = resolve(host, deadline, result);
        String target = DnsLookup.text(address, port);
        result.observe("tcp.address", target);
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, port), millisLeft(deadline));
            result.phase(Phase.CONNECT);
            return socket;
        } catch (IOException e) {
            close(socket);
            String why = e instanceof SocketTimeoutException ? "timed out" : "failed: " + describe(e);
            throw new Failed(result.down(Phase.CONNECT, "connect to " + target + " " + why));
        }
    }

    /** The first address of {@code host}, recording the dns phase and the {@code dns.answer} observation. */
    static InetAddress resolve(String host, long deadline, ProbeResult.Builder result) throws Failed {
        try {
            InetAddress[] addresses = DnsLookup.resolve(host, deadline);
            result.phase(Phase.DNS);
            result.observe("dns.answer", DnsLookup.answer(addresses));
            return addresses[0];
        } catch (UnknownHostException e) {
            throw new Failed(result.down(Phase.DNS, "DNS: cannot resolve " + host));
        } catch (TimeoutException e) {
            throw new Failed(result.down(Phase.DNS, "DNS: no answer for " + host + " in time"));
        }
    }

    static long deadline(Duration timeout) {
        return System.nanoTime() + Math.max(1, timeout.toNanos());
    }

    /** What is left until the deadline, rounded up and at least 1 ms, since 0 means "wait forever" to sockets. */
    static int millisLeft(long deadline) {
        long nanos = deadline - System.nanoTime();
        return (int) Math.clamp((nanos + 999_999) / 1_000_000, 1, Integer.MAX_VALUE);
    }

    static boolean timedOut(IOException e, long deadline) {
        return e instanceof SocketTimeoutException || System.nanoTime() - deadline >= 0;
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "andon-probe-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        // Most probes finish early; their cancelled alarms should not wait in the queue until the deadline.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Closes {@code socket} at the deadline unless the returned watch is closed first. */
    static Watch closeAtDeadline(Socket socket, long deadline) {
        ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> close(socket), deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        return () -> alarm.cancel(false);
    }

    /** The first line of an answer, without control characters and at most 200 characters long. */
    static String firstLine(String text) {
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        // A CR before the LF is part of the line ending, not of the banner.
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        StringBuilder clean = new StringBuilder();
        line.codePoints().limit(MAX_BANNER_CHARS).forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '.' : c));
        return clean.toString();
    }

    /** A failure's own message, or its kind when it has none (PortUnreachableException has none). */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is cleanup; the verdict is already decided.
        }
    }

    /** Cancels a pending close-at-deadline. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** Ends a probe early with the DOWN result that describes why. */
    static final class Failed extends Exception {
        final ProbeResult result;

        Failed(ProbeResult result) {
            super(result.message(), null, false, false);
            this.result = result;
        }
    }
}
