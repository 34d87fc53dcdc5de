package dev.andon.checks;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a check that runs from several locations counts as down, written as the user writes it in
 * {@code downWhen}: {@code any}, {@code all}, {@code at least K} or {@code K of N}.
 *
 * <p>{@link #aggregate} turns the per-location verdicts into one. Locations that are PENDING,
 * UNKNOWN or PAUSED have no verdict and are left out of the counting, so a flaky checker in one
 * location cannot take a check down (nor keep it up). Then: if the rule is met the check is DOWN;
 * otherwise trouble anywhere (a location DOWN or DEGRADED) makes it DEGRADED; otherwise it is UP
 * if any location is UP, UNKNOWN if all we have is unknown, PAUSED if every location is paused, and
 * PENDING before anything is known. "All" means every location with a verdict, and at least one.
 */
public sealed interface DownRule {

    /** Down as soon as one location is down. */
    DownRule ANY = new Any();

    /** Down when any location is down: the strictest rule, right for a single location. */
    DownRule DEFAULT = ANY;

    /** The canonical text, which {@link #parse} reads back. */
    @Override
    String toString();

    /** Whether {@code down} locations out of {@code known} with a verdict meet the rule. */
    boolean isMet(int down, int known);

    /** Throws when the rule cannot work with a check run from {@code locationCount} locations. */
    default void validate(int locationCount) {
    }

    /** The verdict on the whole check, from the verdict of each location. */
    default CheckStatus aggregate(Map<String, CheckStatus> byLocation) {
        Collection<CheckStatus> statuses = byLocation.values();
        int down = count(statuses, CheckStatus.DOWN);
        int degraded = count(statuses, CheckStatus.DEGRADED);
        int up = count(statuses, CheckStatus.UP);
        int known = down + degraded + up;
        if (known > 0 && isMet(down, known)) {
            return CheckStatus.DOWN;
        }
        if (down > 0 || degraded > 0) {
            return CheckStatus.DEGRADED;
        }
        if (up > 0) {
            return CheckStatus.UP;
        }
        if (statuses.contains(CheckStatus.UNKNOWN)) {
            return CheckStatus.UNKNOWN;
        }
        if (!statuses.isEmpty() && count(statuses, CheckStatus.PAUSED) == statuses.size()) {
            return CheckStatus.PAUSED;
        }
        return CheckStatus.PENDING;
    }

    private static int count(Collection<CheckStatus> statuses, CheckStatus wanted) {
        return (int) statuses.stream().filter(status -> status == wanted).count();
    }

    /**
     * Reads {@code any}, {@code all}, {@code at least K} or {@code K of N}, ignoring case and extra
     * spaces. Throws {@link InvalidCheckException} on field {@code downWhen} otherwise.
     */
    static DownRule parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid("is required: use any, all, at least K or K of N");
        }
        String normalized = text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        if (normalized.equals("any")) {
            return ANY;
        }
        if (normalized.equals("all")) {
            return new All();
        }
        Matcher atLeast = Pattern.compile("at least (\\d{1,4})").matcher(normalized);
        if (atLeast.matches()) {
            return new AtLeast(Integer.parseInt(atLeast.group(1)));
        }
        Matcher outOf = Pattern.compile("(\\d{1,4}) of (\\d{1,4})").matcher(normalized);
        if (outOf.matches()) {
            return new OutOf(Integer.parseInt(outOf.group(1)), Integer.parseInt(outOf.group(2)));
        }
        throw invalid("'" + text + "' is not a rule: use any, all, at least K or K of N");
    }

    /** Down when any location is down. */
    record Any() implements DownRule {
        @Override
        public boolean isMet(int down, int known) {
            return down >= 1;
        }

        @Override
        public String toString() {
            return "any";
        }
    }

    /** Down when every location with a verdict is down. */
    record All() implements DownRule {
        @Override
        public boolean isMet(int down, int known) {
            return known >= 1 && down == known;
        }

        @Override
        public String toString() {
            return "all";
        }
    }

    /** Down when at least {@code count} locations are down. */
    record AtLeast(int count) implements DownRule {
        public AtLeast {
            if (count < 1) {
                throw invalid("'at least " + count + "' needs a count of 1 or more");
            }
        }

        @Override
        public boolean isMet(int down, int known) {
            return down >= count;
        }

        @Override
        public void validate(int locationCount) {
            if (count > locationCount) {
                throw invalid("'" + this + "' can never be met: the check runs from "
                        + locationCount + " location" + (locationCount == 1 ? "" : "s"));
            }
        }

        @Override
        public String toString() {
            return "at least " + count;
        }
    }

    /**
     * Down when {@code count} of the {@code locations} locations are down. Writing N down is a
     * promise about how many locations there are, so {@link #validate} holds the check to it.
     */
    record OutOf(int count, int locations) implements DownRule {
        public OutOf {
            if (count < 1 || count > locations) {
                throw invalid("'" + count + " of " + locations
                        + "' needs K between 1 and N");
            }
        }

        @Override
        public boolean isMet(int down, int known) {
            return down >= count;
        }

        @Override
        public void validate(int locationCount) {
            if (locations != locationCount) {
                throw invalid("'" + this + "' names " + locations
                        + " locations but the check runs from " + locationCount + ": change N or the locations");
            }
        }

        @Override
        public String toString() {
            return count + " of " + locations;
        }
    }

    private static InvalidCheckException invalid(String problem) {
        return new InvalidCheckException("downWhen", problem);
    }
}
