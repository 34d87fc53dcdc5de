package dev.andon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.list;

import dev.andon.catalog.Catalog;
import dev.andon.catalog.Lifecycle;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.oncall.ContactMethod;
import dev.andon.oncall.ContactType;
import dev.andon.oncall.EscalationPolicy;
import dev.andon.oncall.EscalationTarget;
import dev.andon.oncall.EscalationTier;
import dev.andon.oncall.Layer;
import dev.andon.oncall.NotificationRule;
import dev.andon.oncall.Restriction;
import dev.andon.oncall.RotationLength;
import dev.andon.oncall.Schedule;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Schedule and EscalationPolicy kinds, a User's contact methods and notification rules and a
 * Service's escalation policy: read with the on-call field vocabulary, problems at the field's own
 * line and column, planned in dependency order with broken references found, secrets never shown in
 * a plan, exported and read back unchanged.
 */
class OnCallConfigTest {
    /** Every on-call kind; the line numbers in the tests below count from the first line here. */
    private static final String ON_CALL_YAML = """
            apiVersion: andon.dev/v1
            kind: User
            metadata: {name: alice}
            spec:
              displayName: Alice
              email: alice@example.com
              contactMethods:
                - {name: work-email, type: email, address: alice@example.com}
                - {name: mobile, type: sms, address: "+4915123456789"}
                - name: bridge
                  type: webhook
                  address: https://bridge.example.com/page
                  secret: s3cret
              notificationRules:
                - {contactMethod: work-email}
                - {contactMethod: mobile, after: 5m}
            ---
            apiVersion: andon.dev/v1
            kind: User
            metadata: {name: bob}
            ---
            apiVersion: andon.dev/v1
            kind: Team
            metadata: {name: payments}
            spec: {members: [alice, bob]}
            ---
            apiVersion: andon.dev/v1
            kind: Schedule
            metadata: {name: payments-primary}
            spec:
              title: Payments primary
              team: payments
              timezone: Europe/Berlin
              layers:
                - name: weekly
                  start: 2026-11-02T09:00
                  shift: 1w
                  users: [alice, bob]
                - name: nights
                  start: 2026-11-02T22:00
                  shift: 1d
                  users: [bob]
                  restrictions:
                    - {days: [mon, tue, wed, thu, fri], from: 22:00, to: 06:00}
            ---
            apiVersion: andon.dev/v1
            kind: EscalationPolicy
            metadata: {name: payments}
            spec:
              team: payments
              tiers:
                - targets: [{schedule: payments-primary}]
                  escalateAfter: 10m
                - targets: [{user: alice}, {user: bob}]
              repeat: 2
            ---
            apiVersion: andon.dev/v1
            kind: Service
            metadata: {name: ledger}
            spec:
              owner: payments
              escalationPolicy: payments
            """;

    private static final ContactMethod BRIDGE = new ContactMethod("bridge", ContactType.WEBHOOK, "https://bridge.example.com/page", "s3cret");
    private static final User ALICE = new User("alice", "Alice", "alice@example.com", User.Role.MEMBER, List.of(
            new ContactMethod("work-email", ContactType.EMAIL, "alice@example.com", null),
            new ContactMethod("mobile", ContactType.SMS, "+4915123456789", null), BRIDGE),
            List.of(new NotificationRule("work-email", Duration.ZERO), new NotificationRule("mobile", Duration.ofMinutes(5))));
    private static final User BOB = new User("bob", null, null, null);
    private static final Team PAYMENTS = new Team("payments", "payments", null, null, List.of("alice", "bob"));
    private static final Schedule PRIMARY = new Schedule("payments-primary", "Payments primary", null, "payments",
            ZoneId.of("Europe/Berlin"), List.of(
                    new Layer("weekly", LocalDateTime.parse("2026-11-02T09:00"), new RotationLength(1, ChronoUnit.WEEKS),
                            List.of("alice", "bob"), List.of(), null),
                    new Layer("nights", LocalDateTime.parse("2026-11-02T22:00"), new RotationLength(1, ChronoUnit.DAYS), List.of("bob"),
                            List.of(new Restriction(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(22, 0),
                                    LocalTime.of(6, 0))), null)));
    private static final EscalationPolicy POLICY = new EscalationPolicy("payments", null, null, "payments", List.of(
            new EscalationTier(List.of(EscalationTarget.schedule("payments-primary")), Duration.ofMinutes(10)),
            new EscalationTier(List.of(EscalationTarget.user("alice"), EscalationTarget.user("bob")), Duration.ofMinutes(30))), 2);
    private static final Service LEDGER = new Service("ledger", "ledger", null, null, 3, Lifecycle.PRODUCTION, "payments", null,
            List.of(), List.of(), List.of(), "payments");

