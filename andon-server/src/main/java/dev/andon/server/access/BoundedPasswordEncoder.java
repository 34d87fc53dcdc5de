package dev.andon.server.access;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Argon2 costs 16 MB of heap and tens of milliseconds per check, and virtual threads put no limit
 * on how many run at once: a burst of login attempts could exhaust the heap. This lets a few
 * checks run together and makes the rest wait briefly, then refuses them.
 */
public class BoundedPasswordEncoder implements PasswordEncoder {
    private final PasswordEncoder delegate;
    private final Semaphore permits;

    public BoundedPasswordEncoder(PasswordEncoder delegate, int concurrent) {
        this.delegate = delegate;
        this.permits = new Semaphore(concurrent, true);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return guarded(() -> delegate.encode(rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        return guarded(() -> delegate.matches(rawPassword, encodedPassword));
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private <T> T guarded(java.util.function.Supplier<T> work) {
        try {
            if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new AuthenticationServiceException("too many sign-in attempts at once; try again in a moment");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationServiceException("interrupted");
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }
}
