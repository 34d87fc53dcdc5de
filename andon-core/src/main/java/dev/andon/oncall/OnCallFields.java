package dev.andon.oncall;

import dev.andon.catalog.Slug;
import dev.andon.catalog.User;
import dev.andon.probe.Durations;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one field vocabulary of schedules, escalation policies, contact methods and notification rules,
 * shared by the API's JSON and the YAML kinds. Reading validates and throws
 * {@link InvalidOnCallSettingException} naming the field as written ({@code layers[0].shift},
 * {@code tiers[1].targets[0]}); writing leaves defaults out, and reading what was written gives back
 * an equal record.
 */
public final class OnCallFields {
    public static final List<String> SCHEDULE_FIELDS = List.of("title", "description", "team", "timezone", "layers");
    public static final List<String> LAYER_FIELDS = List.of("name", "start", "shift", "users", "restrictions", "end");
    public static final List<String> RESTRICTION_FIELDS = List.of("days", "from", "to");
    public static final List<String> POLICY_FIELDS = List.of("title", "description", "team", "tiers", "repeat");
    public static final List<String> TIER_FIELDS = List.of("targets", "escalateAfter");
    public static final List<String> TARGET_FIELDS = List.of("user", "schedule");
    public static final List<String> CONTACT_FIELDS = List.of("name", "type", "address", "secret");
    public static final List<String> RULE_FIELDS = List.of("contactMethod", "after");
    public static final List<String> USER_FIELDS = List.of("displayName", "email", "role", "contactMethods", "notificationRules");

    /** Shorter than this, a tier's wait is a typo (1s for 1m): nobody can acknowledge that fast. */
    public static final Duration SHORTEST_ESCALATION = Duration.ofMinutes(1);
    /** PagerDuty's limit too: past this, repeating is not paging, it is noise. */
    public static final int MOST_REPEATS = 9;
    public static final Duration DEFAULT_ESCALATION = Duration.ofMinutes(30);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter LOCAL_MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final String TYPES = "email, sms, voice, slack, teams, webhook";
    private static final List<DayOfWeek> WEEK = List.of(DayOfWeek.values());

    private OnCallFields() {}

    // --- schedules

