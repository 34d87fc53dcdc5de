package dev.andon.server.access;

import dev.andon.server.AndonProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The server's own key: encrypts credentials Andon must read back to use (webhook URLs of Slack and
 * Teams, webhook signing secrets) with AES-GCM, and signs one-click links with HMAC-SHA256. The key
 * is {@code andon.secret-key} (base64 of 32 bytes; every node of a cluster needs the same one) or,
 * when unset, a key generated once into {@code secret.key} in the data directory (mode 0600). It is
 * never stored in the database, so a copy of the database alone does not reveal those credentials.
 */
@Component
public class SecretBox {
    private static final String PREFIX = "enc:v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] encryptionKey;
    private final byte[] signingKey;

    @Autowired
    public SecretBox(AndonProperties properties, org.springframework.core.env.Environment environment) {
        this(key(environment.getProperty("andon.secret-key"), properties.dataDir()));
    }

    public SecretBox(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the secret key must be 32 bytes");
        }
        // Two keys derived from one, so a signature can never be confused with a ciphertext.
        encryptionKey = derive(key, "andon encryption");
        signingKey = derive(key, "andon signing");
    }

    /** Text as stored: "enc:v1:" + base64(nonce + ciphertext); null stays null. */
    public String encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("AES-GCM is not available", impossible);
        }
    }

    /** The plain text of {@link #encrypt}; text that was never encrypted is returned as it is. */
    public String decrypt(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new GCMParameterSpec(128, in, 0, 12));
            return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException wrongKey) {
            throw new IllegalStateException("a stored credential cannot be decrypted: was andon.secret-key (or secret.key in the data "
                    + "directory) changed?", wrongKey);
        }
    }

    /** HMAC-SHA256 of the text under the signing key, base64url without padding. */
    public String sign(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(signingKey, text.getBytes(StandardCharsets.UTF_8)));
    }

    public boolean verify(String text, String signature) {
        return MessageDigest.isEqual(sign(text).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] derive(byte[] key, String purpose) {
        return hmac(key, purpose.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is not available", impossible);
        }
    }

    static byte[] key(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(configured.strip());
            } catch (IllegalArgumentException notBase64) {
                throw new IllegalStateException("andon.secret-key (ANDON_SECRET_KEY) must be base64 of 32 random bytes, such as the "
                        + "output of: openssl rand -base64 32");
            }
            if (key.length < 32) {
                throw new IllegalStateException("andon.secret-key (ANDON_SECRET_KEY) must be at least 32 bytes; it is " + key.length);
            }
            return key;
        }
        Path file = dataDir.resolve("secret.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Path temporary = dataDir.resolve("secret.key.new");
                Files.deleteIfExists(temporary);
                try {
                    // Created private, so the key is never readable by others, not even for a moment.
                    Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createFile(temporary); // Windows: the data directory's own permissions protect it.
                }
                Files.write(temporary, Base64.getEncoder().encode(fresh), StandardOpenOption.TRUNCATE_EXISTING);
                Files.move(temporary, file);
            }
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read or create " + file + " (the key that protects stored credentials)", unreadable);
        }
    }
}