    private static ParseResult parse(String content) {
        return ConfigParser.parse(List.of(new SourceFile("oncall.yaml", content)));
    }

    private static List<String> problems(String content) {
        return parse(content).problems().stream().map(ConfigProblem::toString).toList();
    }

    private static List<ConfigObject> files(String content) {
        ParseResult result = parse(content);
        assertThat(result.problems()).isEmpty();
        return result.objects();
    }

    /** A document of the given kind and name around the given spec lines, the spec starting on line 5. */
    private static String document(String kind, String name, String spec) {
        return "apiVersion: andon.dev/v1\nkind: " + kind + "\nmetadata: {name: " + name + "}\nspec:\n" + spec.indent(2);
    }

    private static Catalog everything() {
        return new Catalog(List.of(ALICE, BOB), List.of(PAYMENTS), List.of(), List.of(LEDGER)).withOnCall(List.of(PRIMARY), List.of(POLICY));
    }

    private static List<String> steps(Plan plan) {
        return plan.changes().stream().map(change -> change.action() + " " + change.kind() + " " + change.name()).toList();
    }

    // --- reading

    @Test
    void readsEveryOnCallKindWithoutProblems() {
        ParseResult result = parse(ON_CALL_YAML);

        assertThat(result.problems()).isEmpty();
        assertThat(result.objects()).extracting(ConfigObject::kind).containsExactly(Kind.USER, Kind.USER, Kind.TEAM, Kind.SCHEDULE,
                Kind.ESCALATION_POLICY, Kind.SERVICE);
        assertThat(result.objects()).extracting(ConfigObject::value).containsExactly(ALICE, BOB, PAYMENTS, PRIMARY, POLICY, LEDGER);
    }

    @Test
    void fieldsDeepInsideRememberWhereTheyAreForThePlan() {
        List<ConfigObject> objects = files(ON_CALL_YAML);

        assertThat(objects.get(3).locate("layers[1].users[0]")).isEqualTo(new Location("oncall.yaml", 42, 15));
        assertThat(objects.get(4).locate("tiers[1].targets[1].user")).isEqualTo(new Location("oncall.yaml", 54, 39));
        assertThat(objects.get(5).locate("escalationPolicy")).isEqualTo(new Location("oncall.yaml", 62, 21));
    }

    @Test
    void aBadShiftIsReportedAtItsOwnLine() {
        assertThat(problems(document("Schedule", "primary", """
                layers:
                  - name: weekly
                    start: 2026-11-02T09:00
                    shift: 1w
                    users: [alice]
                  - name: nights
                    start: 2026-11-02T22:00
                    shift: 3x
                    users: [bob]
                """))).containsExactly("oncall.yaml:12:14: layers[1].shift: '3x' is not a shift length: write hours, days or weeks, "
                + "such as 12h, 1d or 1w");
    }

    @Test
    void aBadRestrictionIsReportedAtTheDayOrTimeAtFault() {
        assertThat(problems(document("Schedule", "primary", """
                layers:
                  - start: 2026-11-02T09:00
                    shift: 1w
                    users: [alice]
                    restrictions:
                      - days: [mon, funday]
                        from: 09:00
                        to: 17:00
                """))).singleElement().asString().startsWith("oncall.yaml:10:23: layers[0].restrictions[0].days[1]: 'funday' is not a day");
        assertThat(problems(document("Schedule", "primary", """
                layers:
                  - start: 2026-11-02T09:00
                    shift: 1w
                    users: [alice]
                    restrictions: [{from: 25:00, to: 06:00}]
                """))).singleElement().asString().startsWith("oncall.yaml:9:29: layers[0].restrictions[0].from: '25:00' is not a time of day");
    }

