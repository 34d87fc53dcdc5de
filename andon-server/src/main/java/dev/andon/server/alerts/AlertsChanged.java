package dev.andon.server.alerts;

/** Published after an integration or a maintenance window is created, changed or deleted, so caches reload. */
public record AlertsChanged(String what) {}
