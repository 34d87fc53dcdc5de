package dev.andon.catalog;

/** A person who can sign in, own things and be paged. */
public record User(String username, String displayName, String email, Role role) {
    public User {
        role = role == null ? Role.MEMBER : role;
        displayName = displayName == null || displayName.isBlank() ? username : displayName;
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
