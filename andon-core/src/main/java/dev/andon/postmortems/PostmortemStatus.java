package dev.andon.postmortems;

import java.util.Locale;

/**
 * Where a postmortem is in its review: the owner writes the draft, reviewers comment on sections
 * while it is in review, and a published postmortem is read-only and visible to everyone.
 */
public enum PostmortemStatus {
    DRAFT("Draft"),
    IN_REVIEW("In review"),
    PUBLISHED("Published");

    private final String text;

    PostmortemStatus(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Draft and in review can be edited; published is the record. */
    public boolean editable() {
        return this != PUBLISHED;
    }

    /** Draft → in review → published; in review may go back to draft. Publishing straight from a draft skips the review. */
    public boolean canMoveTo(PostmortemStatus next) {
        return switch (this) {
            case DRAFT -> next == IN_REVIEW;
            case IN_REVIEW -> next == DRAFT || next == PUBLISHED;
            case PUBLISHED -> false;
        };
    }

    /** Null for an unknown text. Accepts "in_review", "in-review" and "in review". */
    public static PostmortemStatus parse(String text) {
        if (text == null) {
            return null;
        }
        String key = text.strip().replace('-', '_').replace(' ', '_');
        for (PostmortemStatus status : values()) {
            if (status.key().equalsIgnoreCase(key)) {
                return status;
            }
        }
        return null;
    }
}
