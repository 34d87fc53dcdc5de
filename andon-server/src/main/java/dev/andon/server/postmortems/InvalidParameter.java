package dev.andon.server.postmortems;

import dev.andon.catalog.CatalogException;
import dev.andon.server.access.Problems;
import java.net.URI;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A query parameter that is not valid. Answered with 400 (the request itself is wrong), where an
 * invalid body is 422, in the same problem shape with the parameter as the field.
 */
final class InvalidParameter extends RuntimeException {
    private final String field;

    private InvalidParameter(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** Runs a read whose parameters are checked by the store, turning its "invalid" into this. */
    static <T> T checked(Supplier<T> read) {
        try {
            return read.get();
        } catch (CatalogException e) {
            if (e.code() == CatalogException.Code.INVALID) {
                throw new InvalidParameter(e.field(), e.getMessage(), e);
            }
            throw e;
        }
    }

    static InvalidParameter of(String field, String message) {
        return new InvalidParameter(field, message, null);
    }

    ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + ": " + getMessage());
        problem.setType(URI.create(Problems.TYPE_BASE + "invalid-parameter"));
        problem.setTitle(HttpStatus.BAD_REQUEST.getReasonPhrase());
        problem.setProperty("code", "invalid-parameter");
        problem.setProperty("field", field);
        return problem;
    }
}
