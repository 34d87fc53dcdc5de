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
    /** A straight or typographic apostrophe: editors with smart quotes write "Bob’s fault" and "should’ve". */
    private static final String APOSTROPHE = "['\u2019]";

    private static final List<Rule> RULES = List.of(
            new Rule("human-error", Pattern.compile("\\b(human|operator|user|pilot|engineer)[ -](error|mistake)s?\\b", FLAGS),
                    "\"Human error\" ends the inquiry where it should start.",
                    "Describe what in the system or the process made the action possible and easy to get wrong, e.g. \"the deploy tool allowed a production target without confirmation\"."),
            // "X's fault", but not "nobody's fault" / "no one's fault" (that is the blameless point) nor "the cluster's fault
            // tolerance" (a technical term); "at fault" / "to blame", but not "no one is to blame"; "blame", but not "git blame".
            new Rule("fault", Pattern.compile("\\b(?!(nobody|anybody|anyone|no-one)" + APOSTROPHE + "s\\b)(?<!\\bno[ -])[\\p{L}][\\p{L}.-]{0,40}" + APOSTROPHE
                    + "s fault\\b(?![ -](tolerance|tolerant|domains?|injection|isolation|detection|handling|handlers?|zones?)\\b)"
                    + "|\\b(fault of|(?<!\\b(nobody|no one|no-one)( is| was)? )(at fault|to blame)|(?<!\\bto )(?<!\\bgit[ -])blamed?|blaming|culprit|guilty)\\b", FLAGS),
                    "Assigns fault to someone.",
                    "Say what happened and why it made sense at the time, e.g. \"the runbook step was run against the wrong cluster because both share a name\"."),
            // "should have checked", but not "should have a confirmation step" (a recommendation: "have" followed by a
            // determiner is possession, not hindsight) nor "it could have been worse" (an outcome, not a judged action).
            new Rule("hindsight", Pattern.compile("\\b(should|could|ought to|shouldn" + APOSTROPHE + "t|should not) have\\b"
                    + "(?!\\s+(a|an|the|no|some|any|more|fewer|less|enough|every|each|its|their|our)\\b)"
                    + "(?!\\s+been\\s+((much|far|a lot|even)\\s+)?worse\\b)"
                    + "|\\b(should|could)" + APOSTROPHE + "ve\\b", FLAGS),
                    "Hindsight: judges past actions by what we know now.",
                    "Describe what the people involved knew and saw at the time, and what would have helped them, e.g. \"the alert did not say which region was affected\"."),
            // "lazy", but not "lazy loading" (a technique); "ignored the" only after a person ("the client ignored the
            // Retry-After header" is a system's behaviour; a named person ignoring something is caught by named-person).
            new Rule("judgement", Pattern.compile("\\b(careless(ly|ness)?|negligen(t|ce|tly)|sloppy"
                    + "|lazy(?![ -](load|loading|loaded|loader|init|initiali[sz]ation|initiali[sz]ed|evaluation|evaluated|fetch|fetching|fetched)\\b)"
                    + "|incompetent|incompetence|reckless(ly)?|stupid|dumb|irresponsible|inattentive|didn" + APOSTROPHE + "t bother|did not bother"
                    + "|(we|they|he|she|you|i|someone|somebody|everyone|everybody|engineers?|on-?call(ers?)?|operators?|responders?|reviewers?"
                    + "|developers?|team|sres?|admins?|authors?|owners?)\\s+ignored the)\\b", FLAGS),
                    "Judges a person instead of describing an action.",
                    "Describe the action and its context neutrally, e.g. \"the change was merged with one approval while the reviewer was paged\"."),
            new Rule("root-cause", Pattern.compile("\\b(the|a|one|single|only|sole) root cause\\b|\\broot cause (was|is)\\b|\\bthe (only|sole|single|real) cause\\b|"
                    + "\\bthe cause (was|is)\\b|\\bcaused (solely|entirely|only) by\\b", FLAGS),
                    "Single-root-cause framing: incidents have several contributing factors.",
                    "List each factor under Contributing factors, e.g. \"contributing factors: the retry storm, the missing rate limit, and the alert that fired late\"."));

    // Not "failed over" / "failed back" (a response action), nor "didn't know" / "didn't have" / "didn't get" (what someone
    // knew or had at the time is the blameless framing, not a cause).
    private static final String CAUSAL_AFTER = "(caused|broke|forgot|missed|deleted|dropped|messed|screwed|ignored|"
            + "(didn" + APOSTROPHE + "t|did not)(?!\\s+(have|know|see|get|receive|hear)\\b)|failed(?!\\s+(over|back)\\b)|"
            + "made a mistake|made an error|mistakenly|accidentally|wrongly)";
    // Not "thanks to": "thanks to alice the rollback took two minutes" is praise in What went well.
    private static final String CAUSAL_BEFORE = "(because of|because|caused by|due to|blame|responsible:?|fault of)";

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
            Pattern personCause = Pattern.compile("(?<![\\p{L}\\d_-])@?(" + alternatives + ")(?![\\p{L}\\d_-])(" + APOSTROPHE + "s (mistake|error|change|fault|typo))?\\s+"
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
