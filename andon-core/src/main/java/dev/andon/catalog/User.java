package dev.andon.catalog;

import dev.andon.oncall.ContactMethod;
import dev.andon.oncall.NotificationRule;
import java.util.List;

/**
 * A person who can sign in, own things and be paged: how to reach them (contact methods) and when
 * (notification rules: "email at once, SMS after 5 minutes").
 */
public record User(String username, String displayName, String email, Role role, List<ContactMethod> contactMethods,
                   List<NotificationRule> notificationRules) {
    public User {
        role = role == null ? Role.MEMBER : role;
        displayName = displayName == null || displayName.isBlank() ? username : displayName;
        contactMethods = contactMethods == null ? List.of() : List.copyOf(contactMethods);
        notificationRules = notificationRules == null ? List.of() : List.copyOf(notificationRules);
    }

    /** A user with no contact methods or notification rules of their own yet. */
    public User(String username, String displayName, String email, Role role) {
        this(username, displayName, email, role, List.of(), List.of());
    }

    /** The same user with these contact methods and rules. */
    public User withContacts(List<ContactMethod> methods, List<NotificationRule> rules) {
        return new User(username, displayName, email, role, methods, rules);
    }

    /** Admins manage users and tokens of others; members work with the catalog. */
    public enum Role {
        ADMIN, MEMBER;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Role parse(String value) {
            for (Role role : values()) {
                if (role.wireName().equals(value)) {
                    return role;
                }
            }
            throw new IllegalArgumentException("unknown role '" + value + "': use admin or member");
        }
    }
}
