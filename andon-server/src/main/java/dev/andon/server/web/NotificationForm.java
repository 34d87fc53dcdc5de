package dev.andon.server.web;

import dev.andon.catalog.User;
import dev.andon.oncall.ContactMethod;
import dev.andon.oncall.ContactType;
import dev.andon.oncall.InvalidOnCallSettingException;
import dev.andon.oncall.NotificationRule;
import dev.andon.oncall.OnCallFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A person's contact methods and notification rules as the form shows and posts them: one row per
 * method and rule, a blank row to add one, a "remove" box on each. {@link OnCallFields} validates
 * every row, so the form says what the API and YAML say, next to the field at fault.
 *
 * <p>Slack, Teams and webhook URLs are credentials: the form shows them masked and never sends
 * one back to the browser, and a masked value posted back unchanged keeps the stored URL (the
 * same for a webhook's signing secret, left empty). Rows are matched to what is stored by the
 * {@code key} each carries: the method's name when the page was drawn.
 */
public record NotificationForm(List<MethodRow> methods, List<RuleRow> rules) {
    static final List<String> TYPES = List.of(ContactType.values()).stream().map(ContactType::text).toList();
    /** Longer than a day, a rule is a typo: by then the page has escalated or been resolved. */
    static final int LONGEST_WAIT_MINUTES = 24 * 60;
    private static final Pattern FIELD = Pattern.compile("^(?:contactMethods|notificationRules)\\[\\d+]\\.?(\\w*).*$");
    private static final String MASK_END = "/…";

    /** A contact method row; {@code secretStored} says a webhook secret is kept when the secret field is left empty. */
    public record MethodRow(int index, String key, String name, String type, String address, boolean remove, boolean secretStored) {
        public boolean blank() {
            return name.isEmpty() && address.isEmpty();
        }

        public boolean stored() {
            return !key.isEmpty();
        }

        public boolean secretAddress() {
            ContactType parsed = ContactType.parse(type);
            return parsed != null && parsed.addressIsSecret();
        }
    }

    /** A notification rule row; {@code after} is whole minutes as typed. */
    public record RuleRow(int index, String contactMethod, String after, boolean remove) {
        public boolean blank() {
            return contactMethod.isEmpty() && after.isEmpty();
        }
    }

    /** What the user has now, masked, with a blank row of each kind to add one. */
    public static NotificationForm of(User user) {
        List<MethodRow> methods = new ArrayList<>();
        for (ContactMethod method : user.contactMethods()) {
            methods.add(new MethodRow(methods.size(), method.name(), method.name(), method.type().text(),
                    method.type().addressIsSecret() ? OnCallFields.masked(method.address()) : method.address(), false, method.secret() != null));
        }
        List<RuleRow> rules = new ArrayList<>();
        for (NotificationRule rule : user.notificationRules()) {
            rules.add(new RuleRow(rules.size(), rule.contactMethod(), String.valueOf(rule.after().toMinutes()), false));
        }
        return new NotificationForm(methods, rules).withBlankRows();
    }

    /**
     * The form as posted: parallel lists of fields, read raw so a value with a comma is not split.
     * {@code removeMethod} and {@code removeRule} carry the indexes of the rows to drop.
     */
    public static NotificationForm read(MultiValueMap<String, String> params) {
        List<String> keys = values(params, "methodKey");
        List<String> names = values(params, "methodName");
        List<String> types = values(params, "methodType");
        List<String> addresses = values(params, "methodAddress");
        Set<String> removeMethods = new HashSet<>(values(params, "removeMethod"));
        int methodCount = IntStream.of(keys.size(), names.size(), types.size(), addresses.size()).max().orElse(0);
        List<MethodRow> methods = new ArrayList<>();
        for (int index = 0; index < methodCount; index++) {
            methods.add(new MethodRow(index, at(keys, index), at(names, index), at(types, index).toLowerCase(java.util.Locale.ROOT),
                    at(addresses, index), removeMethods.contains(String.valueOf(index)), false));
        }
        List<String> ruleMethods = values(params, "ruleMethod");
        List<String> afters = values(params, "ruleAfter");
        Set<String> removeRules = new HashSet<>(values(params, "removeRule"));
        List<RuleRow> rules = new ArrayList<>();
        for (int index = 0; index < Math.max(ruleMethods.size(), afters.size()); index++) {
            rules.add(new RuleRow(index, at(ruleMethods, index), at(afters, index), removeRules.contains(String.valueOf(index))));
        }
        return new NotificationForm(methods, rules);
    }

    /** The posted secrets, by row index (never part of the record, so never drawn back into the page). */
    public static List<String> secrets(MultiValueMap<String, String> params) {
        return values(params, "methodSecret");
    }

    /** The contact methods and rules to save, or null when the form has problems, which go to {@code errors} by field. */
    public Contacts toContacts(User stored, List<String> secrets, FormErrors errors) {
        Map<String, ContactMethod> before = stored.contactMethods().stream().collect(Collectors.toMap(ContactMethod::name, method -> method,
                (a, b) -> a));
        List<ContactMethod> methods = new ArrayList<>();
        Map<String, Integer> rowOfName = new java.util.HashMap<>();
        for (MethodRow row : this.methods) {
            if (row.remove() || row.blank() && at(secrets, row.index()).isEmpty()) {
                continue;
            }
            ContactMethod old = before.get(row.key());
            ContactType type = ContactType.parse(row.type());
            String address = row.address();
            String secret = at(secrets, row.index());
            if (type != null && type.addressIsSecret() && address.endsWith(MASK_END)) {
                if (old != null && old.type().addressIsSecret() && address.equals(OnCallFields.masked(old.address()))) {
                    address = old.address();
                } else {
                    errors.add(field("methodAddress", row.index()), "type the whole URL: Andon never shows a stored one back");
                    continue;
                }
            }
            if (secret.isEmpty() && type == ContactType.WEBHOOK && old != null && old.secret() != null) {
                secret = old.secret();
            }
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            putIfSet(node, "name", row.name());
            putIfSet(node, "type", row.type());
            putIfSet(node, "address", address);
            putIfSet(node, "secret", secret);
            try {
                ContactMethod method = OnCallFields.contactMethod("contactMethods[" + row.index() + "]", node);
                Integer earlier = rowOfName.putIfAbsent(method.name(), row.index());
                if (earlier != null) {
                    errors.add(field(row.name().isEmpty() ? "methodType" : "methodName", row.index()), "'" + method.name()
                            + "' already names the contact method above: give each its own name");
                } else {
                    methods.add(method);
                }
            } catch (InvalidOnCallSettingException invalid) {
                errors.add(methodField(invalid.field(), row.index()), invalid.problem());
            }
        }
        List<NotificationRule> rules = new ArrayList<>();
        for (RuleRow row : this.rules) {
            if (row.remove() || row.blank()) {
                continue;
            }
            String after = row.after().isEmpty() ? "0" : row.after();
            if (!after.matches("\\d{1,5}") || Integer.parseInt(after) > LONGEST_WAIT_MINUTES) {
                errors.add(field("ruleAfter", row.index()), "'" + row.after() + "' is not a number of minutes from 0 (at once) to "
                        + LONGEST_WAIT_MINUTES);
                continue;
            }
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            putIfSet(node, "contactMethod", row.contactMethod());
            node.put("after", Integer.parseInt(after) == 0 ? "0" : Integer.parseInt(after) + "m");
            ArrayNode list = JsonNodeFactory.instance.arrayNode().add(node);
            try {
                NotificationRule rule = OnCallFields.notificationRules(list, methods).get(0);
                if (rules.contains(rule)) {
                    errors.add(field("ruleMethod", row.index()), "is the same as a rule above: keep one");
                } else {
                    rules.add(rule);
                }
            } catch (InvalidOnCallSettingException invalid) {
                String problem = invalid.problem();
                errors.add(invalid.field().endsWith(".after") ? field("ruleAfter", row.index()) : field("ruleMethod", row.index()),
                        row.contactMethod().isEmpty() ? "choose a contact method" : problem);
            }
        }
        return errors.any() ? null : new Contacts(methods, rules);
    }

    /** What is saved. */
    public record Contacts(List<ContactMethod> methods, List<NotificationRule> rules) {}

    /**
     * The form to draw again after a problem: Slack, Teams and webhook URLs masked (a new one has
     * to be typed again, and says so), and a blank row of each kind at the end.
     */
    public NotificationForm forDisplay(User stored, FormErrors errors) {
        Map<String, ContactMethod> before = stored.contactMethods().stream().collect(Collectors.toMap(ContactMethod::name, method -> method,
                (a, b) -> a));
        List<MethodRow> shown = new ArrayList<>();
        for (MethodRow row : methods) {
            ContactMethod old = before.get(row.key());
            String address = row.address();
            if (row.secretAddress() && !address.isEmpty() && !address.endsWith(MASK_END)) {
                boolean unchanged = old != null && old.address().equals(address);
                if (!unchanged && errors.any()) {
                    errors.add(field("methodAddress", row.index()), "type the URL again: Andon does not show webhook URLs back");
                }
                address = OnCallFields.masked(address);
            }
            shown.add(new MethodRow(row.index(), row.key(), row.name(), row.type(), address, row.remove(),
                    old != null && old.secret() != null));
        }
        return new NotificationForm(shown, rules).withBlankRows();
    }

    /** The names a rule may choose: the methods on the form that are not being removed. */
    public List<String> methodNames() {
        List<String> names = new ArrayList<>();
        for (MethodRow row : methods) {
            String name = row.name().isEmpty() ? row.type() : row.name();
            if (!row.remove() && !row.blank() && !name.isEmpty() && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    public List<String> types() {
        return TYPES;
    }

    /** Rows keep the indexes they were posted with, so each problem stays next to its field; a blank row is added at the end. */
    private NotificationForm withBlankRows() {
        List<MethodRow> methods = new ArrayList<>(this.methods);
        if (methods.isEmpty() || !methods.getLast().blank() || methods.getLast().stored()) {
            methods.add(new MethodRow(methods.size(), "", "", "email", "", false, false));
        }
        List<RuleRow> rules = new ArrayList<>(this.rules);
        if (rules.isEmpty() || !rules.getLast().blank()) {
            rules.add(new RuleRow(rules.size(), "", "", false));
        }
        return new NotificationForm(methods, rules);
    }

    /** The id of a row's input: {@code methodAddress-2}. */
    public static String field(String name, int index) {
        return name + "-" + index;
    }

    private static String methodField(String field, int index) {
        Matcher matcher = FIELD.matcher(field == null ? "" : field);
        String part = matcher.matches() ? matcher.group(1) : "";
        return switch (part) {
            case "name" -> field("methodName", index);
            case "type" -> field("methodType", index);
            case "secret" -> field("methodSecret", index);
            default -> field("methodAddress", index);
        };
    }

    private static List<String> values(MultiValueMap<String, String> params, String name) {
        List<String> values = params.get(name);
        return values == null ? List.of() : values;
    }

    private static String at(List<String> values, int index) {
        return index < values.size() && values.get(index) != null ? values.get(index).strip() : "";
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
