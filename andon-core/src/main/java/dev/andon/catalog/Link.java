package dev.andon.catalog;

import java.util.Locale;
import java.util.Objects;

/** A link from a service to where people find more: docs, runbook, repository, dashboards. */
public record Link(String type, String title, String url) {
    public static final java.util.List<String> TYPES = java.util.List.of("docs", "runbook", "repository", "dashboard", "other");

    public Link {
        Objects.requireNonNull(url, "url");
        type = type == null || type.isBlank() ? "other" : type.toLowerCase(Locale.ROOT);
        title = title == null || title.isBlank() ? defaultTitle(type) : title;
    }

    private static String defaultTitle(String type) {
        return switch (type) {
            case "docs" -> "Docs";
            case "runbook" -> "Runbook";
            case "repository" -> "Repository";
            case "dashboard" -> "Dashboard";
            default -> "Link";
        };
    }
}
