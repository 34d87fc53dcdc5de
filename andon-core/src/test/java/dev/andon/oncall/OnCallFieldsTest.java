package dev.andon.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andon.catalog.User;
import dev.andon.probe.ProbeSpecs;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The field vocabulary of schedules, escalation policies and users' contacts: what reads, what is refused and where, and the way back. */
class OnCallFieldsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final String TWO_LAYERS = """
            {'title': 'Payments primary', 'description': 'Who answers for payments', 'team': 'payments',
             'timezone': 'Europe/Berlin',
             'layers': [
               {'name': 'weekly', 'start': '2026-11-02T09:00', 'shift': '1w', 'users': ['alice', 'bob', 'carol']},
               {'name': 'nights', 'start': '2026-11-02T22:00', 'shift': '1d', 'users': ['dave', 'erin'],
                'restrictions': [{'days': ['mon', 'tue', 'wed', 'thu', 'fri'], 'from': '22:00', 'to': '06:00'},
                                 {'days': ['sat'], 'from': '00:00', 'to': '00:00'}],
                'end': '2027-01-01T00:00'}]}
            """;

    private static final String ESCALATION = """
            {'title': 'Payments', 'team': 'payments',
             'tiers': [
               {'targets': [{'schedule': 'payments-primary'}], 'escalateAfter': '10m'},
               {'targets': [{'user': 'alice'}, {'schedule': 'payments-secondary'}], 'escalateAfter': '1h'},
               {'targets': [{'user': 'bob'}]}],
             'repeat': 2}
            """;

    private static final String EVERY_CONTACT = """
            {'displayName': 'Alice', 'email': 'alice@example.com', 'role': 'admin',
             'contactMethods': [
               {'name': 'work-email', 'type': 'email', 'address': 'alice@example.com'},
               {'name': 'mobile', 'type': 'sms', 'address': '+4915123456789'},
               {'name': 'mobile-call', 'type': 'voice', 'address': '+4915123456789'},
               {'name': 'slack', 'type': 'slack', 'address': 'https://hooks.slack.com/services/T000/B000/XXXX'},
               {'name': 'teams', 'type': 'teams', 'address': 'https://example.webhook.office.com/webhookb2/abc'},
               {'name': 'pager-bridge', 'type': 'webhook', 'address': 'https://bridge.example.com/page', 'secret': 's3cret'}],
             'notificationRules': [
               {'contactMethod': 'slack', 'after': '0m'},
               {'contactMethod': 'mobile', 'after': '5m'},
               {'contactMethod': 'mobile-call', 'after': '15m'}]}
            """;

    /** JSON written with single quotes, for legibility. */
    private static JsonNode json(String text) {
        return ProbeSpecs.json().readTree(text.replace('\'', '"'));
    }

    private static Schedule schedule(String fields) {
        return OnCallFields.schedule("payments-primary", json(fields));
    }

    private static EscalationPolicy policy(String fields) {
        return OnCallFields.escalationPolicy("payments", json(fields));
    }

    private static User user(String fields) {
        return OnCallFields.user("alice", json(fields));
    }

    /** A user as the API and the files write one: there is no single writer for users, so the fields are put together here. */
    private static ObjectNode written(User user) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("displayName", user.displayName());
        node.put("email", user.email());
        node.put("role", user.role().wireName());
        node.set("contactMethods", OnCallFields.json(user.contactMethods(), true));
        node.set("notificationRules", OnCallFields.rulesJson(user.notificationRules()));
        return node;
    }

    /** A schedule of one layer with the given extra fields, which may override the layer's own. */
    private static String oneLayer(String layerFields) {
        return "{'layers': [{'name': 'weekly', 'start': '2026-11-02T09:00', 'shift': '1w', 'users': ['alice']"
                + (layerFields.isEmpty() ? "" : ", " + layerFields) + "}]}";
    }

    /** A user with one contact method of the given fields. */
    private static String oneContact(String contactFields) {
        return "{'contactMethods': [{" + contactFields + "}]}";
    }

    private static void assertRefused(Runnable read, String field, String problem) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(InvalidOnCallSettingException.class, invalid -> {
            assertThat(invalid.field()).isEqualTo(field);
            assertThat(invalid.problem()).startsWith(problem);
        }).hasMessageStartingWith(field + ": ");
    }

    private static void assertScheduleRefused(String fields, String field, String problem) {
        assertRefused(() -> schedule(fields), field, problem);
    }

    private static void assertPolicyRefused(String fields, String field, String problem) {
        assertRefused(() -> policy(fields), field, problem);
    }

    private static void assertUserRefused(String fields, String field, String problem) {
        assertRefused(() -> user(fields), field, problem);
    }

    // --- schedules

    @Test
    void readsAScheduleWithTwoLayersRestrictionsAndAnEnd() {
        Schedule schedule = schedule(TWO_LAYERS);

        assertThat(schedule).isEqualTo(new Schedule("payments-primary", "Payments primary", "Who answers for payments", "payments", BERLIN,
                List.of(new Layer("weekly", LocalDateTime.parse("2026-11-02T09:00"), new RotationLength(1, ChronoUnit.WEEKS),
                                List.of("alice", "bob", "carol"), List.of(), null),
                        new Layer("nights", LocalDateTime.parse("2026-11-02T22:00"), new RotationLength(1, ChronoUnit.DAYS),
                                List.of("dave", "erin"), List.of(
                                        new Restriction(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0)),
                                        new Restriction(EnumSet.of(DayOfWeek.SATURDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)),
                                LocalDateTime.parse("2027-01-01T00:00")))));
        assertThat(schedule.layers().get(1).restrictions().getFirst().crossesMidnight()).isTrue();
    }

    @Test
    void aScheduleSurvivesTheRoundTrip() {
        Schedule schedule = schedule(TWO_LAYERS);

        assertThat(OnCallFields.json(schedule)).isEqualTo(json(TWO_LAYERS));
        assertThat(OnCallFields.schedule("payments-primary", OnCallFields.json(schedule))).isEqualTo(schedule);
    }

    @Test
    void aMinimalScheduleIsInUtcAndWritesBackAsGiven() {
        Schedule schedule = schedule(oneLayer(""));

        assertThat(schedule.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(schedule.name()).isEqualTo("payments-primary");
        assertThat(OnCallFields.json(schedule)).isEqualTo(json(oneLayer("")));
    }

    @Test
    void aLayerWithoutANameIsNamedByItsPosition() {
        Schedule schedule = schedule("{'layers': [{'start': '2026-11-02T09:00', 'shift': '1w', 'users': ['alice']},"
                + " {'start': '2026-11-02T09:00', 'shift': '12h', 'users': ['bob']}]}");

        assertThat(schedule.layers()).extracting(Layer::name).containsExactly("layer-1", "layer-2");
    }

    @Test
    void aRestrictionWithoutDaysAppliesEveryDay() {
        Schedule schedule = schedule(oneLayer("'restrictions': [{'from': '09:00', 'to': '17:00'}]"));

        assertThat(schedule.layers().getFirst().restrictions()).containsExactly(
                new Restriction(EnumSet.allOf(DayOfWeek.class), LocalTime.of(9, 0), LocalTime.of(17, 0)));
        assertThat(OnCallFields.schedule("payments-primary", OnCallFields.json(schedule))).isEqualTo(schedule);
    }

    @Test
    void daysAndTimesAreReadAsPeopleWriteThem() {
        Schedule schedule = schedule(oneLayer("'restrictions': [{'days': ['Monday', 'SUN'], 'from': '9:00', 'to': '24:00'}]"));

        assertThat(schedule.layers().getFirst().restrictions()).containsExactly(
                new Restriction(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.SUNDAY), LocalTime.of(9, 0), LocalTime.MIDNIGHT));
    }

    @Test
    void aScheduleWithoutLayersIsRefused() {
        assertScheduleRefused("{'title': 'Primary'}", "layers", "must list at least one layer");
        assertScheduleRefused("{'layers': []}", "layers", "must list at least one layer");
    }

    @Test
    void aShiftLengthThatIsNotHoursDaysOrWeeksIsRefused() {
        assertScheduleRefused(oneLayer("'shift': '3x'"), "layers[0].shift", "'3x' is not a shift length");
        assertScheduleRefused(oneLayer("'shift': '0d'"), "layers[0].shift", "'0d' is not a shift length");
    }

    @Test
    void aLayerWithoutUsersIsRefusedAtItsOwnIndex() {
        assertScheduleRefused("{'layers': [{'name': 'a', 'start': '2026-11-02T09:00', 'shift': '1w', 'users': ['alice']},"
                + " {'name': 'b', 'start': '2026-11-02T09:00', 'shift': '1w', 'users': []}]}", "layers[1].users", "must list at least one user");
        assertScheduleRefused(oneLayer("'users': ['alice', 'Bob']"), "layers[0].users[1]", "'Bob' is not a valid slug");
    }

    @Test
    void anUnknownDayIsRefusedAtItsPlaceInTheList() {
        assertScheduleRefused(oneLayer("'restrictions': [{'days': ['mon', 'funday'], 'from': '09:00', 'to': '17:00'}]"),
                "layers[0].restrictions[0].days[1]", "'funday' is not a day: use mon, tue, wed, thu, fri, sat or sun");
        assertScheduleRefused(oneLayer("'restrictions': [{'days': [], 'from': '09:00', 'to': '17:00'}]"),
                "layers[0].restrictions[0].days", "must name at least one day");
    }

    @Test
    void aTimeOfDayPastMidnightIsRefused() {
        assertScheduleRefused(oneLayer("'restrictions': [{'from': '25:00', 'to': '06:00'}]"),
                "layers[0].restrictions[0].from", "'25:00' is not a time of day");
        assertScheduleRefused(oneLayer("'restrictions': [{'from': '22:00'}]"), "layers[0].restrictions[0].to", "is required");
    }

    @Test
    void anUnknownTimeZoneIsRefused() {
        assertScheduleRefused("{'timezone': 'Mars/Olympus', 'layers': [{'start': '2026-11-02T09:00', 'shift': '1w', 'users': ['a']}]}",
                "timezone", "'Mars/Olympus' is not a time zone");
    }

    @Test
    void twoLayersOfTheSameNameAreRefusedAtTheSecond() {
        assertScheduleRefused("{'layers': [{'name': 'weekly', 'start': '2026-11-02T09:00', 'shift': '1w', 'users': ['alice']},"
                + " {'name': 'weekly', 'start': '2026-11-02T09:00', 'shift': '1d', 'users': ['bob']}]}",
                "layers[1].name", "'weekly' names two layers");
    }

    @Test
    void anEndNotAfterTheStartIsRefused() {
        assertScheduleRefused(oneLayer("'end': '2026-11-01T09:00'"), "layers[0].end", "must be after start (2026-11-02T09:00)");
        assertScheduleRefused(oneLayer("'end': '2026-11-02T09:00'"), "layers[0].end", "must be after start");
    }

    @Test
    void aStartIsRequiredAndHasNoOffset() {
        assertScheduleRefused("{'layers': [{'shift': '1w', 'users': ['alice']}]}", "layers[0].start", "is required");
        assertScheduleRefused(oneLayer("'start': '2026-11-02T09:00+01:00'"), "layers[0].start", "'2026-11-02T09:00+01:00' is not a local date");
    }

    @Test
    void unknownScheduleFieldsAreRefusedAtTheirPath() {
        assertScheduleRefused("{'timeZone': 'Europe/Berlin', 'layers': []}", "timeZone", "unknown field 'timeZone'; known fields: title,");
        assertScheduleRefused(oneLayer("'rotation': 'weekly'"), "layers[0].rotation", "unknown field 'rotation'");
        assertScheduleRefused(oneLayer("'restrictions': [{'from': '09:00', 'to': '17:00', 'weekdays': true}]"),
                "layers[0].restrictions[0].weekdays", "unknown field 'weekdays'");
    }

    @Test
    void aLayerStartWithSecondsSurvivesTheRoundTrip() {
        Schedule schedule = schedule(oneLayer("'start': '2026-11-02T09:00:30'"));

        assertThat(OnCallFields.schedule("payments-primary", OnCallFields.json(schedule))).isEqualTo(schedule);
    }

    // --- escalation policies

    @Test
    void readsAPolicyWithUserAndScheduleTargets() {
        EscalationPolicy policy = policy(ESCALATION);

        assertThat(policy).isEqualTo(new EscalationPolicy("payments", "Payments", null, "payments", List.of(
                new EscalationTier(List.of(EscalationTarget.schedule("payments-primary")), Duration.ofMinutes(10)),
                new EscalationTier(List.of(EscalationTarget.user("alice"), EscalationTarget.schedule("payments-secondary")), Duration.ofHours(1)),
                new EscalationTier(List.of(EscalationTarget.user("bob")), Duration.ofMinutes(30))), 2));
    }

    @Test
    void aPolicySurvivesTheRoundTrip() {
        EscalationPolicy policy = policy(ESCALATION);

        assertThat(OnCallFields.json(policy)).isEqualTo(json(ESCALATION));
        assertThat(OnCallFields.escalationPolicy("payments", OnCallFields.json(policy))).isEqualTo(policy);
    }

    @Test
    void theDefaultWaitAndNoRepeatAreLeftOutWhenWritten() {
        EscalationPolicy policy = policy("{'tiers': [{'targets': [{'user': 'alice'}], 'escalateAfter': '30m'}], 'repeat': 0}");

        assertThat(policy.tiers().getFirst().escalateAfter()).isEqualTo(OnCallFields.DEFAULT_ESCALATION).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.repeat()).isZero();
        assertThat(OnCallFields.json(policy)).isEqualTo(json("{'tiers': [{'targets': [{'user': 'alice'}]}]}"));
    }

    @Test
    void repeatMayBeWrittenAsText() {
        assertThat(policy("{'tiers': [{'targets': [{'user': 'alice'}]}], 'repeat': '3'}").repeat()).isEqualTo(3);
    }

    @Test
    void aPolicyWithoutTiersIsRefused() {
        assertPolicyRefused("{'title': 'Payments'}", "tiers", "must list at least one tier");
        assertPolicyRefused("{'tiers': [{'escalateAfter': '5m'}]}", "tiers[0].targets", "must list who this tier pages");
    }

    @Test
    void aTargetNamingBothAUserAndAScheduleIsRefused() {
        assertPolicyRefused("{'tiers': [{'targets': [{'user': 'alice', 'schedule': 'primary'}]}]}", "tiers[0].targets[0]",
                "give either user or schedule");
        assertPolicyRefused("{'tiers': [{'targets': [{}]}]}", "tiers[0].targets[0]", "give either user or schedule");
        assertPolicyRefused("{'tiers': [{'targets': [{'user': 'alice'}, {'user': 'alice'}]}]}", "tiers[0].targets[1]", "is listed twice");
    }

    @Test
    void aWaitShorterThanAMinuteIsRefused() {
        assertPolicyRefused("{'tiers': [{'targets': [{'user': 'alice'}], 'escalateAfter': '30s'}]}", "tiers[0].escalateAfter",
                "must be at least 1m, not 30s");
        assertPolicyRefused("{'tiers': [{'targets': [{'user': 'alice'}]}, {'targets': [{'user': 'bob'}], 'escalateAfter': 'soon'}]}",
                "tiers[1].escalateAfter", "'soon' is not a duration");
        assertThat(policy("{'tiers': [{'targets': [{'user': 'alice'}], 'escalateAfter': '1m'}]}").tiers().getFirst().escalateAfter())
                .isEqualTo(OnCallFields.SHORTEST_ESCALATION);
    }

    @Test
    void repeatingMoreThanNineTimesIsRefused() {
        assertPolicyRefused("{'tiers': [{'targets': [{'user': 'alice'}]}], 'repeat': 10}", "repeat", "must be a whole number from 0 to 9");
        assertPolicyRefused("{'tiers': [{'targets': [{'user': 'alice'}]}], 'repeat': -1}", "repeat", "must be a whole number from 0 to 9");
        assertPolicyRefused("{'tiers': [{'targets': [{'user': 'alice'}]}], 'repeat': 'twice'}", "repeat", "must be a whole number");
        assertPolicyRefused("{'tiers': [{'targets': [{'user': 'alice'}]}], 'repeat': 4294967296}", "repeat", "must be a whole number");
    }

    @Test
    void unknownPolicyFieldsAreRefusedAtTheirPath() {
        assertPolicyRefused("{'tiers': [{'targets': [{'user': 'alice'}]}], 'loop': 2}", "loop", "unknown field 'loop'");
        assertPolicyRefused("{'tiers': [{'targets': [{'user': 'alice'}], 'delay': '5m'}]}", "tiers[0].delay", "unknown field 'delay'");
        assertPolicyRefused("{'tiers': [{'targets': [{'team': 'payments'}]}]}", "tiers[0].targets[0].team", "unknown field 'team'");
    }

    // --- users, contact methods and notification rules

    @Test
    void readsAUserWithEveryTypeOfContactMethod() {
        User user = user(EVERY_CONTACT);

        assertThat(user.role()).isEqualTo(User.Role.ADMIN);
        assertThat(user.contactMethods()).extracting(ContactMethod::type).containsExactly(ContactType.values());
        assertThat(user.contactMethods().getLast()).isEqualTo(new ContactMethod("pager-bridge", ContactType.WEBHOOK,
                "https://bridge.example.com/page", "s3cret"));
        assertThat(user.notificationRules()).containsExactly(new NotificationRule("slack", Duration.ZERO),
                new NotificationRule("mobile", Duration.ofMinutes(5)), new NotificationRule("mobile-call", Duration.ofMinutes(15)));
    }

    @Test
    void aUserSurvivesTheRoundTrip() {
        User user = user(EVERY_CONTACT);

        assertThat(written(user)).isEqualTo(json(EVERY_CONTACT));
        assertThat(OnCallFields.user("alice", written(user))).isEqualTo(user);
    }

    @Test
    void aContactMethodWithoutANameIsNamedByItsType() {
        assertThat(user(oneContact("'type': 'email', 'address': 'alice@example.com'")).contactMethods()).containsExactly(
                new ContactMethod("email", ContactType.EMAIL, "alice@example.com", null));
    }

    @Test
    void aRuleWithoutAfterNotifiesAtOnce() {
        User user = user("{'contactMethods': [{'type': 'email', 'address': 'a@example.com'}], 'notificationRules': [{'contactMethod': 'email'}]}");

        assertThat(user.notificationRules()).containsExactly(new NotificationRule("email", Duration.ZERO));
    }

    @Test
    void aPhoneNumberMustBeInE164() {
        assertUserRefused(oneContact("'type': 'sms', 'address': '12345'"), "contactMethods[0].address",
                "'12345' is not a phone number in E.164 form");
        assertUserRefused(oneContact("'type': 'voice', 'address': '+49 151 2345 6789'"), "contactMethods[0].address",
                "'+49 151 2345 6789' is not a phone number in E.164 form");
    }

    @Test
    void aWebhookAddressMustBeAnHttpUrlAndIsNeverRepeated() {
        assertUserRefused(oneContact("'type': 'slack', 'address': 'hooks.slack.com/services/T000/B000/XXXX'"),
                "contactMethods[0].address", "'(hidden)' is not a Slack incoming-webhook URL");
        assertUserRefused(oneContact("'type': 'webhook', 'address': 'ftp://example.com/x'"), "contactMethods[0].address",
                "'(hidden)' is not an http(s) URL");
        assertUserRefused(oneContact("'type': 'email', 'address': 'alice'"), "contactMethods[0].address",
                "'alice' is not an email address");
    }

    @Test
    void onlyAWebhookHasASecret() {
        assertUserRefused(oneContact("'type': 'slack', 'address': 'https://hooks.slack.com/services/x', 'secret': 's3cret'"),
                "contactMethods[0].secret", "only a webhook is signed with a secret");
    }

    @Test
    void twoContactMethodsOfTheSameNameAreRefused() {
        assertUserRefused("{'contactMethods': [{'type': 'email', 'address': 'a@example.com'},"
                + " {'type': 'email', 'address': 'b@example.com'}]}", "contactMethods[1].name", "'email' names two contact methods");
    }

    @Test
    void aContactTypeOrAddressLeftOutIsRefused() {
        assertUserRefused(oneContact("'type': 'pager', 'address': 'x'"), "contactMethods[0].type", "'pager' is not a contact type");
        assertUserRefused(oneContact("'address': 'a@example.com'"), "contactMethods[0].type", "is required");
        assertUserRefused(oneContact("'type': 'email'"), "contactMethods[0].address", "is required: an email address");
    }

    @Test
    void aRuleMustNameOneOfTheUsersContactMethods() {
        assertUserRefused("{'contactMethods': [{'name': 'work', 'type': 'email', 'address': 'a@example.com'}],"
                + " 'notificationRules': [{'contactMethod': 'phone'}]}", "notificationRules[0].contactMethod",
                "'phone' is not one of this user's contact methods: work");
        assertUserRefused("{'notificationRules': [{'contactMethod': 'phone'}]}", "notificationRules[0].contactMethod",
                "'phone' is not one of this user's contact methods (they have none)");
    }

    @Test
    void aRuleAfterANegativeOrUnreadableTimeIsRefused() {
        String contacts = "'contactMethods': [{'type': 'email', 'address': 'a@example.com'}]";
        assertUserRefused("{" + contacts + ", 'notificationRules': [{'contactMethod': 'email', 'after': '-5m'}]}",
                "notificationRules[0].after", "'-5m' is not a duration");
        assertUserRefused("{" + contacts + ", 'notificationRules': [{'contactMethod': 'email', 'after': '-PT5M'}]}",
                "notificationRules[0].after", "'-PT5M' is not a duration");
        assertUserRefused("{" + contacts + ", 'notificationRules': [{'contactMethod': 'email', 'after': 'soon'}]}",
                "notificationRules[0].after", "'soon' is not a duration");
        assertUserRefused("{" + contacts + ", 'notificationRules': [{'contactMethod': 'email'}, {'contactMethod': 'email', 'after': '0'}]}",
                "notificationRules[1]", "is the same as an earlier rule");
    }

    @Test
    void unknownUserFieldsAreRefusedAtTheirPath() {
        assertUserRefused("{'phone': '+4915123456789'}", "phone", "unknown field 'phone'");
        assertUserRefused(oneContact("'type': 'email', 'address': 'a@example.com', 'label': 'work'"), "contactMethods[0].label",
                "unknown field 'label'");
        assertUserRefused("{'contactMethods': [{'type': 'email', 'address': 'a@example.com'}],"
                + " 'notificationRules': [{'contactMethod': 'email', 'delay': '5m'}]}", "notificationRules[0].delay", "unknown field 'delay'");
        assertUserRefused("{'role': 'owner'}", "role", "'owner' is not a role");
    }

    @Test
    void contactMethodsWithoutSecretsShowOnlyWhereAWebhookGoes() {
        List<ContactMethod> methods = user(EVERY_CONTACT).contactMethods();

        assertThat(OnCallFields.json(methods, false)).isEqualTo(json("""
                [{'name': 'work-email', 'type': 'email', 'address': 'alice@example.com'},
                 {'name': 'mobile', 'type': 'sms', 'address': '+4915123456789'},
                 {'name': 'mobile-call', 'type': 'voice', 'address': '+4915123456789'},
                 {'name': 'slack', 'type': 'slack', 'address': 'https://hooks.slack.com/…'},
                 {'name': 'teams', 'type': 'teams', 'address': 'https://example.webhook.office.com/…'},
                 {'name': 'pager-bridge', 'type': 'webhook', 'address': 'https://bridge.example.com/…', 'secret': '(hidden)'}]
                """));
    }

    @Test
    void maskedKeepsOnlySchemeAndHost() {
        assertThat(OnCallFields.masked("https://hooks.slack.com/services/T000/B000/XXXX")).isEqualTo("https://hooks.slack.com/…");
        assertThat(OnCallFields.masked("http://bridge.internal:8080/page?token=abc")).isEqualTo("http://bridge.internal:8080/…");
        assertThat(OnCallFields.masked("https://bridge.example.com")).isEqualTo("https://bridge.example.com/…");
        assertThat(OnCallFields.masked("https://bridge.example.com?token=abc")).isEqualTo("https://bridge.example.com/…");
        assertThat(OnCallFields.masked("https://bridge.example.com#token=abc")).isEqualTo("https://bridge.example.com/…");
        assertThat(OnCallFields.masked("https://pager:s3cret@bridge.example.com/page")).isEqualTo("https://bridge.example.com/…");
    }
}
