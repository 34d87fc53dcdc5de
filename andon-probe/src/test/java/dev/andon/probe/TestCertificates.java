package dev.andon.probe;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed server certificates made in memory for TLS tests, for any host name or IP address
 * and any validity window (expired, expiring in 3 days, valid for 200...), with no files.
 */
final class TestCertificates {
    private static final char[] PASSWORD = "test".toCharArray();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestCertificates() {
    }

    /** A certificate and its key, ready to serve or to trust. */
    record Issued(X509Certificate certificate, KeyStore keyStore) {

        /** A server context presenting this certificate. */
        SSLContext serverContext() {
            try {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore, PASSWORD);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A trust store holding only this certificate, so that its chain counts as valid. */
        X509TrustManager trustManager() {
            try {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                trusted.setCertificateEntry("trusted", certificate);
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trusted);
                for (TrustManager manager : factory.getTrustManagers()) {
                    if (manager instanceof X509TrustManager x509) {
                        return x509;
                    }
                }
                throw new IllegalStateException("no X509TrustManager");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Valid since yesterday, for {@code validFor} from now. */
    static Issued validFor(String name, Duration validFor) {
        Instant now = Instant.now();
        return selfSigned(name, now.minus(Duration.ofDays(1)), now.plus(validFor));
    }

    /** Expired {@code ago}. */
    static Issued expired(String name, Duration ago) {
        Instant now = Instant.now();
        return selfSigned(name, now.minus(Duration.ofDays(90)), now.minus(ago));
    }

    /** Valid only from {@code from} from now. */
    static Issued notYetValid(String name, Duration from) {
        Instant now = Instant.now();
        return selfSigned(name, now.plus(from), now.plus(from).plus(Duration.ofDays(90)));
    }

    /**
     * A self-signed EC P-256 certificate (fast to make) whose subject alternative name is
     * {@code name}: an iPAddress entry for an IP literal, a dNSName entry otherwise.
     */
    static Issued selfSigned(String name, Instant notBefore, Instant notAfter) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + name + ",O=Andon tests");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
            GeneralName alternativeName = DnsLookup.literal(name) != null
                    ? new GeneralName(GeneralName.iPAddress, name)
                    : new GeneralName(GeneralName.dNSName, name);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeName));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", keys.getPrivate(), PASSWORD, new Certificate[] {certificate});
            return new Issued(certificate, store);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
