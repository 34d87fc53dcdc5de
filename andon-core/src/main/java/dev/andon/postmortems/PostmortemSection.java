package dev.andon.postmortems;

import java.util.List;

/** The sections of a postmortem, in document order; the keys are used by the API, comments and flags. */
public enum PostmortemSection {
    SUMMARY("summary", "Summary", "What happened, in a few sentences a newcomer understands."),
    IMPACT("impact", "Impact", "Who was hurt and how: customers, duration, error budget consumed."),
    TIMELINE("timeline", "Timeline", "What happened when, in UTC."),
    DETECTION("detection", "Detection", "How it was found, and how long that took."),
    RESPONSE("response", "Response and resolution", "What the responders did, and what resolved it."),
    FACTORS("factors", "Contributing factors", "Everything that made it possible, each with its 5 whys."),
    WENT_WELL("went_well", "What went well", ""),
    WENT_BADLY("went_badly", "What went badly", ""),
    GOT_LUCKY("got_lucky", "Where we got lucky", ""),
    ACTION_ITEMS("action_items", "Action items", "What we will change, each with an owner and a due date.");

    /** The sections written as free Markdown text. */
    public static final List<PostmortemSection> TEXT = List.of(SUMMARY, IMPACT, DETECTION, RESPONSE, WENT_WELL, WENT_BADLY, GOT_LUCKY);

    private final String key;
    private final String title;
    private final String hint;

    PostmortemSection(String key, String title, String hint) {
        this.key = key;
        this.title = title;
        this.hint = hint;
    }

    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    public String hint() {
        return hint;
    }

    public static PostmortemSection parse(String text) {
        if (text == null) {
            return null;
        }
        String key = text.strip().replace('-', '_');
        for (PostmortemSection section : values()) {
            if (section.key.equalsIgnoreCase(key)) {
                return section;
            }
        }
        return null;
    }
}