    @Test
    void aBadEscalationWaitIsReportedAtItsOwnLine() {
        assertThat(problems(document("EscalationPolicy", "payments", """
                tiers:
                  - targets: [{schedule: payments-primary}]
                    escalateAfter: 10m
                  - targets: [{user: alice}]
                    escalateAfter: 30s
                """))).containsExactly("oncall.yaml:9:22: tiers[1].escalateAfter must be at least 1m, not 30s: a person needs time to "
                + "acknowledge");
        assertThat(problems(document("EscalationPolicy", "payments", """
                tiers:
                  - targets: [{user: alice, schedule: payments-primary}]
                """))).containsExactly("oncall.yaml:6:17: tiers[0].targets[0]: give either user or schedule");
        assertThat(problems(document("EscalationPolicy", "payments", "tiers: [{targets: [{user: alice}]}]\nrepeat: 10")))
                .singleElement().asString().startsWith("oncall.yaml:6:11: repeat must be a whole number from 0 to 9");
    }

    @Test
    void aBadContactAddressIsReportedAtItsOwnLine() {
        assertThat(problems(document("User", "alice", """
                displayName: Alice
                contactMethods:
                  - name: work-email
                    type: email
                    address: alice@example.com
                  - name: mobile
                    type: sms
                    address: "12345"
                """))).containsExactly("oncall.yaml:12:16: contactMethods[1].address: '12345' is not a phone number in E.164 form, "
                + "such as +4915123456789");
    }

    @Test
    void aPhoneNumberWrittenWithoutQuotesIsExplained() {
        // YAML reads +4915123456789 as a number and drops the +: the problem must say so, not just that the + is missing.
        assertThat(problems(document("User", "alice", """
                contactMethods:
                  - {name: mobile, type: sms, address: +4915123456789}
                """))).containsExactly("oncall.yaml:6:42: contactMethods[0].address: '4915123456789' is not a phone number in E.164 "
                + "form, such as +4915123456789: put it in quotes (\"+4915123456789\") or YAML reads it as a number and drops the +");
    }

    @Test
    void aWebhookAddressIsNotRepeatedInAProblem() {
        List<String> problems = problems(document("User", "alice", """
                contactMethods:
                  - {type: slack, address: hooks.slack.com/services/T000/B000/XXXX}
                """));

        assertThat(problems).containsExactly("oncall.yaml:6:30: contactMethods[0].address: '(hidden)' is not a Slack incoming-webhook URL "
                + "(https://hooks.slack.com/services/...)");
    }

    @Test
    void aRuleNamingAnUnknownContactMethodIsReportedAtTheName() {
        assertThat(problems(document("User", "alice", """
                contactMethods: [{type: email, address: alice@example.com}]
                notificationRules:
                  - contactMethod: email
                  - contactMethod: phone
                    after: 5m
                """))).containsExactly("oncall.yaml:8:22: notificationRules[1].contactMethod: 'phone' is not one of this user's contact "
                + "methods: email");
    }

    @Test
    void unknownOnCallFieldsAreReportedAtTheirNames() {
        assertThat(problems(document("Schedule", "primary", """
                layers:
                  - start: 2026-11-02T09:00
                    shift: 1w
                    users: [alice]
                    rotation: weekly
                """))).singleElement().asString().startsWith("oncall.yaml:9:7: layers[0].rotation: unknown field 'rotation'");
        assertThat(problems(document("EscalationPolicy", "payments", "tiers: [{targets: [{user: alice}]}]\nloop: 2")))
                .singleElement().asString().startsWith("oncall.yaml:6:3: unknown field 'loop' in spec: allowed fields are title,");
    }

    // --- planning

