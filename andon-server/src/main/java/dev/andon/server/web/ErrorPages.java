package dev.andon.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

/**
 * Renders Spring's /error for browsers (unknown pages, failures outside a page controller) in the
 * Andon layout. API clients asking for JSON never get here: Spring answers them with JSON itself.
 */
@Component
public class ErrorPages implements ErrorViewResolver {

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        String title = switch (status) {
            case NOT_FOUND -> "Not found";
            case FORBIDDEN -> "Not allowed";
            case UNAUTHORIZED -> "Sign in first";
            default -> status.is5xxServerError() ? "Something broke on our side" : status.getReasonPhrase();
        };
        String message = switch (status) {
            case NOT_FOUND -> "There is nothing at this address. It may have been renamed or deleted.";
            case FORBIDDEN -> "Your account may not do this. Ask an admin if you need it.";
            default -> status.is5xxServerError()
                    ? "The server failed to answer. Try again; if it keeps failing, the server log has the details."
                    : "The request could not be handled (" + status.value() + " " + status.getReasonPhrase() + ").";
        };
        return new ModelAndView("errors/page", Map.of("page", PageContext.of(request), "status", status.value(),
                "title", title, "message", message), status);
    }
}
