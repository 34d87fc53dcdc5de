package dev.andon.catalog;

import java.util.List;

/** A service in the catalog: who owns it, how critical it is, where its docs are, what it depends on and who it pages. */
public record Service(
        String slug,
        String name,
        String description,
        String type,
        int tier,
        Lifecycle lifecycle,
        String ownerTeam,
        String system,
        List<String> tags,
        List<Link> links,
        List<Dependency> dependencies,
        String escalationPolicy) {

    /** A service that pages nobody yet (its alerts go to the admins). */
    public Service(String slug, String name, String description, String type, int tier, Lifecycle lifecycle, String ownerTeam,
                   String system, List<String> tags, List<Link> links, List<Dependency> dependencies) {
        this(slug, name, description, type, tier, lifecycle, ownerTeam, system, tags, links, dependencies, null);
    }

    public Service {
        description = description == null ? "" : description;
        type = type == null || type.isBlank() ? "service" : type;
        lifecycle = lifecycle == null ? Lifecycle.PRODUCTION : lifecycle;
        tags = tags == null ? List.of() : List.copyOf(tags);
        links = links == null ? List.of() : List.copyOf(links);
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    }

    /** The same service depending on nothing: how services that depend on each other are created or removed together. */
    public Service withoutDependencies() {
        return new Service(slug, name, description, type, tier, lifecycle, ownerTeam, system, tags, links, List.of(), escalationPolicy);
    }

    /** The first link of a type (docs, runbook, repository), or null. */
    public Link link(String linkType) {
        return links.stream().filter(link -> link.type().equals(linkType)).findFirst().orElse(null);
    }
}