    @Test
    void everythingIsCreatedInTheOrderItRefersToEachOther() {
        Plan plan = Planner.plan(Catalog.empty(), files(ON_CALL_YAML), false, null);

        assertThat(plan.problems()).isEmpty();
        assertThat(steps(plan)).containsExactly("CREATE USER alice", "CREATE USER bob", "CREATE TEAM payments",
                "CREATE SCHEDULE payments-primary", "CREATE ESCALATION_POLICY payments", "CREATE SERVICE ledger");
        assertThat(plan.render()).contains("+ create Schedule payments-primary\n+ create EscalationPolicy payments\n");
    }

    @Test
    void aServiceNamingAMissingPolicyIsReportedAtTheField() {
        Plan plan = Planner.plan(Catalog.empty(), files(document("Service", "ledger", "escalationPolicy: nobody")), false, null);

        assertThat(plan.problems()).map(ConfigProblem::toString).containsExactly("oncall.yaml:5:21: escalationPolicy refers to "
                + "EscalationPolicy 'nobody', which does not exist: define a EscalationPolicy named nobody or fix the name");
    }

    @Test
    void aPolicyNamingAMissingScheduleOrUserIsReportedAtTheTarget() {
        Catalog current = new Catalog(List.of(ALICE), List.of(), List.of(), List.of());

        Plan plan = Planner.plan(current, files(document("EscalationPolicy", "payments", """
                tiers:
                  - targets: [{schedule: payments-primary}]
                  - targets:
                      - user: alice
                      - user: carol
                """)), false, null);

        assertThat(plan.problems()).map(ConfigProblem::toString).containsExactly(
                "oncall.yaml:6:28: tiers[0].targets[0].schedule refers to Schedule 'payments-primary', which does not exist: define a "
                        + "Schedule named payments-primary or fix the name",
                "oncall.yaml:9:17: tiers[1].targets[1].user refers to User 'carol', which does not exist: define a User named carol or "
                        + "fix the name");
    }

    @Test
    void aScheduleNamingAMissingUserIsReportedAtTheUser() {
        Catalog current = new Catalog(List.of(ALICE), List.of(), List.of(), List.of());

        Plan plan = Planner.plan(current, files(document("Schedule", "primary", """
                layers:
                  - start: 2026-11-02T09:00
                    shift: 1w
                    users: [alice, carol]
                """)), false, null);

        assertThat(plan.problems()).map(ConfigProblem::toString).containsExactly("oncall.yaml:8:22: layers[0].users[1] refers to User "
                + "'carol', which does not exist: define a User named carol or fix the name");
    }

    @Test
    void aPolicyMayPageAScheduleThisPlanCreates() {
        Catalog current = new Catalog(List.of(ALICE, BOB), List.of(PAYMENTS), List.of(), List.of());
        String schedule = ON_CALL_YAML.substring(ON_CALL_YAML.indexOf("apiVersion: andon.dev/v1\nkind: Schedule"),
                ON_CALL_YAML.indexOf("---\napiVersion: andon.dev/v1\nkind: Service"));

        Plan plan = Planner.plan(current, files(schedule), false, null);

        assertThat(plan.problems()).isEmpty();
        assertThat(steps(plan)).containsExactly("CREATE SCHEDULE payments-primary", "CREATE ESCALATION_POLICY payments");
    }

    @Test
    void pruningAScheduleAPolicyOutsideTheFilesStillPagesIsReported() {
        Schedule old = new Schedule("old-primary", null, null, null, ZoneId.of("UTC"), List.of(new Layer("weekly",
                LocalDateTime.parse("2026-11-02T09:00"), new RotationLength(1, ChronoUnit.WEEKS), List.of("alice"), List.of(), null)));
        EscalationPolicy legacy = new EscalationPolicy("legacy", null, null, null, List.of(new EscalationTier(List.of(
                EscalationTarget.user("bob"), EscalationTarget.schedule("old-primary")), Duration.ofMinutes(30))), 0);
        Catalog current = new Catalog(List.of(ALICE, BOB), List.of(PAYMENTS), List.of(), List.of()).withOnCall(List.of(old), List.of(legacy));

        Plan plan = Planner.plan(current, files(document("Schedule", "primary", """
                layers:
                  - start: 2026-11-02T09:00
                    shift: 1w
                    users: [alice]
                """)), true, null);

        assertThat(steps(plan)).containsExactly("CREATE SCHEDULE primary", "DELETE SCHEDULE old-primary");
        assertThat(plan.problems()).map(ConfigProblem::toString).containsExactly("oncall.yaml:1:1: Schedule 'old-primary' would be "
                + "deleted because no file defines it, but EscalationPolicy 'legacy' still refers to it in tiers[0].targets[1].schedule: "
                + "add Schedule 'old-primary' to the files or change legacy first");
    }

