package dev.andon.slo;

/**
 * How an SLO counts: Occurrences (good events out of all events), Timeslices (good slices out of
 * all slices, a slice being good when its ratio meets the slice target) and RatioTimeslices (the
 * average of the slices' ratios). Names as in OpenSLO v1.
 */
public enum BudgetingMethod {
    OCCURRENCES("Occurrences"), TIMESLICES("Timeslices"), RATIO_TIMESLICES("RatioTimeslices");

    private final String openSlo;

    BudgetingMethod(String openSlo) {
        this.openSlo = openSlo;
    }

    public String openSlo() {
        return openSlo;
    }

    public boolean sliced() {
        return this != OCCURRENCES;
    }

    /** Null for an unknown name; accepts the OpenSLO spelling and lower case. */
    public static BudgetingMethod parse(String text) {
        if (text == null) {
            return null;
        }
        for (BudgetingMethod method : values()) {
            if (method.openSlo.equalsIgnoreCase(text.strip()) || method.name().equalsIgnoreCase(text.strip())) {
                return method;
            }
        }
        return null;
    }
}
