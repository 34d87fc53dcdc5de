package dev.andon.postmortems;

import dev.andon.incidents.IncidentSeverity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the postmortem workflow: which resolved incidents get a draft, when it is due, who
 * may facilitate, when a draft is overdue and its owner reminded, and what stops publishing.
 */
public final class PostmortemRules {
    /** Defaults: SEV1-SEV3 get a draft, due 48 hours after resolution, owners of overdue drafts reminded once a day. */
    public static final Set<IncidentSeverity> DEFAULT_SEVERITIES = Set.of(IncidentSeverity.SEV1, IncidentSeverity.SEV2, IncidentSeverity.SEV3);
    public static final Duration DEFAULT_DUE_AFTER = Duration.ofHours(48);
    public static final Duration REMIND_EVERY = Duration.ofDays(1);

    private PostmortemRules() {}

    /** A resolved incident of one of {@code severities} gets a draft. */
    public static boolean draftsFor(IncidentSeverity severity, Collection<IncidentSeverity> severities) {
        return severity != null && severities.contains(severity);
    }

    public static Instant dueAt(Instant resolvedAt, Duration dueAfter) {
        return resolvedAt.plus(dueAfter);
    }

    /** Not yet published and past its due time. */
    public static boolean overdue(PostmortemStatus status, Instant dueAt, Instant now) {
        return status != PostmortemStatus.PUBLISHED && now.isAfter(dueAt);
    }

    /** An overdue postmortem's owner is reminded at most once per {@link #REMIND_EVERY}. */
    public static boolean remindOwner(PostmortemStatus status, Instant dueAt, Instant lastReminder, Instant now) {
        return overdue(status, dueAt, now) && (lastReminder == null || !now.isBefore(lastReminder.plus(REMIND_EVERY)));
    }

    /**
     * Why {@code candidate} may not facilitate, or null when they may: the facilitator runs the
     * review as a third party, so they must not have been in the response (held a role, acted on
     * the incident's timeline) and must not own the postmortem.
     */
    public static String facilitatorProblem(String candidate, String owner, Collection<String> responders) {
        if (candidate == null || candidate.isBlank()) {
            return null;
        }
        if (candidate.equals(owner)) {
            return candidate + " owns this postmortem; the facilitator must be a third party";
        }
        if (responders.contains(candidate)) {
            return candidate + " was in the response; choose someone who was not, so the review has an outside view";
        }
        return null;
    }

    /**
     * Flags about the document's shape rather than its words: single-root-cause framing (fewer than
     * two contributing factors) and a factor whose "5 whys" chain is empty (or holds only blank answers).
     */
    public static List<BlamelessChecker.Flag> structureFlags(List<Factor> factors) {
        List<BlamelessChecker.Flag> flags = new ArrayList<>();
        if (factors.size() < 2) {
            flags.add(new BlamelessChecker.Flag(PostmortemSection.FACTORS.key(), 0, 0, factors.isEmpty() ? "no contributing factors" : "one contributing factor",
                    "single-cause", "Incidents rarely have a single cause; one factor reads as \"the root cause\".",
                    "Add the other conditions that had to be true: what made it possible, what made it worse, what delayed detection or recovery."));
        }
        for (int i = 0; i < factors.size(); i++) {
            List<String> whys = factors.get(i).whys();
            if (whys == null || whys.stream().allMatch(why -> why == null || why.isBlank())) {
                flags.add(new BlamelessChecker.Flag(PostmortemSection.FACTORS.key(), i + 1, 0, factors.get(i).description(), "no-whys",
                        "This factor has no \"why?\" chain.", "Ask why it was possible, and why again, until the answer is something we can change."));
            }
        }
        return flags;
    }

    /** A contributing factor with its chain of answers to "why?". */
    public record Factor(FactorType type, String description, List<String> whys) {}

    /**
     * Every flag of a postmortem: the words of each text section, of the timeline lines, of the
     * factors and their whys, and the shape of the factors.
     */
    public static List<BlamelessChecker.Flag> check(Map<PostmortemSection, String> sections, List<String> timeline, List<Factor> factors,
                                                    Collection<String> people) {
        List<BlamelessChecker.Flag> flags = new ArrayList<>();
        for (PostmortemSection section : PostmortemSection.TEXT) {
            flags.addAll(BlamelessChecker.check(section.key(), sections.getOrDefault(section, ""), people));
        }
        for (String line : timeline) {
            flags.addAll(BlamelessChecker.check(PostmortemSection.TIMELINE.key(), line, people));
        }
        for (Factor factor : factors) {
            flags.addAll(BlamelessChecker.check(PostmortemSection.FACTORS.key(), factor.description(), people));
            for (String why : factor.whys() == null ? List.<String>of() : factor.whys()) {
                flags.addAll(BlamelessChecker.check(PostmortemSection.FACTORS.key(), why, people));
            }
        }
        flags.addAll(structureFlags(factors));
        return List.copyOf(flags);
    }

    /** Why it may not be published, or null: open flags need an override reason. */
    public static String publishProblem(PostmortemStatus status, List<BlamelessChecker.Flag> flags, String overrideReason) {
        if (!status.canMoveTo(PostmortemStatus.PUBLISHED)) {
            return status == PostmortemStatus.PUBLISHED ? "it is already published" : "send it to review first: only a reviewed postmortem is published";
        }
        if (!flags.isEmpty() && (overrideReason == null || overrideReason.isBlank())) {
            return flags.size() + (flags.size() == 1 ? " blameless-language flag is" : " blameless-language flags are")
                    + " open: reword them, or give a reason to publish anyway";
        }
        return null;
    }
}
