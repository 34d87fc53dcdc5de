package dev.andon.server.api;

import dev.andon.server.database.GroupCommitWriter;
import dev.andon.catalog.CatalogException;
import dev.andon.checks.InvalidCheckException;
import dev.andon.probe.InvalidProbeException;
import dev.andon.server.access.Problems;
import org.springframework.http.ResponseEntity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns domain errors into RFC 9457 problem documents with a stable code and the field at fault. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiErrors {

    @ExceptionHandler(CatalogException.class)
    ProblemDetail catalog(CatalogException e) {
        HttpStatus status = switch (e.code()) {
            case INVALID -> HttpStatus.UNPROCESSABLE_CONTENT;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT, IN_USE -> HttpStatus.CONFLICT;
        };
        return problem(status, e.code().name().toLowerCase().replace('_', '-'), e.getMessage(), e.field());
    }

    @ExceptionHandler(InvalidCheckException.class)
    ProblemDetail invalidCheck(InvalidCheckException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid", e.getMessage(), e.field());
    }

    @ExceptionHandler(dev.andon.alerts.InvalidAlertSettingException.class)
    ProblemDetail invalidAlertSetting(dev.andon.alerts.InvalidAlertSettingException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid", e.getMessage(), e.field());
    }

    @ExceptionHandler(dev.andon.oncall.InvalidOnCallSettingException.class)
    ProblemDetail invalidOnCallSetting(dev.andon.oncall.InvalidOnCallSettingException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid", e.getMessage(), e.field());
    }

    @ExceptionHandler(InvalidProbeException.class)
    ProblemDetail invalidProbe(InvalidProbeException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid", e.getMessage(), e.field());
    }

    @ExceptionHandler(GroupCommitWriter.QueueFullException.class)
    ResponseEntity<ProblemDetail> queueFull(GroupCommitWriter.QueueFullException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", e.getMessage(), null));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodySizeLimit.BodyTooLargeException) {
                return problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "The request body is too large; send less per request.", null);
            }
        }
        String detail = e.getMostSpecificCause().getMessage();
        return problem(HttpStatus.BAD_REQUEST, "malformed-json", "The request body is not valid JSON for this resource: "
                + (detail == null ? "unreadable" : detail.lines().findFirst().orElse(detail)), null);
    }

    /** Unknown API paths get a problem document; unknown pages go to /error, which renders the HTML 404 page. */
    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail noResource(NoResourceFoundException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getRequestURI().startsWith("/api/")) {
            return problem(HttpStatus.NOT_FOUND, "not-found", "There is no API resource at " + request.getRequestURI() + "; see /api/openapi.json.", null);
        }
        response.sendError(HttpStatus.NOT_FOUND.value());
        return null;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "'" + e.getValue() + "' is not a valid value for " + e.getName(), e.getName());
    }

    static ProblemDetail problem(HttpStatus status, String code, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(Problems.TYPE_BASE + code));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }
}
