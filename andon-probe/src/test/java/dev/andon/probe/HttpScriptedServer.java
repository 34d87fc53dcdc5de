package dev.andon.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server on 127.0.0.1 that answers each connection with a script writing raw bytes: for
 * what a well-behaved HTTP server never does (garbage, dripping, lying lengths, huge bodies). It
 * records every request exactly as it arrived.
 */
final class HttpScriptedServer implements AutoCloseable {

    /** What the server does with one connection once the request (if any) has been read. */
    @FunctionalInterface
    interface Script {
        void answer(OutputStream output) throws Exception;
    }

    private final ServerSocket serverSocket;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private HttpScriptedServer(boolean readRequest, Script script) throws IOException {
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!serverSocket.isClosed()) {
                try {
                    Socket connection = serverSocket.accept();
                    connections.add(connection);
                    Thread.ofVirtual().start(() -> serve(connection, readRequest, script));
                } catch (IOException e) {
                    // Closed: the test is over.
                }
            }
        });
    }

    /** Reads each HTTP request (head and Content-Length body), then runs the script. */
    static HttpScriptedServer answering(Script script) throws IOException {
        return new HttpScriptedServer(true, script);
    }

    /** Runs the script as soon as a connection opens, reading nothing: for peers that are not HTTP servers. */
    static HttpScriptedServer speakingFirst(Script script) throws IOException {
        return new HttpScriptedServer(false, script);
    }

    /** A script that writes {@code response} at once. */
    static Script respond(String response) {
        return output -> output.write(response.getBytes(StandardCharsets.UTF_8));
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** Every request received so far, head and body, decoded as UTF-8. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void serve(Socket connection, boolean readRequest, Script script) {
        try (connection) {
            if (readRequest) {
                requests.add(readRequest(connection.getInputStream()));
            }
            OutputStream output = connection.getOutputStream();
            script.answer(output);
            output.flush();
            if (readRequest) {
                // Closing with nothing left unread sends a FIN rather than a reset.
                connection.shutdownOutput();
            }
        } catch (Exception e) {
            // The probe hung up first (a timeout or a capped body): expected in these tests.
        }
    }

    private static String readRequest(InputStream input) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        while (!request.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = input.read();
            if (b < 0) {
                return request.toString(StandardCharsets.UTF_8);
            }
            request.write(b);
        }
        String head = request.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int at = head.indexOf("\r\ncontent-length:");
        if (at >= 0) {
            int end = head.indexOf("\r\n", at + 2);
            int length = Integer.parseInt(head.substring(at + "\r\ncontent-length:".length(), end).strip());
            request.write(input.readNBytes(length));
        }
        return request.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }
}
