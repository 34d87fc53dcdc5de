package dev.andon.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real TCP (or TLS) server on 127.0.0.1 and an ephemeral port that serves each connection with
 * the given handler on its own virtual thread; closing it closes every connection too.
 */
final class TcpTestServer implements AutoCloseable {

    /** What the server does with one accepted connection. */
    interface Handler {
        void handle(Socket socket) throws Exception;
    }

    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    TcpTestServer(ServerSocket server, Handler handler) {
        this.server = server;
        Thread.ofPlatform().daemon().name("tcp-test-server-" + server.getLocalPort()).start(() -> {
            while (!server.isClosed()) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException closed) {
                    return;
                }
                connections.add(socket);
                Thread.ofVirtual().start(() -> {
                    try (socket) {
                        handler.handle(socket);
                    } catch (Exception ignored) {
                        // The probe hanging up early is part of several tests.
                    }
                });
            }
        });
    }

    /** A plain TCP server on 127.0.0.1. */
    static TcpTestServer start(Handler handler) throws IOException {
        return new TcpTestServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), handler);
    }

    /** Accepts and then says nothing until the client hangs up: the peer probes must not wait for. */
    static TcpTestServer silent() throws IOException {
        return start(TcpTestServer::readUntilClosed);
    }

    static void readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1024];
        while (in.read(buffer) >= 0) {
            // discard
        }
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
    }
}
