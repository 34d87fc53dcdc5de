package dev.andon.server.paging;

import static dev.andon.server.jooq.Tables.USED_ACTION_LINKS;

import dev.andon.server.access.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * One-click acknowledge and resolve links: the token says which page, which action, for whom and
 * until when, signed with the server's key, so it needs no session and no lookup to check. A link
 * works once: its random id is recorded when used, in the same transaction as the action.
 */
@Component
public class ActionLinks {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a valid link allows. */
    public record Link(String id, long groupId, String action, String username, Instant expiresAt) {}

    /** Why a link cannot be used, said to the person who clicked it. */
    public enum Refusal { INVALID, EXPIRED, USED }

    public record Checked(Link link, Refusal refusal) {}

    private final SecretBox secrets;
    private final DSLContext sql;
    private final Clock clock;

    public ActionLinks(SecretBox secrets, DSLContext sql, Clock clock) {
        this.secrets = secrets;
        this.sql = sql;
        this.clock = clock;
    }

    /** A token for {@code action} ("acknowledge" or "resolve") on the group, in a notification sent to the user. */
    public String token(long groupId, String action, String username, Instant expiresAt) {
        byte[] random = new byte[9];
        RANDOM.nextBytes(random);
        String payload = String.join(".", HexFormat.of().formatHex(random), Long.toString(groupId), action,
                username == null ? "" : username, Long.toString(expiresAt.getEpochSecond()));
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + secrets.sign("action-link:" + encoded);
    }

    /** The link a token stands for, or why not; does not use it. */
    public Checked check(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0 || token.length() > 512 || !secrets.verify("action-link:" + token.substring(0, dot), token.substring(dot + 1))) {
            return new Checked(null, Refusal.INVALID);
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8).split("\\.", -1);
        } catch (IllegalArgumentException notBase64) {
            return new Checked(null, Refusal.INVALID);
        }
        if (parts.length != 5) {
            return new Checked(null, Refusal.INVALID);
        }
        Link link = new Link(parts[0], Long.parseLong(parts[1]), parts[2], parts[3].isEmpty() ? null : parts[3],
                Instant.ofEpochSecond(Long.parseLong(parts[4])));
        if (!clock.instant().isBefore(link.expiresAt())) {
            return new Checked(link, Refusal.EXPIRED);
        }
        boolean used = sql.fetchExists(USED_ACTION_LINKS, USED_ACTION_LINKS.LINK_ID.eq(link.id()));
        return new Checked(link, used ? Refusal.USED : null);
    }

    /** Marks the link used, in the caller's transaction; false when it already was (a double click, a second tab). */
    public boolean use(Link link, String usedBy) {
        return sql.insertInto(USED_ACTION_LINKS).set(USED_ACTION_LINKS.LINK_ID, link.id())
                .set(USED_ACTION_LINKS.USED_AT, clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .set(USED_ACTION_LINKS.USED_BY, usedBy).onConflictDoNothing().execute() == 1;
    }

    /** The link id of a token that checks out, for tests and logs; empty otherwise. */
    Optional<String> idOf(String token) {
        return Optional.ofNullable(check(token).link()).map(Link::id);
    }
}
