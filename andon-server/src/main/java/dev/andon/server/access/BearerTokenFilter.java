package dev.andon.server.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import dev.andon.server.checks.Agents;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in requests that carry {@code Authorization: Bearer andon_...}. A bad or revoked token is
 * refused outright (401), never silently treated as anonymous. Agent tokens ({@code andon_agent_...})
 * sign in a remote probe agent for its location.
 */
public class BearerTokenFilter extends OncePerRequestFilter {
    /** The authority of a remote probe agent; the principal's name is {@code agent:<location>}. */
    public static final String AGENT_AUTHORITY = "AGENT";
    public static final String AGENT_PREFIX = "agent:";

    private final ApiTokens tokens;
    private final Agents agents;

    public BearerTokenFilter(ApiTokens tokens, Agents agents) {
        this.tokens = tokens;
        this.agents = agents;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        String token = header.substring(7).trim();
        if (token.startsWith(Agents.TOKEN_PREFIX)) {
            Optional<String> location = agents.authenticate(token, request.getRemoteAddr(), request.getHeader("User-Agent"));
            if (location.isEmpty()) {
                Problems.write(response, 401, "unauthenticated", "Invalid agent token",
                        "The agent token is unknown or was rotated. Create or rotate the location's token on the agents page (/agents).");
                return;
            }
            // An agent may only use the agent endpoints: it gets no read or write scope.
            signIn(new UsernamePasswordAuthenticationToken(AGENT_PREFIX + location.get(), null,
                    List.of(new SimpleGrantedAuthority(AGENT_AUTHORITY))), request, response, chain);
            return;
        }
        Optional<ApiTokens.Bearer> bearer = tokens.authenticate(token);
        if (bearer.isEmpty()) {
            Problems.write(response, 401, "unauthenticated", "Invalid token",
                    "The bearer token is unknown or revoked. Create a token on your profile page (/profile) or with POST /api/v1/tokens.");
            return;
        }
        signIn(new UsernamePasswordAuthenticationToken(bearer.get().username(), null,
                Accounts.authorities(bearer.get().role(), bearer.get().scopes())), request, response, chain);
    }

    private static void signIn(UsernamePasswordAuthenticationToken authentication, HttpServletRequest request, HttpServletResponse response,
                               FilterChain chain) throws ServletException, IOException {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