    @Test
    void aScheduleNoPolicyPagesAnyMoreIsPruned() {
        String users = ON_CALL_YAML.substring(0, ON_CALL_YAML.indexOf("---\napiVersion: andon.dev/v1\nkind: Schedule"));

        // The policy now pages another schedule; the service, not declared, keeps its policy.
        Plan plan = Planner.plan(everything(), files(users + """
                ---
                apiVersion: andon.dev/v1
                kind: Schedule
                metadata: {name: secondary}
                spec:
                  layers: [{start: 2026-11-02T09:00, shift: 1w, users: [bob]}]
                ---
                apiVersion: andon.dev/v1
                kind: EscalationPolicy
                metadata: {name: payments}
                spec:
                  tiers: [{targets: [{schedule: secondary}]}]
                """), true, null);

        assertThat(steps(plan)).containsExactly("CREATE SCHEDULE secondary", "UPDATE ESCALATION_POLICY payments",
                "DELETE SCHEDULE payments-primary");
        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void aChangedWebhookSecretIsShownAsChangedButNeverShown() {
        Catalog current = new Catalog(List.of(ALICE), List.of(), List.of(), List.of());
        String alice = ON_CALL_YAML.substring(0, ON_CALL_YAML.indexOf("---"));

        Plan plan = Planner.plan(current, files(alice.replace("secret: s3cret", "secret: n3w-s3cret")), false, null);

        assertThat(plan.changes()).containsExactly(new Change(Action.UPDATE, Kind.USER, "alice", List.of(
                new FieldChange("contactMethods[2].secret", "(hidden)", "(hidden, changed)"))));
        assertThat(plan.render()).doesNotContain("s3cret");
    }

    @Test
    void aChangedWebhookAddressIsShownAsChangedButNeverShown() {
        Catalog current = new Catalog(List.of(ALICE), List.of(), List.of(), List.of());
        String alice = ON_CALL_YAML.substring(0, ON_CALL_YAML.indexOf("---"));

        Plan plan = Planner.plan(current, files(alice.replace("https://bridge.example.com/page", "https://bridge.example.com/page2")
                .replace("      secret: s3cret\n", "")), false, null);

        assertThat(plan.changes()).singleElement().extracting(Change::fields).asInstanceOf(
                list(FieldChange.class)).containsExactly(
                new FieldChange("contactMethods[2].address", "(hidden)", "(hidden, changed)"),
                new FieldChange("contactMethods[2].secret", "(hidden)", "(none)"));
        assertThat(plan.render()).doesNotContain("s3cret").doesNotContain("bridge.example.com");
    }

    @Test
    void aShortWebhookIsNotShownEvenWhenItFitsOnALine() {
        User before = new User("bob", null, null, null, List.of(new ContactMethod("h", ContactType.WEBHOOK, "https://h.io/k", "old")),
                List.of());
        Catalog current = new Catalog(List.of(before), List.of(), List.of(), List.of());

        Plan plan = Planner.plan(current, files(document("User", "bob", """
                contactMethods: [{name: h, type: webhook, address: "https://h.io/k2", secret: new}]
                """)), false, null);

        assertThat(plan.changes()).singleElement().extracting(Change::fields).asInstanceOf(
                list(FieldChange.class)).containsExactly(
                new FieldChange("contactMethods[0].address", "(hidden)", "(hidden, changed)"),
                new FieldChange("contactMethods[0].secret", "(hidden)", "(hidden, changed)"));
        assertThat(plan.render()).doesNotContain("h.io").doesNotContain("old").doesNotContain("new");
    }

    @Test
    void aWebhookTurnedIntoAnEmailDoesNotShowTheOldUrl() {
        User before = new User("bob", null, null, null, List.of(new ContactMethod("h", ContactType.WEBHOOK, "https://h.io/k", null)),
                List.of());
        Catalog current = new Catalog(List.of(before), List.of(), List.of(), List.of());

        Plan plan = Planner.plan(current, files(document("User", "bob", """
                contactMethods: [{name: h, type: email, address: bob@example.com}]
                """)), false, null);

        assertThat(plan.render()).contains("contactMethods[0].type: webhook -> email", "contactMethods[0].address: (hidden) -> (hidden, changed)")
                .doesNotContain("h.io");
    }

    @Test
    void aChangedPhoneNumberOrRuleIsShownInFull() {
        Catalog current = new Catalog(List.of(ALICE), List.of(), List.of(), List.of());
        String alice = ON_CALL_YAML.substring(0, ON_CALL_YAML.indexOf("---"));

        Plan plan = Planner.plan(current, files(alice.replace("+4915123456789", "+4915199999999").replace("after: 5m", "after: 10m")),
                false, null);

        assertThat(plan.render()).contains("contactMethods[1].address: +4915123456789 -> +4915199999999")
                .contains("notificationRules[1].after: 5m -> 10m").doesNotContain("s3cret");
    }

    @Test
    void aChangedLayerOrTierIsShownFieldByField() {
        Plan plan = Planner.plan(everything(), files(ON_CALL_YAML.replace("shift: 1d", "shift: 12h").replace("escalateAfter: 10m",
                "escalateAfter: 15m").replace("- {days: [mon, tue, wed, thu, fri], from: 22:00", "- {days: [mon, tue], from: 23:00")),
                false, null);

        assertThat(plan.render()).isEqualTo("""
                ~ update Schedule payments-primary
                    layers[1].shift: 1d -> 12h
                    layers[1].restrictions[0].days: [mon, tue, wed, thu, fri] -> [mon, tue]
                    layers[1].restrictions[0].from: 22:00 -> 23:00
                ~ update EscalationPolicy payments
                    tiers[0].escalateAfter: 10m -> 15m
                Plan: 0 to create, 2 to update, 0 to delete.
                """);
    }

    @Test
    void equalOnCallObjectsNeedNoChange() {
        Plan plan = Planner.plan(everything(), files(ON_CALL_YAML), true, null);

        assertThat(plan.render()).isEqualTo("No changes. The catalog matches the files.\n");
    }

    // --- export

    @Test
    void onCallObjectsSurviveTheRoundTrip() {
        Catalog catalog = everything();

        String yaml = ConfigExporter.export(catalog);
        ParseResult parsed = ConfigParser.parse(List.of(new SourceFile("export.yaml", yaml)));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.objects()).extracting(object -> object.kind().yamlName() + " " + object.name()).containsExactly(
                "User alice", "User bob", "Team payments", "Schedule payments-primary", "EscalationPolicy payments", "Service ledger");
        assertThat(parsed.objects()).extracting(ConfigObject::value).containsExactly(ALICE, BOB, PAYMENTS, PRIMARY, POLICY, LEDGER);
        assertThat(Planner.plan(catalog, parsed.objects(), true, null).render()).isEqualTo("No changes. The catalog matches the files.\n");
    }

    @Test
    void exportWritesOnCallKindsWithTheirDefaultsLeftOut() {
        Catalog catalog = Catalog.empty().withOnCall(List.of(), List.of(new EscalationPolicy("payments", null, null, null, List.of(
                new EscalationTier(List.of(EscalationTarget.user("alice")), Duration.ofMinutes(30))), 0)));

        assertThat(ConfigExporter.export(catalog)).isEqualTo("""
                ---
                apiVersion: andon.dev/v1
                kind: EscalationPolicy
                metadata:
                  name: payments
                spec:
                  tiers:
                    - targets:
                        - user: alice
                """);
    }
}
