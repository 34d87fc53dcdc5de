package dev.andon.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An HTTPS server on 127.0.0.1 with a fresh self-signed certificate for localhost, kept in memory:
 * no JDK trust store knows it, which is what the verifyTls tests need.
 */
final class HttpsTestServer implements AutoCloseable {
    private static final char[] PASSWORD = "test".toCharArray();

    private final SSLServerSocket serverSocket;

    /** Starts serving {@code 200 OK} with {@code body} to every request. */
    HttpsTestServer(String body) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(selfSignedKeyStore(), PASSWORD);
        context.init(keyManagers.getKeyManagers(), null, null);
        serverSocket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        byte[] response = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
        Thread.ofVirtual().start(() -> {
            while (!serverSocket.isClosed()) {
                try {
                    Socket connection = serverSocket.accept();
                    Thread.ofVirtual().start(() -> answer(connection, response));
                } catch (IOException e) {
                    // Closed: the test is over.
                }
            }
        });
    }

    URI url(String path) {
        return URI.create("https://localhost:" + serverSocket.getLocalPort() + path);
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private static void answer(Socket connection, byte[] response) {
        try (connection) {
            InputStream input = connection.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            // The request head ends with an empty line; the probe's requests here have no body.
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = input.read();
                if (b < 0) {
                    return;
                }
                head.write(b);
            }
            OutputStream output = connection.getOutputStream();
            output.write(response);
            output.flush();
        } catch (IOException e) {
            // A client that refused the certificate aborts the handshake: nothing to answer.
        }
    }

    private static KeyStore selfSignedKeyStore() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair keyPair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name, keyPair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", keyPair.getPrivate(), PASSWORD, new Certificate[] {certificate});
        return keyStore;
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
