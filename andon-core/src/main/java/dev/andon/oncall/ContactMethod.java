package dev.andon.oncall;

/**
 * One way to reach a person, named so notification rules can refer to it ({@code work-phone}). A
 * webhook's {@code secret} signs each request (HMAC-SHA256); other types have none.
 */
public record ContactMethod(String name, ContactType type, String address, String secret) {}
