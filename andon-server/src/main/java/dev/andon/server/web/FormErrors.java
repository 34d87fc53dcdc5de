package dev.andon.server.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Problems of a submitted form by field name, so each message is shown next to its field and the
 * summary at the top links to them. Keeps the first problem of a field: one fix at a time.
 */
public final class FormErrors {
    private final Map<String, String> byField = new LinkedHashMap<>();

    public static FormErrors none() {
        return new FormErrors();
    }

    public FormErrors add(String field, String message) {
        byField.putIfAbsent(field, message);
        return this;
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    /** The message of a field, or null, so templates can use it directly in optional attributes. */
    public String get(String field) {
        return byField.get(field);
    }

    public boolean any() {
        return !byField.isEmpty();
    }

    public int count() {
        return byField.size();
    }

    public Map<String, String> all() {
        return Collections.unmodifiableMap(byField);
    }

    /** The problems in the order of the fields on the form (as {@code order} lists them), then any others. */
    public List<Map.Entry<String, String>> ordered(Collection<String> order) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (String field : order) {
            if (byField.containsKey(field)) {
                entries.add(Map.entry(field, byField.get(field)));
            }
        }
        byField.entrySet().stream().filter(entry -> !order.contains(entry.getKey())).forEach(entries::add);
        return entries;
    }

    /** Field labels in form order, from alternating field names and labels, for the error summary. */
    public static Map<String, String> labels(String... fieldsAndLabels) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fieldsAndLabels.length; i += 2) {
            labels.put(fieldsAndLabels[i], fieldsAndLabels[i + 1]);
        }
        return labels;
    }

    /**
     * Whether {@code field} gets autofocus: the first field (in {@code fieldsOnForm} order) with a
     * problem when there is one, so the keyboard lands where the fix is; otherwise the form's first field.
     */
    public boolean autofocus(String field, String firstField, Collection<String> fieldsOnForm) {
        for (String onForm : fieldsOnForm) {
            if (byField.containsKey(onForm)) {
                return onForm.equals(field);
            }
        }
        return field.equals(firstField);
    }

    /** "true" for aria-invalid on a field with a problem; null drops the attribute. */
    public String invalid(String field) {
        return has(field) ? "true" : null;
    }

    /** The id of the field's message for aria-describedby, or null when the field is fine. */
    public String describedBy(String field) {
        return has(field) ? field + "-error" : null;
    }

    /** aria-describedby for a field that also has a hint: the hint always, the message when there is one. */
    public String describedBy(String field, String hintId) {
        return has(field) ? hintId + " " + field + "-error" : hintId;
    }
}
