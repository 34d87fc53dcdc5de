package dev.andon.server.paging.channels;

/**
 * How one send went. {@code retryable} tells the paging engine whether trying again later can help;
 * {@code detail} is a short text for the alert timeline and never contains a secret.
 */
public record DeliveryResult(boolean delivered, boolean retryable, String detail) {

    public static DeliveryResult ok(String detail) {
        return new DeliveryResult(true, false, detail);
    }

    /** Not delivered, but the cause is passing (network, rate limit, server error). */
    public static DeliveryResult retry(String detail) {
        return new DeliveryResult(false, true, detail);
    }

    /** Not delivered, and the same request would fail again (bad address, rejected payload, missing settings). */
    public static DeliveryResult fail(String detail) {
        return new DeliveryResult(false, false, detail);
    }
}
