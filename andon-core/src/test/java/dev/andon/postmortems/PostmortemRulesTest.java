package dev.andon.postmortems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.andon.incidents.IncidentSeverity;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PostmortemRulesTest {
    private static final Instant RESOLVED = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant DUE = Instant.parse("2026-03-03T10:00:00Z");

    private static PostmortemRules.Factor factor(String description, String... whys) {
        return new PostmortemRules.Factor(FactorType.TECHNICAL, description, List.of(whys));
    }

    @Test
    void sev1ToSev3GetADraftByDefaultAndSev4And5DoNot() {
        assertThat(PostmortemRules.draftsFor(IncidentSeverity.SEV1, PostmortemRules.DEFAULT_SEVERITIES)).isTrue();
        assertThat(PostmortemRules.draftsFor(IncidentSeverity.SEV2, PostmortemRules.DEFAULT_SEVERITIES)).isTrue();
        assertThat(PostmortemRules.draftsFor(IncidentSeverity.SEV3, PostmortemRules.DEFAULT_SEVERITIES)).isTrue();
        assertThat(PostmortemRules.draftsFor(IncidentSeverity.SEV4, PostmortemRules.DEFAULT_SEVERITIES)).isFalse();
        assertThat(PostmortemRules.draftsFor(IncidentSeverity.SEV5, PostmortemRules.DEFAULT_SEVERITIES)).isFalse();
        assertThat(PostmortemRules.draftsFor(null, PostmortemRules.DEFAULT_SEVERITIES)).isFalse();
    }

    @Test
    void aConfiguredSetOfSeveritiesReplacesTheDefault() {
        assertThat(PostmortemRules.draftsFor(IncidentSeverity.SEV1, Set.of(IncidentSeverity.SEV1))).isTrue();
        assertThat(PostmortemRules.draftsFor(IncidentSeverity.SEV2, Set.of(IncidentSeverity.SEV1))).isFalse();
        assertThat(PostmortemRules.draftsFor(IncidentSeverity.SEV5, Set.of(IncidentSeverity.SEV5))).isTrue();
    }

    @Test
    void aDraftIsDue48HoursAfterResolutionByDefault() {
        assertThat(PostmortemRules.DEFAULT_DUE_AFTER).isEqualTo(Duration.ofHours(48));
        assertThat(PostmortemRules.dueAt(RESOLVED, PostmortemRules.DEFAULT_DUE_AFTER)).isEqualTo(DUE);
        assertThat(PostmortemRules.dueAt(RESOLVED, Duration.ofDays(5))).isEqualTo(Instant.parse("2026-03-06T10:00:00Z"));
    }

    @Test
    void anUnpublishedPostmortemIsOverdueOnlyAfterItsDueTime() {
        assertThat(PostmortemRules.overdue(PostmortemStatus.DRAFT, DUE, DUE.minusSeconds(1))).isFalse();
        assertThat(PostmortemRules.overdue(PostmortemStatus.DRAFT, DUE, DUE)).as("the due time itself is on time").isFalse();
        assertThat(PostmortemRules.overdue(PostmortemStatus.DRAFT, DUE, DUE.plusSeconds(1))).isTrue();
        assertThat(PostmortemRules.overdue(PostmortemStatus.IN_REVIEW, DUE, DUE.plus(Duration.ofDays(3)))).isTrue();
    }

    @Test
    void aPublishedPostmortemIsNeverOverdue() {
        assertThat(PostmortemRules.overdue(PostmortemStatus.PUBLISHED, DUE, DUE.plus(Duration.ofDays(365)))).isFalse();
        assertThat(PostmortemRules.remindOwner(PostmortemStatus.PUBLISHED, DUE, null, DUE.plus(Duration.ofDays(2)))).isFalse();
    }

    @Test
    void theOwnerOfAnOverdueDraftIsRemindedAtMostOncePerDay() {
        Instant now = DUE.plus(Duration.ofHours(30));
        assertThat(PostmortemRules.remindOwner(PostmortemStatus.DRAFT, DUE, null, DUE)).as("not overdue yet").isFalse();
        assertThat(PostmortemRules.remindOwner(PostmortemStatus.DRAFT, DUE, null, now)).as("never reminded").isTrue();
        assertThat(PostmortemRules.remindOwner(PostmortemStatus.DRAFT, DUE, now.minus(Duration.ofHours(23)), now)).isFalse();
        assertThat(PostmortemRules.remindOwner(PostmortemStatus.DRAFT, DUE, now.minus(Duration.ofHours(24)).plusSeconds(1), now)).isFalse();
        assertThat(PostmortemRules.remindOwner(PostmortemStatus.DRAFT, DUE, now.minus(Duration.ofHours(24)), now)).isTrue();
        assertThat(PostmortemRules.remindOwner(PostmortemStatus.IN_REVIEW, DUE, now.minus(Duration.ofHours(25)), now)).isTrue();
    }

    @Test
    void theFacilitatorMustBeAThirdParty() {
        assertThat(PostmortemRules.facilitatorProblem("alice", "alice", List.of("bob")))
                .isEqualTo("alice owns this postmortem; the facilitator must be a third party");
        assertThat(PostmortemRules.facilitatorProblem("bob", "alice", List.of("bob", "carol")))
                .isEqualTo("bob was in the response; choose someone who was not, so the review has an outside view");
        assertThat(PostmortemRules.facilitatorProblem("dave", "alice", List.of("bob", "carol"))).isNull();
    }

    @Test
    void noFacilitatorIsNoProblem() {
        assertThat(PostmortemRules.facilitatorProblem(null, "alice", List.of("alice"))).isNull();
        assertThat(PostmortemRules.facilitatorProblem("  ", "alice", List.of("alice"))).isNull();
    }

    @Test
    void noOrOneContributingFactorIsFlaggedAsSingleCause() {
        assertThat(PostmortemRules.structureFlags(List.of())).extracting("section", "line", "column", "phrase", "rule")
                .containsExactly(tuple("factors", 0, 0, "no contributing factors", "single-cause"));
        assertThat(PostmortemRules.structureFlags(List.of(factor("The retry storm", "Clients retried without backoff"))))
                .extracting("phrase", "rule").containsExactly(tuple("one contributing factor", "single-cause"));
    }

    @Test
    void twoFactorsWithWhysHaveNoStructureFlags() {
        assertThat(PostmortemRules.structureFlags(List.of(
                factor("The retry storm", "Clients retried without backoff"),
                factor("The missing rate limit", "The gateway had none configured")))).isEmpty();
    }

    @Test
    void aFactorWithoutWhysIsFlaggedAtItsPosition() {
        assertThat(PostmortemRules.structureFlags(List.of(
                factor("The retry storm", "Clients retried without backoff"),
                factor("The missing rate limit"),
                factor("The late alert", " ", ""))))
                .extracting("section", "line", "phrase", "rule").containsExactly(
                        tuple("factors", 2, "The missing rate limit", "no-whys"),
                        tuple("factors", 3, "The late alert", "no-whys"));
    }

    @Test
    void aLoneFactorWithoutWhysGetsBothFlags() {
        assertThat(PostmortemRules.structureFlags(List.of(factor("The retry storm")))).extracting("rule", "line")
                .containsExactly(tuple("single-cause", 0), tuple("no-whys", 1));
    }

    @Test
    void checkCollectsTheFlagsOfSectionsTimelineFactorsAndShape() {
        Map<PostmortemSection, String> sections = new EnumMap<>(PostmortemSection.class);
        sections.put(PostmortemSection.SUMMARY, "It was human error.");
        sections.put(PostmortemSection.IMPACT, "Customers saw errors for 20 minutes.");
        sections.put(PostmortemSection.WENT_BADLY, "Paging was slow.\nThe engineer was careless.");
        List<String> timeline = List.of("14:02 alice forgot to drain the node", "14:10 rollback started");
        List<PostmortemRules.Factor> factors = List.of(
                factor("The retry storm", "Why? Clients should have backed off"),
                new PostmortemRules.Factor(FactorType.PROCESS, "The root cause was the missing canary", List.of()));

        assertThat(PostmortemRules.check(sections, timeline, factors, List.of("alice")))
                .extracting("section", "line", "column", "rule").containsExactly(
                        tuple("summary", 1, 8, "human-error"),
                        tuple("went_badly", 2, 18, "judgement"),
                        tuple("timeline", 1, 7, "named-person"),
                        tuple("factors", 1, 14, "hindsight"),
                        tuple("factors", 1, 1, "root-cause"),
                        tuple("factors", 2, 0, "no-whys"));
    }

    @Test
    void aCleanPostmortemHasNoFlags() {
        Map<PostmortemSection, String> sections = Map.of(PostmortemSection.SUMMARY, "The deploy tool allowed a production target without confirmation.");
        List<PostmortemRules.Factor> factors = List.of(
                factor("The deploy tool had no confirmation step", "It was built for staging first"),
                factor("Both clusters share a name", "The naming scheme predates the second region"));
        assertThat(PostmortemRules.check(sections, List.of("14:02 alice ran the runbook"), factors, List.of("alice"))).isEmpty();
    }

    @Test
    void aDraftMustBeReviewedBeforePublishing() {
        assertThat(PostmortemRules.publishProblem(PostmortemStatus.DRAFT, List.of(), null))
                .isEqualTo("send it to review first: only a reviewed postmortem is published");
    }

    @Test
    void aPublishedPostmortemCannotBePublishedAgain() {
        assertThat(PostmortemRules.publishProblem(PostmortemStatus.PUBLISHED, List.of(), "reason")).isEqualTo("it is already published");
    }

    @Test
    void openFlagsBlockPublishingUnlessAReasonIsGiven() {
        List<BlamelessChecker.Flag> two = BlamelessChecker.check("summary", "It was human error and Bob's fault.", List.of());
        assertThat(two).hasSize(2);
        assertThat(PostmortemRules.publishProblem(PostmortemStatus.IN_REVIEW, two, null))
                .isEqualTo("2 blameless-language flags are open: reword them, or give a reason to publish anyway");
        assertThat(PostmortemRules.publishProblem(PostmortemStatus.IN_REVIEW, two.subList(0, 1), " "))
                .isEqualTo("1 blameless-language flag is open: reword them, or give a reason to publish anyway");
        assertThat(PostmortemRules.publishProblem(PostmortemStatus.IN_REVIEW, two, "Quoting the customer's words verbatim")).isNull();
    }

    @Test
    void aReviewedPostmortemWithoutFlagsMayBePublished() {
        assertThat(PostmortemRules.publishProblem(PostmortemStatus.IN_REVIEW, List.of(), null)).isNull();
    }
}
