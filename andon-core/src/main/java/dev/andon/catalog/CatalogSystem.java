package dev.andon.catalog;

/** An optional group of services that together provide one capability (Backstage's System). */
public record CatalogSystem(String slug, String name, String description, String ownerTeam) {
    public CatalogSystem {
        description = description == null ? "" : description;
    }
}
