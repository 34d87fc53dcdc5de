package dev.andon.server.access;

import jakarta.servlet.http.HttpServletRequest;
import dev.andon.server.checks.Agents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.session.jdbc.config.annotation.web.http.EnableJdbcHttpSession;

/**
 * Who may do what. Everything needs a signed-in user or an API token, except the short allowlist
 * below (health probes, the login page, static assets). Sessions live in PostgreSQL, so they work
 * across nodes and restarts. Tokens with only the read scope cannot change anything.
 */
@Configuration(proxyBeanMethods = false)
@EnableJdbcHttpSession
public class SecurityConfiguration {

    /** Routes anyone may call without signing in; AuthenticationCoverageTest checks every other route refuses anonymous calls. */
    public static final String[] PUBLIC_PATHS = {"/login", "/livez", "/readyz", "/static/**", "/webjars/**", "/favicon.ico", "/error",
            "/ping/**", "/v2/enqueue", "/v2/change/enqueue", "/ingest/**", "/a/**", "/integrations/slack/actions", "/ical/**",
            "/status/*", "/status/*/history.rss", "/status/*/history.atom", "/status/*/api/v2/**", "/status/*/subscribe", "/status/*/confirm/*",
            "/status/*/unsubscribe/*"};
    /**
     * A status page's subscribe form is also in its published copies, served elsewhere, so it cannot carry
     * a CSRF token: it is rate-limited per client and answers alike for every address. Unsubscribe links
     * are POSTed by mail clients (RFC 8058); their signed token is the credential.
     */
    static final String[] STATUS_FORMS = {"/status/*/subscribe", "/status/*/unsubscribe/*"};
    /**
     * Heartbeat pings and alert ingestion: the ping key or integration key is the credential; cron
     * jobs, Alertmanager and PagerDuty clients cannot carry a CSRF token; nor can Slack, whose button
     * presses carry Slack's request signature instead. (One-click links under /a/ and calendar feeds
     * under /ical/ are public too, their signed token being the credential; the link's confirm form
     * keeps CSRF.)
     */
    static final String[] KEYED = {"/ping/**", "/v2/enqueue", "/v2/change/enqueue", "/ingest/**", "/integrations/slack/actions"};

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BoundedPasswordEncoder(Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(), 4);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokens tokens, Agents agents) throws Exception {
        RequestMatcher api = request -> isApi(request);
        RequestMatcher bearer = request -> request.getHeader("Authorization") != null;
        http
                .addFilterBefore(new BearerTokenFilter(tokens, agents), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(PUBLIC_PATHS).permitAll()
                        .requestMatchers("/api/v1/agent/**").hasAuthority(BearerTokenFilter.AGENT_AUTHORITY)
                        // Export carries check secrets (Authorization headers) that reads otherwise hide.
                        .requestMatchers(HttpMethod.GET, "/api/v1/export").hasAuthority("SCOPE_write")
                        // Reading needs the read scope, any change the write scope, on pages as on the API:
                        // a read-only token must not be able to post a form either.
                        .requestMatchers(HttpMethod.GET, "/**").hasAuthority("SCOPE_read")
                        .requestMatchers(HttpMethod.HEAD, "/**").hasAuthority("SCOPE_read")
                        .anyRequest().hasAuthority("SCOPE_write"))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                // Basic auth lets a script bootstrap its first token: curl -u admin:PASSWORD -X POST .../api/v1/tokens
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> Problems.write(response, 401, "unauthenticated",
                        "Authentication required", "Send Authorization: Bearer <token> (create one at /profile) or sign in at /login.")))
                .requestCache(cache -> cache.requestCache(pagesOnlyRequestCache()))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .csrf(csrf -> csrf.ignoringRequestMatchers(bearer).ignoringRequestMatchers(KEYED).ignoringRequestMatchers(STATUS_FORMS))
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor((request, response, e) -> Problems.write(response, 401, "unauthenticated",
                                "Authentication required", "Send Authorization: Bearer <token> (create one at /profile) or sign in at /login."), api)
                        .defaultAccessDeniedHandlerFor((request, response, e) -> Problems.write(response, 403, "forbidden",
                                "Not allowed", "Your account or token lacks the permission for " + request.getMethod() + " " + request.getRequestURI()
                                        + " (tokens need the write scope to change anything; some actions need an admin)."), api)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'"))
                        .frameOptions(frame -> frame.deny()));
        return http.build();
    }

    /** Remembers the page to return to after login, but never an API call. */
    private static HttpSessionRequestCache pagesOnlyRequestCache() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(request -> !isApi(request) && "GET".equals(request.getMethod()));
        return cache;
    }

    static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/") || path.equals("/metrics");
    }
}
