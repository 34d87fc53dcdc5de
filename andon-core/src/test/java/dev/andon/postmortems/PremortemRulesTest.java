package dev.andon.postmortems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.andon.postmortems.PremortemRules.Phase;
import dev.andon.postmortems.PremortemRules.Risk;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PremortemRulesTest {
    private static final Instant ENDS = Instant.parse("2026-03-01T10:10:00Z");

    private static Risk risk(long id, String author, Long mergedInto) {
        return new Risk(id, author, "risk " + id, mergedInto);
    }

    private static Risk written(long id, String author, String body) {
        return new Risk(id, author, body, null);
    }

    @Test
    void theCountIsHowManyDifferentPeopleWroteARisk() {
        Risk first = risk(1, "alice", null);
        Risk sameAuthorAgain = risk(2, "alice", 1L);
        Risk other = risk(3, "bob", null);
        assertThat(PremortemRules.tally(List.of(first, sameAuthorAgain, other)))
                .extracting(tally -> tally.risk().id(), PremortemRules.Tally::count, PremortemRules.Tally::authors)
                .containsExactly(tuple(1L, 1, List.of("alice")), tuple(3L, 1, List.of("bob")));

        Risk byBob = risk(4, "bob", 1L);
        assertThat(PremortemRules.tally(List.of(first, sameAuthorAgain, other, byBob)).get(0)).satisfies(tally -> {
            assertThat(tally.risk()).isEqualTo(first);
            assertThat(tally.merged()).containsExactly(sameAuthorAgain, byBob);
            assertThat(tally.count()).isEqualTo(2);
            assertThat(tally.authors()).containsExactly("alice", "bob");
        });
    }

    @Test
    void risksWithoutAnAuthorEachCountOnce() {
        assertThat(PremortemRules.tally(List.of(risk(1, null, null), risk(2, null, 1L)))).singleElement()
                .satisfies(tally -> assertThat(tally.count()).isEqualTo(2));
    }

    @Test
    void tallyOrdersByCountThenByEarliestRisk() {
        List<Risk> risks = List.of(
                risk(1, "alice", null),
                risk(2, "bob", null),
                risk(3, "carol", null),
                risk(4, "alice", 3L),
                risk(5, "dave", 2L),
                risk(6, "erin", 3L));
        assertThat(PremortemRules.tally(risks)).extracting(tally -> tally.risk().id(), PremortemRules.Tally::count)
                .containsExactly(tuple(3L, 3), tuple(2L, 2), tuple(1L, 1));
    }

    @Test
    void aMergeChainEndsAtItsFirstUnmergedRisk() {
        List<Risk> risks = List.of(risk(3, "carol", 2L), risk(2, "bob", 1L), risk(1, "alice", null));
        assertThat(PremortemRules.tally(risks)).singleElement().satisfies(tally -> {
            assertThat(tally.risk().id()).isEqualTo(1L);
            assertThat(tally.merged()).extracting(Risk::id).containsExactly(2L, 3L);
            assertThat(tally.count()).isEqualTo(3);
            assertThat(tally.authors()).containsExactly("alice", "bob", "carol");
        });
    }

    @Test
    void aMergeCycleIsBrokenAtItsLowestId() {
        List<Risk> risks = List.of(risk(2, "bob", 3L), risk(3, "carol", 2L), risk(4, "dave", null));
        assertThat(PremortemRules.tally(risks)).extracting(tally -> tally.risk().id(), tally -> tally.merged().stream().map(Risk::id).toList())
                .containsExactly(tuple(2L, List.of(3L)), tuple(4L, List.of()));
        assertThat(PremortemRules.tally(List.of(risk(7, "erin", 7L)))).singleElement()
                .satisfies(tally -> assertThat(tally.risk().id()).isEqualTo(7L));
    }

    @Test
    void aRiskMergedIntoACycleJoinsTheCyclesGroupEvenWithALowerId() {
        // 1 -> 2 -> 3 -> 2: the cycle is {2, 3}, so its lowest id is 2 and risk 1 is merged into it, not a group of its own.
        List<Risk> risks = List.of(risk(1, "alice", 2L), risk(2, "bob", 3L), risk(3, "carol", 2L));
        assertThat(PremortemRules.tally(risks)).singleElement().satisfies(tally -> {
            assertThat(tally.risk().id()).isEqualTo(2L);
            assertThat(tally.merged()).extracting(Risk::id).containsExactly(1L, 3L);
            assertThat(tally.count()).isEqualTo(3);
        });
    }

    @Test
    void aRiskMergedIntoAMissingRiskStandsAlone() {
        assertThat(PremortemRules.tally(List.of(risk(1, "alice", 99L), risk(2, "bob", 1L)))).singleElement().satisfies(tally -> {
            assertThat(tally.risk().id()).isEqualTo(1L);
            assertThat(tally.count()).isEqualTo(2);
        });
    }

    @Test
    void beforeTheRevealEachWriterSeesOnlyTheirOwnRisks() {
        List<Risk> risks = List.of(risk(1, "alice", null), risk(2, "bob", null), risk(3, "alice", null));
        Instant during = ENDS.minus(Duration.ofMinutes(3));
        assertThat(PremortemRules.visible(risks, "alice", Phase.WRITING, ENDS, during)).extracting(Risk::id).containsExactly(1L, 3L);
        assertThat(PremortemRules.visible(risks, "bob", Phase.WRITING, ENDS, during)).extracting(Risk::id).containsExactly(2L);
        assertThat(PremortemRules.visible(risks, "carol", Phase.WRITING, ENDS, during)).isEmpty();
    }

    @Test
    void anAnonymousViewerSeesNothingBeforeTheRevealEvenRisksWithoutAnAuthor() {
        List<Risk> risks = List.of(risk(1, null, null), risk(2, "bob", null));
        assertThat(PremortemRules.visible(risks, null, Phase.WRITING, ENDS, ENDS.minusSeconds(1))).isEmpty();
        assertThat(PremortemRules.visible(risks, null, Phase.REVEALED, ENDS, ENDS.minusSeconds(1))).hasSize(2);
    }

    @Test
    void afterTheTimeBoxOrTheRevealEveryoneSeesAllRisks() {
        List<Risk> risks = List.of(risk(1, "alice", null), risk(2, "bob", null));
        assertThat(PremortemRules.visible(risks, "alice", Phase.WRITING, ENDS, ENDS)).as("the time box is over").hasSize(2);
        assertThat(PremortemRules.visible(risks, "alice", Phase.REVEALED, ENDS, ENDS.minus(Duration.ofMinutes(5)))).as("revealed early").hasSize(2);
        assertThat(PremortemRules.visible(risks, "carol", Phase.CLOSED, ENDS, ENDS.minus(Duration.ofMinutes(5)))).hasSize(2);
        assertThat(PremortemRules.revealed(Phase.WRITING, ENDS, ENDS.minusSeconds(1))).isFalse();
        assertThat(PremortemRules.revealed(Phase.WRITING, ENDS, ENDS)).isTrue();
    }

    @Test
    void writingIsOpenOnlyInTheWritingPhaseBeforeTheTimeBoxEnds() {
        assertThat(PremortemRules.writingOpen(Phase.WRITING, ENDS, ENDS.minusSeconds(1))).isTrue();
        assertThat(PremortemRules.writingOpen(Phase.WRITING, ENDS, ENDS)).isFalse();
        assertThat(PremortemRules.writingOpen(Phase.REVEALED, ENDS, ENDS.minus(Duration.ofMinutes(5)))).isFalse();
        assertThat(PremortemRules.writingOpen(Phase.CLOSED, ENDS, ENDS.minus(Duration.ofMinutes(5)))).isFalse();
        assertThat(PremortemRules.DEFAULT_TIME_BOX).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void phasesParseFromTheirKeys() {
        assertThat(Phase.parse("writing")).isEqualTo(Phase.WRITING);
        assertThat(Phase.parse(" Revealed ")).isEqualTo(Phase.REVEALED);
        assertThat(Phase.parse("CLOSED")).isEqualTo(Phase.CLOSED);
        assertThat(Phase.parse("open")).isNull();
        assertThat(Phase.parse(null)).isNull();
        assertThat(Phase.REVEALED.key()).isEqualTo("revealed");
    }

    @Test
    void wordsAreLowerCaseWithoutStopWordsOrPunctuation() {
        assertThat(PremortemRules.words("The database ran out of connections!")).containsExactly("database", "ran", "out", "connections");
        assertThat(PremortemRules.words("DNS, dns and DNS")).containsExactly("dns");
        assertThat(PremortemRules.words("We didn't test it because it was late")).containsExactly("test", "late");
        assertThat(PremortemRules.words("Zürich region v2 fails")).containsExactly("zürich", "region", "v2", "fails");
        assertThat(PremortemRules.words(null)).isEmpty();
        assertThat(PremortemRules.words("the and of")).isEmpty();
    }

    @Test
    void similarityIsTheJaccardIndexOfTheWords() {
        assertThat(PremortemRules.similarity("database connection pool exhausted", "The connection pool on the database is exhausted")).isEqualTo(1.0);
        // {payment, provider, outage} vs {payment, provider, rate, limits}: 2 shared of 5.
        assertThat(PremortemRules.similarity("payment provider outage", "payment provider rate limits")).isCloseTo(0.4, within(1e-9));
        assertThat(PremortemRules.similarity("disk full", "certificate expired")).isEqualTo(0.0);
        assertThat(PremortemRules.similarity("the", "")).isEqualTo(0.0);
    }

    @Test
    void similarRisksAreSuggestedForMergingTheLaterIntoTheEarlierBestFirst() {
        List<Risk> risks = List.of(
                written(1, "alice", "database connection pool exhausted"),
                written(2, "bob", "payment provider outage"),
                written(3, "carol", "The connection pool on the database is exhausted"),
                written(4, "dave", "payment provider rate limits"),
                written(5, "erin", "payment provider outage during launch"));
        // 3 ~ 1: 4 of 4 words shared; 5 ~ 2: {payment, provider, outage} of 5; 4 ~ 2: 2 of 5 and 5 ~ 4: 2 of 7 stay apart.
        assertThat(PremortemRules.suggestMerges(risks)).extracting(PremortemRules.Suggestion::risk, PremortemRules.Suggestion::into)
                .containsExactly(tuple(3L, 1L), tuple(5L, 2L));
        assertThat(PremortemRules.suggestMerges(risks)).extracting(PremortemRules.Suggestion::similarity)
                .containsExactly(1.0, 0.6);
    }

    @Test
    void exactlyHalfTheWordsInCommonIsSimilarEnough() {
        // {alpha, beta} vs {alpha, beta, gamma, delta}: 2 of 4 = 0.5.
        assertThat(PremortemRules.suggestMerges(List.of(written(10, "a", "alpha beta"), written(11, "b", "alpha beta gamma delta"))))
                .containsExactly(new PremortemRules.Suggestion(11, 10, 0.5));
    }

    @Test
    void dissimilarOrAlreadyMergedRisksAreNotSuggested() {
        assertThat(PremortemRules.suggestMerges(List.of(written(1, "a", "disk full on the primary"), written(2, "b", "certificate expired on the CDN"))))
                .isEmpty();
        assertThat(PremortemRules.suggestMerges(List.of(
                written(1, "a", "database connection pool exhausted"),
                new Risk(2, "b", "connection pool exhausted on the database", 1L)))).isEmpty();
    }

    @Test
    void aRiskIsSuggestedIntoOneEarlierRiskOnly() {
        List<Risk> risks = List.of(
                written(1, "a", "cache stampede after deploy"),
                written(2, "b", "cache stampede after deploy"),
                written(3, "c", "cache stampede after the deploy"));
        assertThat(PremortemRules.suggestMerges(risks)).extracting(PremortemRules.Suggestion::risk, PremortemRules.Suggestion::into)
                .containsExactly(tuple(2L, 1L), tuple(3L, 1L));
    }
}
