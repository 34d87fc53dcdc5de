package dev.andon.server.web;

import dev.andon.server.access.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * What every page needs besides its own data: who is signed in (for the nav), the CSRF token for
 * its forms and htmx requests, and the path (to mark the current nav entry).
 */
public record PageContext(String username, boolean signedIn, boolean admin, String csrfParameter, String csrfToken,
                          String csrfHeader, String path) {

    /** Reads the context of the current request; safe on error dispatches, where some of it may be missing. */
    public static PageContext of(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean signedIn = authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
        Object attribute = request.getAttribute(CsrfToken.class.getName());
        if (!(attribute instanceof CsrfToken)) {
            attribute = request.getAttribute("_csrf");
        }
        CsrfToken csrf = attribute instanceof CsrfToken token ? token : null;
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return new PageContext(signedIn ? CurrentUser.name() : null, signedIn, signedIn && CurrentUser.isAdmin(),
                csrf == null ? "_csrf" : csrf.getParameterName(), csrf == null ? "" : csrf.getToken(),
                csrf == null ? "X-CSRF-TOKEN" : csrf.getHeaderName(), path);
    }

    /** The value of hx-headers on body, so htmx requests that change something carry the CSRF token. */
    public String htmxHeaders() {
        return "{\"" + csrfHeader + "\":\"" + csrfToken + "\"}";
    }

    /** "page" for the nav entry of the section this path is in, so screen readers announce it; null otherwise. */
    public String currentFor(String section) {
        return path != null && (path.equals(section) || path.startsWith(section + "/")) ? "page" : null;
    }

    /** "page" when the path is in any of the sections (the Alerts entry covers integrations, maintenance and reports); null otherwise. */
    public String currentForAny(String... sections) {
        for (String section : sections) {
            if (currentFor(section) != null) {
                return "page";
            }
        }
        return null;
    }
}
