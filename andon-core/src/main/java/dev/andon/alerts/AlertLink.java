package dev.andon.alerts;

/** A link sent with an event ({@code links[]} in PagerDuty's payload): {@code href} required, {@code text} optional. */
public record AlertLink(String href, String text) {}
