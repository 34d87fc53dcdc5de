package dev.andon.postmortems;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Flags blaming language in a postmortem and suggests process-focused wording: "human error",
 * fault and blame, hindsight ("should have"), judgements of people ("careless"), a named person
 * as the cause, and single-root-cause framing. It reads sentences, not minds: a flag is a prompt
 * to look again, and a reviewer may publish over it with a reason.
 */
public final class BlamelessChecker {
    /** One finding: where (section, 1-based line and column), what matched, which rule and a better way to say it. */
    public record Flag(String section, int line, int column, String phrase, String rule, String message, String suggestion) {}

    private record Rule(String id, Pattern pattern, String message, String suggestion) {}

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final List<Rule> RULES = List.of(
            new Rule("human-error", Pattern.compile("\\b(human|operator|user|pilot|engineer)[ -](error|mistake)s?\\b", FLAGS),
                    "\"Human error\" ends the inquiry where it should start.",
                    "Describe what in the system or the process made the action possible and easy to get wrong, e.g. \"the deploy tool allowed a production target without confirmation\"."),
            new Rule("fault", Pattern.compile("\\b[\\p{L}][\\p{L}.-]*'s fault\\b|\\b(fault of|at fault|to blame|blamed?|blaming|culprit|guilty)\\b", FLAGS),
                    "Assigns fault to someone.",
                    "Say what happened and why it made sense at the time, e.g. \"the runbook step was run against the wrong cluster because both share a name\"."),
            new Rule("hindsight", Pattern.compile("\\b(should|could|ought to) have\\b|\\bshould(n't| not) have\\b|\\b(should|could)'ve\\b", FLAGS),
                    "Hindsight: judges past actions by what we know now.",
                    "Describe what the people involved knew and saw at the time, and what would have helped them, e.g. \"the alert did not say which region was affected\"."),
            new Rule("judgement", Pattern.compile("\\b(careless(ly|ness)?|negligen(t|ce|tly)|sloppy|lazy|incompetent|incompetence|reckless(ly)?|stupid|dumb|"
                    + "irresponsible|inattentive|didn't bother|did not bother|ignored the)\\b", FLAGS),
                    "Judges a person instead of describing an action.",
                    "Describe the action and its context neutrally, e.g. \"the change was merged with one approval while the reviewer was paged\"."),
            new Rule("root-cause", Pattern.compile("\\b(the|a|one|single|only|sole) root cause\\b|\\broot cause (was|is)\\b|\\bthe (only|sole|single|real) cause\\b|"
                    + "\\bthe cause (was|is)\\b|\\bcaused (solely|entirely|only) by\\b", FLAGS),
                    "Single-root-cause framing: incidents have several contributing factors.",
                    "List each factor under Contributing factors, e.g. \"contributing factors: the retry storm, the missing rate limit, and the alert that fired late\"."));

    private static final String CAUSAL_AFTER = "(caused|broke|forgot|missed|deleted|dropped|messed|screwed|didn't|did not|"
            + "failed|made a mistake|made an error|mistakenly|accidentally|wrongly)";
    private static final String CAUSAL_BEFORE = "(because of|because|caused by|due to|blame|thanks to|responsible:?|fault of)";

    private BlamelessChecker() {}

    /**
     * The flags in one section's text, in reading order. {@code people} are the names that must not
     * appear as a cause: usernames and display names (and first names) of the organisation's users.
     */
    public static List<Flag> check(String section, String text, Collection<String> people) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<Flag> flags = new ArrayList<>();
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(text);
            while (matcher.find()) {
                flags.add(flag(section, text, matcher.start(), matcher.group(), rule.id(), rule.message(), rule.suggestion()));
            }
        }
        Set<String> names = names(people);
        if (!names.isEmpty()) {
            String alternatives = names.stream().sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote)
                    .collect(Collectors.joining("|"));
            Pattern personCause = Pattern.compile("(?<![\\p{L}\\d_-])@?(" + alternatives + ")(?![\\p{L}\\d_-])('s (mistake|error|change|fault|typo))?\\s+"
                    + CAUSAL_AFTER + "\\b|\\b" + CAUSAL_BEFORE + "\\s+@?(" + alternatives + ")(?![\\p{L}\\d_-])", FLAGS);
            Matcher matcher = personCause.matcher(text);
            while (matcher.find()) {
                flags.add(flag(section, text, matcher.start(), matcher.group(), "named-person", "Names a person as the cause.",
                        "Name the action, the change or the system instead of the person, e.g. \"a deploy at 14:02 removed the index\"."));
            }
        }
        flags.sort(Comparator.comparingInt(Flag::line).thenComparingInt(Flag::column));
        return List.copyOf(flags);
    }

    /** The names to watch: each person's username and display name, and a display name's first word when it is at least three letters. */
    static Set<String> names(Collection<String> people) {
        Set<String> names = new LinkedHashSet<>();
        if (people == null) {
            return names;
        }
        for (String person : people) {
            if (person == null || person.isBlank()) {
                continue;
            }
            String name = person.strip();
            if (name.length() >= 3) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
            String first = name.split("\\s+")[0];
            if (first.length() >= 3 && !first.equals(name)) {
                names.add(first.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static Flag flag(String section, String text, int offset, String phrase, String rule, String message, String suggestion) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Flag(section, line, offset - lineStart + 1, phrase, rule, message, suggestion);
    }
}
