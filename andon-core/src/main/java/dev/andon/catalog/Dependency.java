package dev.andon.catalog;

/** One edge of the dependency graph: the owning service depends on {@code service}. */
public record Dependency(String service, DependencyKind kind) {
    public Dependency {
        kind = kind == null ? DependencyKind.HARD : kind;
    }
}
