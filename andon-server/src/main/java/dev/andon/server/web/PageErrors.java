package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors in the web UI become pages a person can act on, not the API's problem+json: this advice
 * comes before the API's one and applies only to the page controllers of this package.
 */
@ControllerAdvice(basePackageClasses = PageErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PageErrors {

    @ExceptionHandler(CatalogException.class)
    public ModelAndView catalog(CatalogException e, HttpServletRequest request) {
        HttpStatus status = switch (e.code()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID -> HttpStatus.UNPROCESSABLE_CONTENT;
            case CONFLICT, IN_USE -> HttpStatus.CONFLICT;
        };
        String title = status == HttpStatus.NOT_FOUND ? "Not found" : "That did not work";
        return page(request, status, title, capitalize(e.getMessage()) + ".");
    }

    @ExceptionHandler(AccessDeniedException.class)
    public ModelAndView forbidden(AccessDeniedException e, HttpServletRequest request) {
        return page(request, HttpStatus.FORBIDDEN, "Not allowed", capitalize(e.getMessage()) + ". Ask an admin if you need this.");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ModelAndView badParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return page(request, HttpStatus.BAD_REQUEST, "Bad address", "'" + e.getValue() + "' is not a valid " + e.getName() + ".");
    }

    static ModelAndView page(HttpServletRequest request, HttpStatus status, String title, String message) {
        return new ModelAndView("errors/page", Map.of("page", PageContext.of(request), "status", status.value(),
                "title", title, "message", message), status);
    }

    static String capitalize(String text) {
        return text == null || text.isEmpty() ? "Something went wrong" : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
