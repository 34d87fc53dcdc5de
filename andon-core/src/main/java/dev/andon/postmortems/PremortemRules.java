package dev.andon.postmortems;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pre-mortem rules: "it is a month after launch and it failed utterly; what happened?" Risks are
 * written privately within a time box, then revealed, merged and counted: the count of a risk is
 * how many different people wrote it (a person writing it twice counts once).
 */
public final class PremortemRules {
    /** The default time box for writing. */
    public static final java.time.Duration DEFAULT_TIME_BOX = java.time.Duration.ofMinutes(10);
    /** Two risks whose word sets overlap at least this much (Jaccard) are suggested for a merge. */
    public static final double SIMILAR = 0.5;

    private static final Pattern WORD = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    private static final Set<String> STOP = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "we", "our",
            "it", "its", "is", "was", "were", "be", "been", "that", "this", "did", "didn", "t", "not", "no", "so", "because", "from", "they", "their");

    private PremortemRules() {}

    public enum Phase { WRITING, REVEALED, CLOSED;
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Phase parse(String text) {
            for (Phase phase : values()) {
                if (phase.key().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return phase;
                }
            }
            return null;
        }
    }

    /** One risk as written: its author, and the risk it was merged into (null when it stands alone). */
    public record Risk(long id, String author, String body, Long mergedInto) {}

    /** A risk with everything merged into it, and how many different people wrote one of them. */
    public record Tally(Risk risk, List<Risk> merged, int count, List<String> authors) {}

    /** Writing is open until the time box ends or the facilitator reveals, whichever comes first. */
    public static boolean writingOpen(Phase phase, Instant writingEndsAt, Instant now) {
        return phase == Phase.WRITING && now.isBefore(writingEndsAt);
    }

    /** Risks are shown to everyone once revealed, or once the time box is over. */
    public static boolean revealed(Phase phase, Instant writingEndsAt, Instant now) {
        return phase != Phase.WRITING || !now.isBefore(writingEndsAt);
    }

    /** What {@code viewer} may see: before the reveal only their own risks (privacy is the point), after it all of them. */
    public static List<Risk> visible(List<Risk> risks, String viewer, Phase phase, Instant writingEndsAt, Instant now) {
        if (revealed(phase, writingEndsAt, now)) {
            return risks;
        }
        return viewer == null ? List.of() : risks.stream().filter(risk -> Objects.equals(risk.author(), viewer)).toList();
    }

    /**
     * The merged and counted risks, most-written first (ties: earliest written first). A merge chain
     * (c into b, b into a) ends at its first risk that is not merged; a cycle is broken at its lowest id.
     */
    public static List<Tally> tally(List<Risk> risks) {
        Map<Long, Risk> byId = new HashMap<>();
        risks.forEach(risk -> byId.put(risk.id(), risk));
        Map<Long, List<Risk>> groups = new LinkedHashMap<>();
        for (Risk risk : risks.stream().sorted(Comparator.comparingLong(Risk::id)).toList()) {
            groups.computeIfAbsent(root(risk, byId), key -> new ArrayList<>()).add(risk);
        }
        List<Tally> tallies = new ArrayList<>();
        for (Map.Entry<Long, List<Risk>> group : groups.entrySet()) {
            Risk head = byId.get(group.getKey());
            Set<String> authors = new LinkedHashSet<>();
            for (Risk risk : group.getValue()) {
                authors.add(risk.author() == null ? "#" + risk.id() : risk.author());
            }
            List<Risk> merged = group.getValue().stream().filter(risk -> risk.id() != head.id()).toList();
            tallies.add(new Tally(head, merged, authors.size(), List.copyOf(authors)));
        }
        tallies.sort(Comparator.comparingInt(Tally::count).reversed().thenComparingLong(tally -> tally.risk().id()));
        return tallies;
    }

    private static long root(Risk risk, Map<Long, Risk> byId) {
        Set<Long> seen = new LinkedHashSet<>();
        Risk current = risk;
        while (current.mergedInto() != null && byId.containsKey(current.mergedInto()) && seen.add(current.id())) {
            current = byId.get(current.mergedInto());
        }
        if (current.mergedInto() != null && seen.contains(current.id())) {
            // current is the first risk met twice, so it is on the cycle: take the lowest id of the cycle itself, not of
            // the risks that lead into it (a risk merged into a cycle belongs to the cycle's group).
            long lowest = current.id();
            for (Risk step = byId.get(current.mergedInto()); step.id() != current.id(); step = byId.get(step.mergedInto())) {
                lowest = Math.min(lowest, step.id());
            }
            return lowest;
        }
        return current.id();
    }

    /** The words that carry a risk's meaning: lower case, without stop words. */
    public static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : WORD.split(text == null ? "" : text.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty() && !STOP.contains(word)) {
                words.add(word);
            }
        }
        return words;
    }

    /** Jaccard similarity of two texts' words, in [0, 1]. */
    public static double similarity(String a, String b) {
        Set<String> left = words(a);
        Set<String> right = words(b);
        if (left.isEmpty() && right.isEmpty()) {
            return 0;
        }
        Set<String> union = new LinkedHashSet<>(left);
        union.addAll(right);
        long common = left.stream().filter(right::contains).count();
        return (double) common / union.size();
    }

    /** A suggested merge: {@code risk} looks like {@code into} (which was written first). */
    public record Suggestion(long risk, long into, double similarity) {}

    /** Pairs of unmerged risks at least {@link #SIMILAR} alike, the later one into the earlier, best first. */
    public static List<Suggestion> suggestMerges(List<Risk> risks) {
        List<Risk> standing = risks.stream().filter(risk -> risk.mergedInto() == null).sorted(Comparator.comparingLong(Risk::id)).toList();
        List<Suggestion> suggestions = new ArrayList<>();
        Set<Long> taken = new LinkedHashSet<>();
        for (int i = 0; i < standing.size(); i++) {
            for (int j = i + 1; j < standing.size(); j++) {
                double similarity = similarity(standing.get(i).body(), standing.get(j).body());
                if (similarity >= SIMILAR && !taken.contains(standing.get(j).id())) {
                    suggestions.add(new Suggestion(standing.get(j).id(), standing.get(i).id(), similarity));
                    taken.add(standing.get(j).id());
                }
            }
        }
        suggestions.sort(Comparator.comparingDouble(Suggestion::similarity).reversed().thenComparingLong(Suggestion::risk));
        return suggestions;
    }
}
