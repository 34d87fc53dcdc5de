package dev.andon.alerts;

/** An image sent with an event ({@code images[]}): {@code src} required, {@code href} and {@code alt} optional. */
public record AlertImage(String src, String href, String alt) {}
