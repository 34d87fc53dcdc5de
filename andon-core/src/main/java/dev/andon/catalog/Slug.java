package dev.andon.catalog;

import java.util.regex.Pattern;

/** The stable, URL-safe name people use for an object: lower-case letters, digits and dashes. */
public final class Slug {
    private static final Pattern VALID = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$");

    private Slug() {}

    public static boolean isValid(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }

    /** Why a candidate is not a slug, or null when it is one. */
    public static String problem(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return "is required";
        }
        if (isValid(candidate)) {
            return null;
        }
        return "'" + candidate + "' is not a valid slug: use 1-63 lower-case letters, digits and dashes, starting and ending with a letter or digit";
    }

    /** Turns a display name into a slug candidate ("Payments API" becomes "payments-api"). */
    public static String from(String name) {
        String slug = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.length() > 63 ? slug.substring(0, 63).replaceAll("-+$", "") : slug;
    }
}
