package dev.andon.postmortems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlamelessCheckerTest {
    /** Usernames and display names, as the server passes them; "al" and "ann" are too short to watch. */
    private static final List<String> PEOPLE = List.of("alice", "bob", "Alice Smith", "Carol Jones", "al", "ann");

    private static List<BlamelessChecker.Flag> check(String text) {
        return BlamelessChecker.check("summary", text, PEOPLE);
    }

    @Test
    void humanErrorIsFlaggedWithASuggestion() {
        assertThat(check("The outage was human error.")).singleElement().satisfies(flag -> {
            assertThat(flag.section()).isEqualTo("summary");
            assertThat(flag.line()).isEqualTo(1);
            assertThat(flag.column()).isEqualTo(16);
            assertThat(flag.phrase()).isEqualTo("human error");
            assertThat(flag.rule()).isEqualTo("human-error");
            assertThat(flag.message()).contains("Human error");
            assertThat(flag.suggestion()).contains("the deploy tool allowed a production target without confirmation");
        });
        assertThat(check("Two operator-mistakes in a row")).singleElement()
                .satisfies(flag -> assertThat(flag).extracting("phrase", "rule", "column").containsExactly("operator-mistakes", "human-error", 5));
    }

    @Test
    void possessiveFaultAndBlameWordsAreFlaggedAsFault() {
        assertThat(check("It was Bob's fault.")).extracting("rule", "line", "column", "phrase")
                .containsExactly(tuple("fault", 1, 8, "Bob's fault"));
        assertThat(check("The on-call engineer was blamed.")).extracting("rule", "column", "phrase")
                .containsExactly(tuple("fault", 26, "blamed"));
        assertThat(check("Who is to blame?")).extracting("rule", "column", "phrase").containsExactly(tuple("fault", 8, "to blame"));
        assertThat(check("The team at fault")).extracting("rule", "column", "phrase").containsExactly(tuple("fault", 10, "at fault"));
        assertThat(check("the culprit")).extracting("rule", "phrase").containsExactly(tuple("fault", "culprit"));
    }

    @Test
    void typographicApostrophesAreReadLikeStraightOnes() {
        assertThat(check("It was Bob\u2019s fault.")).extracting("rule", "column", "phrase").containsExactly(tuple("fault", 8, "Bob\u2019s fault"));
        assertThat(check("They should\u2019ve known.")).extracting("rule", "column", "phrase")
                .containsExactly(tuple("hindsight", 6, "should\u2019ve"));
        assertThat(check("alice didn\u2019t check the target")).extracting("rule", "phrase")
                .containsExactly(tuple("named-person", "alice didn\u2019t"));
    }

    @Test
    void hindsightIsFlaggedInEachForm() {
        assertThat(check("We should have rolled back sooner.")).extracting("rule", "column", "phrase")
                .containsExactly(tuple("hindsight", 4, "should have"));
        assertThat(check("They should've known.")).extracting("rule", "column", "phrase").containsExactly(tuple("hindsight", 6, "should've"));
        assertThat(check("It could've been caught.")).extracting("rule", "phrase").containsExactly(tuple("hindsight", "could've"));
        assertThat(check("We shouldn't have merged it.")).extracting("rule", "column", "phrase")
                .containsExactly(tuple("hindsight", 4, "shouldn't have"));
        assertThat(check("We should not have merged it.")).extracting("rule", "phrase").containsExactly(tuple("hindsight", "should not have"));
        assertThat(check("The reviewer ought to have noticed.")).extracting("rule", "column", "phrase")
                .containsExactly(tuple("hindsight", 14, "ought to have"));
        assertThat(check("The alert should have been routed to the database team.")).extracting("rule").containsExactly("hindsight");
    }

    @Test
    void judgementsOfPeopleAreFlagged() {
        assertThat(check("The change was careless.")).extracting("rule", "column", "phrase").containsExactly(tuple("judgement", 16, "careless"));
        assertThat(check("A sloppy review and negligence")).extracting("rule", "phrase")
                .containsExactly(tuple("judgement", "sloppy"), tuple("judgement", "negligence"));
        assertThat(check("They didn't bother to check.")).extracting("rule", "phrase").containsExactly(tuple("judgement", "didn't bother"));
        assertThat(check("A lazy engineer")).extracting("rule", "phrase").containsExactly(tuple("judgement", "lazy"));
        assertThat(check("We ignored the alert.")).extracting("rule", "column", "phrase").containsExactly(tuple("judgement", 1, "We ignored the"));
        assertThat(check("The on-call ignored the page.")).extracting("rule", "column", "phrase")
                .containsExactly(tuple("judgement", 5, "on-call ignored the"));
    }

    @Test
    void singleRootCauseFramingIsFlagged() {
        assertThat(check("The root cause was a bad config.")).extracting("rule", "column", "phrase")
                .containsExactly(tuple("root-cause", 1, "The root cause"));
        assertThat(check("Its root cause is unclear.")).extracting("rule", "column", "phrase")
                .containsExactly(tuple("root-cause", 5, "root cause is"));
        assertThat(check("So the cause was the retry storm.")).extracting("rule", "column", "phrase")
                .containsExactly(tuple("root-cause", 4, "the cause was"));
        assertThat(check("It was caused solely by the cache.")).extracting("rule", "phrase").containsExactly(tuple("root-cause", "caused solely by"));
    }

    @Test
    void aUsernameBeforeACausalVerbIsFlaggedAsNamedPerson() {
        assertThat(check("At 14:02 alice forgot to drain the node.")).singleElement().satisfies(flag -> {
            assertThat(flag).extracting("section", "line", "column", "phrase", "rule")
                    .containsExactly("summary", 1, 10, "alice forgot", "named-person");
            assertThat(flag.message()).isEqualTo("Names a person as the cause.");
            assertThat(flag.suggestion()).contains("a deploy at 14:02 removed the index");
        });
        assertThat(check("@bob deleted the index")).extracting("rule", "column", "phrase").containsExactly(tuple("named-person", 1, "@bob deleted"));
        assertThat(check("Then alice's change caused the outage")).extracting("rule", "column", "phrase")
                .containsExactly(tuple("named-person", 6, "alice's change caused"));
        assertThat(check("bob ignored the alert")).extracting("rule", "phrase").containsExactly(tuple("named-person", "bob ignored"));
        assertThat(check("bob failed to notice")).extracting("rule", "phrase").containsExactly(tuple("named-person", "bob failed"));
    }

    @Test
    void aPersonAfterACausalPhraseIsFlaggedByUsernameOrDisplayName() {
        assertThat(check("The outage happened because of bob.")).extracting("rule", "line", "column", "phrase")
                .containsExactly(tuple("named-person", 1, 21, "because of bob"));
        assertThat(check("Latency rose, caused by Alice Smith.")).extracting("rule", "column", "phrase")
                .containsExactly(tuple("named-person", 15, "caused by Alice Smith"));
        assertThat(check("It failed due to @alice")).extracting("rule", "column", "phrase").containsExactly(tuple("named-person", 11, "due to @alice"));
    }

    @Test
    void aDisplayNamesFirstNameIsWatchedToo() {
        assertThat(check("carol broke the build")).extracting("rule", "phrase").containsExactly(tuple("named-person", "carol broke"));
        assertThat(check("Carol Jones broke the build")).extracting("rule", "phrase").containsExactly(tuple("named-person", "Carol Jones broke"));
        assertThat(BlamelessChecker.check("summary", "carol broke the build", List.of("alice"))).isEmpty();
    }

    @Test
    void withoutPeopleNoNameIsFlagged() {
        assertThat(BlamelessChecker.check("summary", "alice forgot to drain the node", List.of())).isEmpty();
        assertThat(BlamelessChecker.check("summary", "alice forgot to drain the node", null)).isEmpty();
    }

    @Test
    void matchingIgnoresCase() {
        assertThat(check("HUMAN ERROR and BOB'S FAULT")).extracting("rule", "column", "phrase")
                .containsExactly(tuple("human-error", 1, "HUMAN ERROR"), tuple("fault", 17, "BOB'S FAULT"));
        assertThat(check("ALICE FORGOT")).extracting("rule", "phrase").containsExactly(tuple("named-person", "ALICE FORGOT"));
        assertThat(BlamelessChecker.check("summary", "alice forgot", List.of("ALICE"))).extracting("rule").containsExactly("named-person");
    }

    @Test
    void flagsOnSeveralLinesCarryTheirLineAndColumnInReadingOrder() {
        String text = "Summary line one is fine.\n"
                + "At 10:00 the engineer was careless and\n"
                + "bob deleted the volume; it was human error.";
        // The rules run human-error first, so only sorting puts line 2 before line 3 and column 1 before column 32.
        assertThat(BlamelessChecker.check("response", text, PEOPLE)).extracting("section", "line", "column", "rule", "phrase").containsExactly(
                tuple("response", 2, 27, "judgement", "careless"),
                tuple("response", 3, 1, "named-person", "bob deleted"),
                tuple("response", 3, 32, "human-error", "human error"));
    }

    @Test
    void flagsOnOneLineAreOrderedByColumn() {
        assertThat(check("The root cause was human error; bob forgot the flag.")).extracting("column", "rule").containsExactly(
                tuple(1, "root-cause"), tuple(20, "human-error"), tuple(33, "named-person"));
    }

    @Test
    void blankOrMissingTextHasNoFlags() {
        assertThat(check("")).isEmpty();
        assertThat(check("  \n\t ")).isEmpty();
        assertThat(check(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "The deploy tool allowed a production target without confirmation.",
            "alice ran the runbook.",
            "the service failed to start",
            "we couldn't reach the database",
            "al deleted the index",                                  // "al" is shorter than three letters: not watched
            "The annual report job ran twice.",                      // "ann" inside "annual"
            "Ann-Marie forgot nothing; alicea forgot; bobby broke it", // a watched name inside a longer name
            "Replication lag was caused by a long-running migration.",
            "The contributing factors were the retry storm and a missing rate limit.",
            "Detection took 12 minutes because the alert fired late.",
            "A segmentation fault crashed the worker.",
            "The cluster's fault tolerance was reduced to one zone.",
            "The region's fault domain was shared by both replicas.",
            "It was nobody's fault.",
            "It was no one's fault: the tool allowed it.",
            "No one is to blame.",
            "Nobody was at fault.",
            "git blame showed the line dates from 2019.",
            "The lazy loading of the config delayed the first request.",
            "The module is lazy-loaded on the first call.",
            "The client ignored the Retry-After header.",
            "The load balancer ignored the health check.",
            "bob failed over the database to the secondary region.",
            "alice failed back at 15:10.",
            "Thanks to alice, the rollback took two minutes.",
            "alice didn't know the flag was global.",
            "bob didn't have access to the console.",
            "bob did not get paged: the schedule had a gap.",
            "Every deploy should have a confirmation step.",
            "The change should have no effect on latency.",
            "The migration could have an impact on EU customers.",
            "It could have been much worse.",
    })
    void neutralProcessFocusedTextHasNoFlags(String text) {
        assertThat(check(text)).isEmpty();
    }

    @Test
    void namesAreUsernamesDisplayNamesAndFirstNamesOfAtLeastThreeLetters() {
        assertThat(BlamelessChecker.names(java.util.Arrays.asList("Alice Smith", "  bob  ", "al", "Al Jones", null, " ", "alice")))
                .containsExactly("alice smith", "alice", "bob", "al jones");
        assertThat(BlamelessChecker.names(null)).isEmpty();
    }
}
