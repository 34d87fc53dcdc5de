package dev.andon.server.access;

import static dev.andon.server.jooq.Tables.USERS;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.User;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.server.AndonProperties;
import dev.andon.server.catalog.CatalogService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Local accounts: passwords hashed with Argon2, the first admin created on first start, and the
 * lookup Spring Security signs people in with.
 */
@Component
public class Accounts implements UserDetailsService {
    static final int MINIMUM_PASSWORD_LENGTH = 12;
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final DSLContext sql;
    private final PasswordEncoder passwords;
    private final CatalogService catalog;
    private final EventLog events;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher publisher;

    public Accounts(DSLContext sql, PasswordEncoder passwords, CatalogService catalog, EventLog events, Clock clock,
                    org.springframework.context.ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.sql = sql;
        this.passwords = passwords;
        this.catalog = catalog;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        var record = sql.selectFrom(USERS).where(USERS.USERNAME.eq(username)).fetchOne();
        if (record == null || record.getPasswordHash() == null) {
            throw new UsernameNotFoundException("no user with a password named " + username);
        }
        return org.springframework.security.core.userdetails.User.withUsername(record.getUsername())
                .password(record.getPasswordHash())
                .authorities(authorities(User.Role.parse(record.getRole()), List.of("read", "write")))
                .build();
    }

    static List<SimpleGrantedAuthority> authorities(User.Role role, List<String> scopes) {
        var authorities = new java.util.ArrayList<SimpleGrantedAuthority>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name()));
        scopes.forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
        return authorities;
    }

    /**
     * Creates the first admin when nobody can sign in yet. Returns the generated password, to be
     * printed once, or null when the password came from the configuration or an admin exists.
     */
    public String ensureAdmin(AndonProperties properties) {
        return catalog.inTransaction(() -> {
            boolean adminExists = sql.fetchExists(USERS, USERS.ROLE.eq("admin").and(USERS.PASSWORD_HASH.isNotNull()));
            if (adminExists) {
                return null;
            }
            String configured = properties.adminPassword();
            String password = configured == null || configured.isBlank() ? generatePassword() : configured;
            checkStrength(password);
            catalog.saveUser("andon", new User("admin", "Administrator", null, User.Role.ADMIN));
            setPasswordHash("admin", password);
            return configured == null || configured.isBlank() ? password : null;
        });
    }

    /** Sets a user's password; the event log records that it changed, never the password. */
    public void setPassword(String actor, String username, String password) {
        checkStrength(password);
        catalog.inTransaction(() -> {
            if (catalog.repository().user(username).isEmpty()) {
                throw new CatalogException(CatalogException.Code.NOT_FOUND, "username", "no user '" + username + "'");
            }
            setPasswordHash(username, password);
            events.append(Event.of(clock.instant(), actor, "user.password-changed", "user", username, null, null));
            publisher.publishEvent(new AccessChanged(username, username.equals(actor)));
            return null;
        });
    }

    private void setPasswordHash(String username, String password) {
        sql.update(USERS).set(USERS.PASSWORD_HASH, passwords.encode(password)).set(USERS.UPDATED_AT, OffsetDateTime.now())
                .where(USERS.USERNAME.eq(username)).execute();
    }

    static void checkStrength(String password) {
        if (password == null || password.length() < MINIMUM_PASSWORD_LENGTH) {
            throw new CatalogException(CatalogException.Code.INVALID, "password",
                    "a password needs at least " + MINIMUM_PASSWORD_LENGTH + " characters");
        }
    }

    static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
