package dev.andon.server.web;

import dev.andon.catalog.CatalogRules;
import dev.andon.catalog.Slug;
import dev.andon.catalog.Team;
import java.util.List;

/** The team form as submitted, kept intact when it is rejected; members are the usernames ticked. */
public record TeamForm(String slug, String name, String description, String contactChannel, List<String> members) {

    public TeamForm {
        slug = slug == null ? "" : slug.strip();
        name = name == null ? "" : name.strip();
        description = description == null ? "" : description.strip();
        contactChannel = contactChannel == null ? "" : contactChannel.strip();
        members = members == null ? List.of() : members.stream().filter(member -> !member.isBlank()).distinct().toList();
    }

    public static TeamForm blank() {
        return new TeamForm("", "", "", "", List.of());
    }

    public static TeamForm of(Team team) {
        return new TeamForm(team.slug(), team.name(), team.description(), team.contactChannel(), team.members());
    }

    public boolean isMember(String username) {
        return members.contains(username);
    }

    /** The team this form describes, or null when the rules find problems, which go to {@code errors}. */
    public Team toTeam(String pathSlug, FormErrors errors) {
        // A new team without a slug gets one from its name, as services do.
        String teamSlug = pathSlug != null ? pathSlug : slug.isEmpty() && !name.isEmpty() ? Slug.from(name) : slug;
        Team team = new Team(teamSlug, name, description, contactChannel, members);
        for (CatalogRules.Problem problem : CatalogRules.check(team)) {
            errors.add(formField(problem.field()), problem.message());
        }
        return errors.any() ? null : team;
    }

    static String formField(String field) {
        if (field == null) {
            return "form";
        }
        if (field.startsWith("members")) {
            return "members";
        }
        return switch (field) {
            case "slug", "name", "description", "contactChannel" -> field;
            default -> "form";
        };
    }
}
