package dev.andon.server.access;

import static dev.andon.server.jooq.Tables.API_TOKENS;
import static dev.andon.server.jooq.Tables.USERS;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.User;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * API tokens: random, shown once, stored only as a SHA-256 hash (they carry 256 bits of entropy, so
 * a slow hash adds nothing), scoped read or write, revocable.
 */
@Component
public class ApiTokens {
    public static final String PREFIX = "andon_";
    public static final List<String> SCOPES = List.of("read", "write");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final DSLContext sql;
    private final EventLog events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public ApiTokens(DSLContext sql, EventLog events, TransactionTemplate transactions, Clock clock) {
        this.sql = sql;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A token as listed: never its secret. */
    public record TokenInfo(long id, String username, String name, String prefix, List<String> scopes,
                            Instant createdAt, Instant lastUsedAt, Instant revokedAt) {}

    /** A token just created: the only time its secret is seen. */
    public record CreatedToken(TokenInfo info, String token) {}

    /** Who a valid token speaks for. */
    public record Bearer(String username, User.Role role, List<String> scopes, long tokenId) {}

    public CreatedToken create(String username, String name, List<String> scopes) {
        if (name == null || name.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, "name", "give the token a name that says where it is used, e.g. 'ci-apply'");
        }
        List<String> granted = scopes == null || scopes.isEmpty() ? List.of("read") : scopes.stream().distinct().toList();
        for (String scope : granted) {
            if (!SCOPES.contains(scope)) {
                throw new CatalogException(CatalogException.Code.INVALID, "scopes", "unknown scope '" + scope + "': use read and/or write");
            }
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return transactions.execute(status -> {
            Long userId = sql.select(USERS.ID).from(USERS).where(USERS.USERNAME.eq(username)).fetchOne(USERS.ID);
            if (userId == null) {
                throw new CatalogException(CatalogException.Code.NOT_FOUND, "username", "no user '" + username + "'");
            }
            long id = sql.insertInto(API_TOKENS)
                    .set(API_TOKENS.USER_ID, userId)
                    .set(API_TOKENS.NAME, name)
                    .set(API_TOKENS.TOKEN_HASH, hash(token))
                    .set(API_TOKENS.TOKEN_PREFIX, token.substring(0, PREFIX.length() + 6))
                    .set(API_TOKENS.SCOPES, granted.toArray(String[]::new))
                    .set(API_TOKENS.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .returning(API_TOKENS.ID).fetchOne(API_TOKENS.ID);
            events.append(Event.of(clock.instant(), username, "token.created", "user", username, null,
                    JSON.writeValueAsString(java.util.Map.of("token", name, "scopes", granted))));
            return new CreatedToken(find(id).orElseThrow(), token);
        });
    }

    /** The owner of a valid, unrevoked token; records when it was last used (at most once a minute). */
    public Optional<Bearer> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        var row = sql.select(API_TOKENS.ID, USERS.USERNAME, USERS.ROLE, API_TOKENS.SCOPES, API_TOKENS.LAST_USED_AT)
                .from(API_TOKENS).join(USERS).on(USERS.ID.eq(API_TOKENS.USER_ID))
                .where(API_TOKENS.TOKEN_HASH.eq(hash(token)).and(API_TOKENS.REVOKED_AT.isNull()))
                .fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (row.value5() == null || row.value5().toInstant().isBefore(now.minus(Duration.ofMinutes(1)))) {
            sql.update(API_TOKENS).set(API_TOKENS.LAST_USED_AT, now.atOffset(ZoneOffset.UTC)).where(API_TOKENS.ID.eq(row.value1())).execute();
        }
        return Optional.of(new Bearer(row.value2(), User.Role.parse(row.value3()), List.of(row.value4()), row.value1()));
    }

    public List<TokenInfo> list(String username) {
        return sql.select(API_TOKENS.ID).from(API_TOKENS).join(USERS).on(USERS.ID.eq(API_TOKENS.USER_ID))
                .where(USERS.USERNAME.eq(username)).orderBy(API_TOKENS.ID.desc())
                .fetch(API_TOKENS.ID).stream().map(id -> find(id).orElseThrow()).toList();
    }

    public Optional<TokenInfo> find(long id) {
        return sql.select(API_TOKENS.ID, USERS.USERNAME, API_TOKENS.NAME, API_TOKENS.TOKEN_PREFIX, API_TOKENS.SCOPES,
                        API_TOKENS.CREATED_AT, API_TOKENS.LAST_USED_AT, API_TOKENS.REVOKED_AT)
                .from(API_TOKENS).join(USERS).on(USERS.ID.eq(API_TOKENS.USER_ID))
                .where(API_TOKENS.ID.eq(id))
                .fetchOptional(row -> new TokenInfo(row.value1(), row.value2(), row.value3(), row.value4(), List.of(row.value5()),
                        row.value6().toInstant(), row.value7() == null ? null : row.value7().toInstant(),
                        row.value8() == null ? null : row.value8().toInstant()));
    }

    /** Revokes a token of {@code username}'s (or anyone's, for an admin). */
    public void revoke(String actor, boolean actorIsAdmin, long id) {
        transactions.execute(status -> {
            TokenInfo token = find(id).filter(info -> actorIsAdmin || info.username().equals(actor))
                    .orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "id", "no token " + id));
            sql.update(API_TOKENS).set(API_TOKENS.REVOKED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .where(API_TOKENS.ID.eq(id).and(API_TOKENS.REVOKED_AT.isNull())).execute();
            events.append(Event.of(clock.instant(), actor, "token.revoked", "user", token.username(), null,
                    JSON.writeValueAsString(java.util.Map.of("token", token.name()))));
            return null;
        });
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
