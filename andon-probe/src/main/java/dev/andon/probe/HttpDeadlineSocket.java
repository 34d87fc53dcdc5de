package dev.andon.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A client socket whose connect and reads all end at one instant. Before each read the time left
 * becomes the read timeout, so a peer dripping a byte at a time cannot hold a probe past its
 * deadline; TLS layered on this socket reads through it too, which bounds the handshake as well.
 */
final class HttpDeadlineSocket extends Socket {
    private final long deadlineNanos;
    private InputStream input;

    /** @param deadlineNanos the end, on the {@link System#nanoTime()} scale */
    HttpDeadlineSocket(long deadlineNanos) {
        // A probe measures the path to the server itself: no SOCKS proxy, and no proxy selector consulted on every connect.
        super(Proxy.NO_PROXY);
        this.deadlineNanos = deadlineNanos;
    }

    void connectBeforeDeadline(InetSocketAddress address) throws IOException {
        connect(address, remainingMillis());
    }

    @Override
    public InputStream getInputStream() throws IOException {
        InputStream current = input;
        if (current == null) {
            current = new DeadlineInputStream(super.getInputStream());
            input = current;
        }
        return current;
    }

    /** The time left in whole milliseconds, at least 1 (0 would mean "no timeout" to the socket API). */
    private int remainingMillis() throws SocketTimeoutException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("deadline reached");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000));
    }

    private final class DeadlineInputStream extends InputStream {
        private final InputStream socketInput;

        DeadlineInputStream(InputStream socketInput) {
            this.socketInput = socketInput;
        }

        @Override
        public int read() throws IOException {
            setSoTimeout(remainingMillis());
            return socketInput.read();
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            setSoTimeout(remainingMillis());
            return socketInput.read(bytes, offset, length);
        }

        @Override
        public int available() throws IOException {
            return socketInput.available();
        }

        @Override
        public void close() throws IOException {
            socketInput.close();
        }
    }
}
