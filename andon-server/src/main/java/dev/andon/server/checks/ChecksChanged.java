package dev.andon.server.checks;

/** Published after a check is created, changed or deleted, so probers reload their assignments. */
public record ChecksChanged(String slug) {}
