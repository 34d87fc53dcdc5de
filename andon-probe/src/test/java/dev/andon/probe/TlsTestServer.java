package dev.andon.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** A real TLS server on 127.0.0.1 presenting a test certificate; it records the SNI names clients send. */
final class TlsTestServer implements AutoCloseable {
    final List<String> serverNamesSeen = new CopyOnWriteArrayList<>();
    private final TcpTestServer server;

    /** {@code protocols} limits what the server speaks, e.g. only TLSv1.2; none means the JDK's defaults. */
    TlsTestServer(TestCertificates.Issued certificate, String... protocols) throws IOException {
        SSLServerSocket socket = (SSLServerSocket) certificate.serverContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setSNIMatchers(List.of(new SNIMatcher(0) {
            @Override
            public boolean matches(SNIServerName name) {
                serverNamesSeen.add(((SNIHostName) name).getAsciiName());
                return true;
            }
        }));
        socket.setSSLParameters(parameters);
        server = new TcpTestServer(socket, connection -> {
            ((SSLSocket) connection).startHandshake();
            TcpTestServer.readUntilClosed(connection);
        });
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