    public static Schedule schedule(String slug, JsonNode fields) {
        requireObject("spec", fields, SCHEDULE_FIELDS);
        refuseUnknown("", fields, SCHEDULE_FIELDS);
        requireSlug("name", slug);
        String team = text(fields, "team", "team");
        if (team != null) {
            requireSlug("team", team);
        }
        ZoneId zone = zone(text(fields, "timezone", "timezone"));
        JsonNode layerNodes = fields.get("layers");
        if (layerNodes == null || layerNodes.isNull() || !layerNodes.isArray() || layerNodes.isEmpty()) {
            throw new InvalidOnCallSettingException("layers", "must list at least one layer (name, start, shift, users)");
        }
        List<Layer> layers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int index = 0; index < layerNodes.size(); index++) {
            Layer layer = layer("layers[" + index + "]", layerNodes.get(index), index);
            if (!names.add(layer.name())) {
                throw new InvalidOnCallSettingException("layers[" + index + "].name", "'" + layer.name() + "' names two layers: "
                        + "give each its own name");
            }
            layers.add(layer);
        }
        return new Schedule(slug, text(fields, "title", "title"), text(fields, "description", "description"), team, zone, layers);
    }

    public static ObjectNode json(Schedule schedule) {
        ObjectNode node = NODES.objectNode();
        if (!schedule.name().equals(schedule.slug())) {
            node.put("title", schedule.name());
        }
        putIfSet(node, "description", schedule.description().isEmpty() ? null : schedule.description());
        putIfSet(node, "team", schedule.team());
        if (!schedule.zone().equals(ZoneOffset.UTC)) {
            node.put("timezone", schedule.zone().getId());
        }
        ArrayNode layers = node.putArray("layers");
        for (Layer layer : schedule.layers()) {
            ObjectNode item = layers.addObject();
            item.put("name", layer.name());
            // ISO text: 09:00 as people write it, but 09:00:30 keeps its seconds, so what is written reads back equal.
            item.put("start", layer.start().toString());
            item.put("shift", layer.shift().text());
            ArrayNode users = item.putArray("users");
            layer.users().forEach(users::add);
            if (!layer.restrictions().isEmpty()) {
                ArrayNode restrictions = item.putArray("restrictions");
                for (Restriction restriction : layer.restrictions()) {
                    ObjectNode value = restrictions.addObject();
                    ArrayNode days = value.putArray("days");
                    WEEK.stream().filter(restriction.days()::contains).forEach(day -> days.add(dayName(day)));
                    value.put("from", CLOCK.format(restriction.from()));
                    value.put("to", CLOCK.format(restriction.to()));
                }
            }
            if (layer.end() != null) {
                item.put("end", layer.end().toString());
            }
        }
        return node;
    }

    private static Layer layer(String field, JsonNode node, int index) {
        requireObject(field, node, LAYER_FIELDS);
        refuseUnknown(field + ".", node, LAYER_FIELDS);
        String name = text(node, "name", field + ".name");
        if (name == null || name.isBlank()) {
            name = "layer-" + (index + 1);
        }
        LocalDateTime start = localDateTime(node, "start", field);
        if (start == null) {
            throw new InvalidOnCallSettingException(field + ".start", "is required: when the first shift begins, in the schedule's "
                    + "time zone, such as 2026-11-02T09:00 (its time of day is the handoff time)");
        }
        String shiftText = text(node, "shift", field + ".shift");
        if (shiftText == null) {
            throw new InvalidOnCallSettingException(field + ".shift", "is required: how long each shift lasts, such as 12h, 1d or 1w");
        }
        RotationLength shift = RotationLength.parseOrNull(shiftText);
        if (shift == null) {
            throw new InvalidOnCallSettingException(field + ".shift", "'" + shiftText + "' is not a shift length: write hours, days "
                    + "or weeks, such as 12h, 1d or 1w");
        }
        List<String> users = strings(node, "users", field + ".users");
        if (users == null || users.isEmpty()) {
            throw new InvalidOnCallSettingException(field + ".users", "must list at least one user, in the order they take turns");
        }
        for (int user = 0; user < users.size(); user++) {
            requireSlug(field + ".users[" + user + "]", users.get(user));
        }
        List<Restriction> restrictions = new ArrayList<>();
        JsonNode restrictionNodes = node.get("restrictions");
        if (restrictionNodes != null && !restrictionNodes.isNull()) {
            if (!restrictionNodes.isArray()) {
                throw new InvalidOnCallSettingException(field + ".restrictions", "must be a list of {days, from, to}");
            }
            for (int restriction = 0; restriction < restrictionNodes.size(); restriction++) {
                restrictions.add(restriction(field + ".restrictions[" + restriction + "]", restrictionNodes.get(restriction)));
            }
        }
        LocalDateTime end = localDateTime(node, "end", field);
        if (end != null && !end.isAfter(start)) {
            throw new InvalidOnCallSettingException(field + ".end", "must be after start (" + LOCAL_MINUTES.format(start) + ")");
        }
        return new Layer(name, start, shift, users, restrictions, end);
    }

    private static Restriction restriction(String field, JsonNode node) {
        requireObject(field, node, RESTRICTION_FIELDS);
        refuseUnknown(field + ".", node, RESTRICTION_FIELDS);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<String> dayNames = strings(node, "days", field + ".days");
        if (dayNames == null) {
            days.addAll(WEEK);
        } else {
            if (dayNames.isEmpty()) {
                throw new InvalidOnCallSettingException(field + ".days", "must name at least one day; leave it out for every day");
            }
            for (int index = 0; index < dayNames.size(); index++) {
                DayOfWeek day = day(dayNames.get(index));
                if (day == null) {
                    throw new InvalidOnCallSettingException(field + ".days[" + index + "]", "'" + dayNames.get(index) + "' is not a day: "
                            + "use mon, tue, wed, thu, fri, sat or sun");
                }
                days.add(day);
            }
        }
        LocalTime from = clock(node, "from", field);
        LocalTime to = clock(node, "to", field);
        return new Restriction(days, from, to);
    }

    // --- escalation policies

    public static EscalationPolicy escalationPolicy(String slug, JsonNode fields) {
        requireObject("spec", fields, POLICY_FIELDS);
        refuseUnknown("", fields, POLICY_FIELDS);
        requireSlug("name", slug);
        String team = text(fields, "team", "team");
        if (team != null) {
            requireSlug("team", team);
        }
        JsonNode tierNodes = fields.get("tiers");
        if (tierNodes == null || tierNodes.isNull() || !tierNodes.isArray() || tierNodes.isEmpty()) {
            throw new InvalidOnCallSettingException("tiers", "must list at least one tier ({targets: [{schedule: ...}], escalateAfter: 30m})");
        }
        List<EscalationTier> tiers = new ArrayList<>();
        for (int index = 0; index < tierNodes.size(); index++) {
            tiers.add(tier("tiers[" + index + "]", tierNodes.get(index)));
        }
        int repeat = 0;
        JsonNode repeatNode = fields.get("repeat");
        if (repeatNode != null && !repeatNode.isNull()) {
            // canConvertToInt: asInt() throws for a number past int, which would not name the field.
            Integer value = repeatNode.isIntegralNumber() && repeatNode.canConvertToInt() ? Integer.valueOf(repeatNode.asInt())
                    : repeatNode.isString() && repeatNode.asString().strip().matches("\\d{1,2}") ? Integer.valueOf(repeatNode.asString().strip())
                    : null;
            if (value == null || value < 0 || value > MOST_REPEATS) {
                throw new InvalidOnCallSettingException("repeat", "must be a whole number from 0 to " + MOST_REPEATS
                        + ": how many more times the tiers are run when nobody acknowledges");
            }
            repeat = value;
        }
        return new EscalationPolicy(slug, text(fields, "title", "title"), text(fields, "description", "description"), team, tiers, repeat);
    }

    public static ObjectNode json(EscalationPolicy policy) {
        ObjectNode node = NODES.objectNode();
        if (!policy.name().equals(policy.slug())) {
            node.put("title", policy.name());
        }
        putIfSet(node, "description", policy.description().isEmpty() ? null : policy.description());
        putIfSet(node, "team", policy.team());
        ArrayNode tiers = node.putArray("tiers");
        for (EscalationTier tier : policy.tiers()) {
            ObjectNode item = tiers.addObject();
            ArrayNode targets = item.putArray("targets");
            for (EscalationTarget target : tier.targets()) {
                targets.addObject().put(target.kind() == EscalationTarget.Kind.USER ? "user" : "schedule", target.name());
            }
            if (!tier.escalateAfter().equals(DEFAULT_ESCALATION)) {
                item.put("escalateAfter", Durations.format(tier.escalateAfter()));
            }
        }
        if (policy.repeat() != 0) {
            node.put("repeat", policy.repeat());
        }
        return node;
    }

    private static EscalationTier tier(String field, JsonNode node) {
        requireObject(field, node, TIER_FIELDS);
        refuseUnknown(field + ".", node, TIER_FIELDS);
        JsonNode targetNodes = node.get("targets");
        if (targetNodes == null || targetNodes.isNull() || !targetNodes.isArray() || targetNodes.isEmpty()) {
            throw new InvalidOnCallSettingException(field + ".targets", "must list who this tier pages: {user: alice} or "
                    + "{schedule: payments-primary}");
        }
        List<EscalationTarget> targets = new ArrayList<>();
        for (int index = 0; index < targetNodes.size(); index++) {
            String targetField = field + ".targets[" + index + "]";
            JsonNode target = targetNodes.get(index);
            requireObject(targetField, target, TARGET_FIELDS);
            refuseUnknown(targetField + ".", target, TARGET_FIELDS);
            String user = text(target, "user", targetField + ".user");
            String schedule = text(target, "schedule", targetField + ".schedule");
            if ((user == null) == (schedule == null)) {
                throw new InvalidOnCallSettingException(targetField, "give either user or schedule");
            }
            EscalationTarget value = user != null ? EscalationTarget.user(user) : EscalationTarget.schedule(schedule);
            requireSlug(targetField + (user != null ? ".user" : ".schedule"), value.name());
            if (targets.contains(value)) {
                throw new InvalidOnCallSettingException(targetField, "is listed twice in this tier: keep one");
            }
            targets.add(value);
        }
        Duration after = DEFAULT_ESCALATION;
        String afterText = text(node, "escalateAfter", field + ".escalateAfter");
        if (afterText != null) {
            after = Durations.parseOrNull(afterText);
            if (after == null) {
                throw new InvalidOnCallSettingException(field + ".escalateAfter", "'" + afterText + "' is not a duration: write it like "
                        + "5m, 30m or 1h");
            }
            if (after.compareTo(SHORTEST_ESCALATION) < 0) {
                throw new InvalidOnCallSettingException(field + ".escalateAfter", "must be at least 1m, not " + afterText.strip()
                        + ": a person needs time to acknowledge");
            }
        }
        return new EscalationTier(targets, after);
    }

    // --- users: who they are and how to reach them

    /** Reads a user: display name, email, role (admin or member), contact methods and notification rules. */
    public static User user(String username, JsonNode fields) {
        requireObject("spec", fields, USER_FIELDS);
        refuseUnknown("", fields, USER_FIELDS);
        requireSlug("name", username);
        String roleText = text(fields, "role", "role");
        User.Role role = null;
        if (roleText != null) {
            try {
                role = User.Role.parse(roleText.strip());
            } catch (IllegalArgumentException unknown) {
                throw new InvalidOnCallSettingException("role", "'" + roleText + "' is not a role: use admin or member");
            }
        }
        List<ContactMethod> methods = contactMethods(fields.get("contactMethods"));
        List<NotificationRule> rules = notificationRules(fields.get("notificationRules"), methods);
        return new User(username, text(fields, "displayName", "displayName"), text(fields, "email", "email"), role, methods, rules);
    }

    // --- contact methods and notification rules (fields of a User)

    /** The contact methods of a user from their JSON list; null or missing reads as none. */
    public static List<ContactMethod> contactMethods(JsonNode list) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new InvalidOnCallSettingException("contactMethods", "must be a list of {name, type, address}");
        }
        List<ContactMethod> methods = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int index = 0; index < list.size(); index++) {
            String field = "contactMethods[" + index + "]";
            ContactMethod method = contactMethod(field, list.get(index));
            if (!names.add(method.name())) {
                throw new InvalidOnCallSettingException(field + ".name", "'" + method.name() + "' names two contact methods: give each "
                        + "its own name");
            }
            methods.add(method);
        }
        return methods;
    }

    public static ContactMethod contactMethod(String field, JsonNode node) {
        requireObject(field, node, CONTACT_FIELDS);
        refuseUnknown(field + ".", node, CONTACT_FIELDS);
        String typeText = text(node, "type", field + ".type");
        if (typeText == null) {
            throw new InvalidOnCallSettingException(field + ".type", "is required: one of " + TYPES);
        }
        ContactType type = ContactType.parse(typeText.strip().toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new InvalidOnCallSettingException(field + ".type", "'" + typeText + "' is not a contact type: use one of " + TYPES);
        }
        String address = text(node, "address", field + ".address");
        if (address == null || address.isBlank()) {
            throw new InvalidOnCallSettingException(field + ".address", "is required: " + addressHint(type));
        }
        address = address.strip();
        boolean valid = switch (type) {
            case EMAIL -> EMAIL.matcher(address).matches();
            case SMS, VOICE -> PHONE.matcher(address).matches();
            case SLACK, TEAMS, WEBHOOK -> address.startsWith("https://") || address.startsWith("http://");
        };
        if (!valid) {
            // Unquoted in YAML, +4915123456789 is read as a number and loses its +: say so, or the problem makes no sense.
            String unquoted = node.get("address").isNumber() ? ": put it in quotes (\"+" + address + "\") or YAML reads it as a "
                    + "number and drops the +" : "";
            throw new InvalidOnCallSettingException(field + ".address", "'" + (type.addressIsSecret() ? "(hidden)" : address)
                    + "' is not " + addressHint(type) + unquoted);
        }
        String name = text(node, "name", field + ".name");
        if (name == null || name.isBlank()) {
            name = type.text();
        }
        requireSlug(field + ".name", name);
        String secret = text(node, "secret", field + ".secret");
        if (secret != null && type != ContactType.WEBHOOK) {
            throw new InvalidOnCallSettingException(field + ".secret", "only a webhook is signed with a secret: remove it");
        }
        return new ContactMethod(name, type, address, secret == null || secret.isEmpty() ? null : secret);
    }

    /** The notification rules of a user, each naming one of {@code methods}; none given means none. */
    public static List<NotificationRule> notificationRules(JsonNode list, List<ContactMethod> methods) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new InvalidOnCallSettingException("notificationRules", "must be a list of {contactMethod, after}");
        }
        List<NotificationRule> rules = new ArrayList<>();
        for (int index = 0; index < list.size(); index++) {
            String field = "notificationRules[" + index + "]";
            JsonNode node = list.get(index);
            requireObject(field, node, RULE_FIELDS);
            refuseUnknown(field + ".", node, RULE_FIELDS);
            String method = text(node, "contactMethod", field + ".contactMethod");
            if (method == null || method.isBlank()) {
                throw new InvalidOnCallSettingException(field + ".contactMethod", "is required: the name of one of this user's contact "
                        + "methods");
            }
            if (methods.stream().noneMatch(contact -> contact.name().equals(method))) {
                throw new InvalidOnCallSettingException(field + ".contactMethod", "'" + method + "' is not one of this user's contact "
                        + "methods" + (methods.isEmpty() ? " (they have none)" : ": " + String.join(", ",
                        methods.stream().map(ContactMethod::name).toList())));
            }
            Duration after = Duration.ZERO;
            String afterText = text(node, "after", field + ".after");
            if (afterText != null) {
                after = afterText.strip().equals("0") ? Duration.ZERO : Durations.parseOrNull(afterText);
                if (after == null || after.isNegative()) {
                    throw new InvalidOnCallSettingException(field + ".after", "'" + afterText + "' is not a duration: write it like 0m "
                            + "(at once), 5m or 15m");
                }
            }
            NotificationRule rule = new NotificationRule(method, after);
            if (rules.contains(rule)) {
                throw new InvalidOnCallSettingException(field, "is the same as an earlier rule: keep one");
            }
            rules.add(rule);
        }
        return rules;
    }

    public static ArrayNode json(List<ContactMethod> methods, boolean withSecrets) {
        ArrayNode list = NODES.arrayNode();
        for (ContactMethod method : methods) {
            ObjectNode node = list.addObject();
            node.put("name", method.name());
            node.put("type", method.type().text());
            node.put("address", withSecrets || !method.type().addressIsSecret() ? method.address() : masked(method.address()));
            if (method.secret() != null) {
                node.put("secret", withSecrets ? method.secret() : "(hidden)");
            }
        }
        return list;
    }

    public static ArrayNode rulesJson(List<NotificationRule> rules) {
        ArrayNode list = NODES.arrayNode();
        for (NotificationRule rule : rules) {
            ObjectNode node = list.addObject();
            node.put("contactMethod", rule.contactMethod());
            node.put("after", rule.after().isZero() ? "0m" : Durations.format(rule.after()));
        }
        return list;
    }

    /**
     * "https://hooks.slack.com/…": enough to recognise a webhook, not enough to use it. Only scheme and
     * host (with port) are kept: a query, fragment or user:password can carry the credential as well as a path.
     */
    public static String masked(String url) {
        int slashes = url.indexOf("//");
        int start = slashes < 0 ? 0 : slashes + 2;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        return url.substring(0, start) + authority.substring(authority.lastIndexOf('@') + 1) + "/…";
    }

    private static String addressHint(ContactType type) {
        return switch (type) {
            case EMAIL -> "an email address";
            case SMS, VOICE -> "a phone number in E.164 form, such as +4915123456789";
            case SLACK -> "a Slack incoming-webhook URL (https://hooks.slack.com/services/...)";
            case TEAMS -> "a Microsoft Teams incoming-webhook URL";
            case WEBHOOK -> "an http(s) URL";
        };
    }

    // --- reading values

    private static DayOfWeek day(String text) {
        String name = text.strip().toLowerCase(Locale.ROOT);
        for (DayOfWeek day : WEEK) {
            String full = day.name().toLowerCase(Locale.ROOT);
            if (name.equals(full) || name.equals(full.substring(0, 3))) {
                return day;
            }
        }
        return null;
    }

    private static String dayName(DayOfWeek day) {
        return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }

    private static LocalTime clock(JsonNode node, String name, String field) {
        String text = text(node, name, field + "." + name);
        if (text == null) {
            throw new InvalidOnCallSettingException(field + "." + name, "is required: a time of day such as 09:00");
        }
        String value = text.strip();
        if (value.equals("24:00")) {
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(value.length() == 4 ? "0" + value : value, CLOCK);
        } catch (DateTimeParseException unreadable) {
            throw new InvalidOnCallSettingException(field + "." + name, "'" + text + "' is not a time of day: write it like 09:00 or 17:30");
        }
    }

    private static LocalDateTime localDateTime(JsonNode node, String name, String field) {
        String text = text(node, name, field + "." + name);
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip());
        } catch (DateTimeParseException unreadable) {
            throw new InvalidOnCallSettingException(field + "." + name, "'" + text + "' is not a local date and time: write it like "
                    + "2026-11-02T09:00, without an offset (the schedule's timezone applies)");
        }
    }

    private static ZoneId zone(String timezone) {
        if (timezone == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timezone.strip()).normalized();
        } catch (DateTimeException unknown) {
            throw new InvalidOnCallSettingException("timezone", "'" + timezone + "' is not a time zone: use an IANA name such as "
                    + "Europe/Berlin");
        }
    }

    private static void requireObject(String field, JsonNode node, List<String> known) {
        if (node == null || !node.isObject()) {
            throw new InvalidOnCallSettingException(field, "must be a mapping of fields: " + String.join(", ", known));
        }
    }

    private static void refuseUnknown(String prefix, JsonNode fields, List<String> known) {
        for (String name : fields.propertyNames()) {
            if (!known.contains(name)) {
                throw new InvalidOnCallSettingException(prefix + name, "unknown field '" + name + "'; known fields: " + String.join(", ", known));
            }
        }
    }

    private static void requireSlug(String field, String slug) {
        String problem = Slug.problem(slug);
        if (problem != null) {
            throw new InvalidOnCallSettingException(field, problem);
        }
    }

    private static String text(JsonNode fields, String name, String field) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new InvalidOnCallSettingException(field, "must be text, not a " + (value.isArray() ? "list" : "mapping"));
        }
        return value.asString();
    }

    private static List<String> strings(JsonNode fields, String name, String field) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new InvalidOnCallSettingException(field, "must be a list, not " + (value.isValueNode() ? "'" + value.asString() + "'"
                    : "a mapping"));
        }
        List<String> strings = new ArrayList<>();
        for (int index = 0; index < value.size(); index++) {
            JsonNode item = value.get(index);
            if (!item.isValueNode() || item.isNull()) {
                throw new InvalidOnCallSettingException(field + "[" + index + "]", "must be text");
            }
            strings.add(item.asString());
        }
        return strings;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
