package dev.andon.server.checks;

import static dev.andon.server.jooq.Tables.AGENTS;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.Slug;
import dev.andon.checks.Check;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.server.access.ApiTokens;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Remote vantage points. Each location has one agent token, shown once and stored as a SHA-256
 * hash; an agent may only fetch its location's assignments and upload its results.
 */
@Component
public class Agents {
    public static final String TOKEN_PREFIX = "andon_agent_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration SEEN_RESOLUTION = Duration.ofSeconds(15);

    private final DSLContext sql;
    private final EventLog events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Map<String, Instant> lastRecordedSeen = new ConcurrentHashMap<>();

    public Agents(DSLContext sql, EventLog events, TransactionTemplate transactions, Clock clock) {
        this.sql = sql;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** An agent as listed: never its token. */
    public record AgentInfo(String location, String description, String tokenPrefix, Instant createdAt, Instant lastSeenAt,
                            String lastAddress, String version) {}

    /** A location just created, with the only copy of its token. */
    public record CreatedAgent(AgentInfo agent, String token) {}

    public CreatedAgent create(String actor, String location, String description) {
        String problem = Slug.problem(location);
        if (problem != null) {
            throw new CatalogException(CatalogException.Code.INVALID, "location", problem);
        }
        if (Check.LOCAL.equals(location)) {
            throw new CatalogException(CatalogException.Code.INVALID, "location", "'local' is the server's own location; pick another name");
        }
        String token = newToken();
        return transactions.execute(status -> {
            if (sql.fetchExists(AGENTS, AGENTS.LOCATION.eq(location))) {
                throw new CatalogException(CatalogException.Code.CONFLICT, "location", "location '" + location + "' already has an agent token; rotate it instead");
            }
            sql.insertInto(AGENTS).set(AGENTS.LOCATION, location).set(AGENTS.DESCRIPTION, description == null ? "" : description)
                    .set(AGENTS.TOKEN_HASH, ApiTokens.hash(token)).set(AGENTS.TOKEN_PREFIX, token.substring(0, TOKEN_PREFIX.length() + 4))
                    .execute();
            events.append(Event.of(clock.instant(), actor, "agent.created", "agent", location, null, "{\"location\":\"" + location + "\"}"));
            return new CreatedAgent(find(location).orElseThrow(), token);
        });
    }

    /** A new token for the location; the old one stops working at once. */
    public CreatedAgent rotate(String actor, String location) {
        String token = newToken();
        return transactions.execute(status -> {
            int updated = sql.update(AGENTS).set(AGENTS.TOKEN_HASH, ApiTokens.hash(token))
                    .set(AGENTS.TOKEN_PREFIX, token.substring(0, TOKEN_PREFIX.length() + 4)).where(AGENTS.LOCATION.eq(location)).execute();
            if (updated == 0) {
                throw new CatalogException(CatalogException.Code.NOT_FOUND, "location", "no agent for location '" + location + "'");
            }
            events.append(Event.of(clock.instant(), actor, "agent.token-rotated", "agent", location, null, null));
            return new CreatedAgent(find(location).orElseThrow(), token);
        });
    }

    public void delete(String actor, String location) {
        transactions.executeWithoutResult(status -> {
            if (sql.deleteFrom(AGENTS).where(AGENTS.LOCATION.eq(location)).execute() == 0) {
                throw new CatalogException(CatalogException.Code.NOT_FOUND, "location", "no agent for location '" + location + "'");
            }
            events.append(Event.of(clock.instant(), actor, "agent.deleted", "agent", location, null, null));
        });
    }

    public List<AgentInfo> all() {
        return sql.selectFrom(AGENTS).orderBy(AGENTS.LOCATION).fetch(Agents::toInfo);
    }

    public Optional<AgentInfo> find(String location) {
        return sql.selectFrom(AGENTS).where(AGENTS.LOCATION.eq(location)).fetchOptional(Agents::toInfo);
    }

    /** The location a token speaks for; records when and from where the agent was last seen. */
    public Optional<String> authenticate(String token, String address, String version) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        Optional<String> location = sql.select(AGENTS.LOCATION).from(AGENTS)
                .where(AGENTS.TOKEN_HASH.eq(ApiTokens.hash(token))).and(AGENTS.REVOKED_AT.isNull()).fetchOptional(AGENTS.LOCATION);
        location.ifPresent(found -> {
            Instant now = clock.instant();
            Instant last = lastRecordedSeen.get(found);
            // Writing on every request would be a write per poll; a coarse "last seen" is enough.
            if (last == null || Duration.between(last, now).compareTo(SEEN_RESOLUTION) > 0) {
                lastRecordedSeen.put(found, now);
                sql.update(AGENTS).set(AGENTS.LAST_SEEN_AT, now.atOffset(ZoneOffset.UTC)).set(AGENTS.LAST_ADDRESS, address)
                        .set(AGENTS.VERSION, version).where(AGENTS.LOCATION.eq(found)).execute();
            }
        });
        return location;
    }

    private static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static AgentInfo toInfo(dev.andon.server.jooq.tables.records.AgentsRecord row) {
        return new AgentInfo(row.getLocation(), row.getDescription(), row.getTokenPrefix(), row.getCreatedAt().toInstant(),
                row.getLastSeenAt() == null ? null : row.getLastSeenAt().toInstant(), row.getLastAddress(), row.getVersion());
    }
}
