package dev.andon.server.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in requests that carry {@code Authorization: Bearer andon_...}. A bad or revoked token is
 * refused outright (401), never silently treated as anonymous.
 */
public class BearerTokenFilter extends OncePerRequestFilter {
    private final ApiTokens tokens;

    public BearerTokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiTokens.Bearer> bearer = tokens.authenticate(header.substring(7).trim());
        if (bearer.isEmpty()) {
            Problems.write(response, 401, "unauthenticated", "Invalid token",
                    "The bearer token is unknown or revoked. Create a token on your profile page (/profile) or with POST /api/v1/tokens.");
            return;
        }
        var authentication = new UsernamePasswordAuthenticationToken(bearer.get().username(), null,
                Accounts.authorities(bearer.get().role(), bearer.get().scopes()));
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
