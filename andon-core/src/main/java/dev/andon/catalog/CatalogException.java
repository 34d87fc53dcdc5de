package dev.andon.catalog;

/**
 * A catalog change that cannot be made, with a stable code and the field at fault, so the API can
 * answer a problem+json a user can act on.
 */
public class CatalogException extends RuntimeException {
    private final Code code;
    private final String field;

    public CatalogException(Code code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public Code code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** Stable error codes; each maps to one HTTP status. */
    public enum Code {
        INVALID, NOT_FOUND, CONFLICT, IN_USE
    }
}
