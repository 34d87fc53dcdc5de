package dev.andon.catalog;

import java.util.List;

/** A team that owns services; members are usernames; the contact channel is where to reach it (Slack channel, email). */
public record Team(String slug, String name, String description, String contactChannel, List<String> members) {
    public Team {
        description = description == null ? "" : description;
        contactChannel = contactChannel == null ? "" : contactChannel;
        members = members == null ? List.of() : List.copyOf(members);
    }
}
