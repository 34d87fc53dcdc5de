package dev.andon.postmortems;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostmortemEnumsTest {
    @Test
    void aDraftGoesOnlyToReview() {
        assertThat(PostmortemStatus.DRAFT.canMoveTo(PostmortemStatus.IN_REVIEW)).isTrue();
        assertThat(PostmortemStatus.DRAFT.canMoveTo(PostmortemStatus.PUBLISHED)).as("publishing skips the review").isFalse();
        assertThat(PostmortemStatus.DRAFT.canMoveTo(PostmortemStatus.DRAFT)).isFalse();
    }

    @Test
    void aReviewGoesBackToDraftOrOnToPublished() {
        assertThat(PostmortemStatus.IN_REVIEW.canMoveTo(PostmortemStatus.DRAFT)).isTrue();
        assertThat(PostmortemStatus.IN_REVIEW.canMoveTo(PostmortemStatus.PUBLISHED)).isTrue();
        assertThat(PostmortemStatus.IN_REVIEW.canMoveTo(PostmortemStatus.IN_REVIEW)).isFalse();
    }

    @Test
    void aPublishedPostmortemIsFinalAndReadOnly() {
        for (PostmortemStatus next : PostmortemStatus.values()) {
            assertThat(PostmortemStatus.PUBLISHED.canMoveTo(next)).as("published -> %s", next).isFalse();
        }
        assertThat(PostmortemStatus.PUBLISHED.editable()).isFalse();
        assertThat(PostmortemStatus.DRAFT.editable()).isTrue();
        assertThat(PostmortemStatus.IN_REVIEW.editable()).isTrue();
    }

    @Test
    void postmortemStatusParsesKeysWithUnderscoresHyphensOrSpaces() {
        assertThat(PostmortemStatus.parse("in_review")).isEqualTo(PostmortemStatus.IN_REVIEW);
        assertThat(PostmortemStatus.parse("in-review")).isEqualTo(PostmortemStatus.IN_REVIEW);
        assertThat(PostmortemStatus.parse(" In review ")).isEqualTo(PostmortemStatus.IN_REVIEW);
        assertThat(PostmortemStatus.parse("DRAFT")).isEqualTo(PostmortemStatus.DRAFT);
        assertThat(PostmortemStatus.parse("published")).isEqualTo(PostmortemStatus.PUBLISHED);
        assertThat(PostmortemStatus.parse("review")).isNull();
        assertThat(PostmortemStatus.parse(null)).isNull();
        assertThat(PostmortemStatus.IN_REVIEW.key()).isEqualTo("in_review");
        assertThat(PostmortemStatus.IN_REVIEW.text()).isEqualTo("In review");
    }

    @Test
    void actionItemStatusParsesKeysAndTheTextsShownToPeople() {
        assertThat(ActionItemStatus.parse("open")).isEqualTo(ActionItemStatus.OPEN);
        assertThat(ActionItemStatus.parse("in_progress")).isEqualTo(ActionItemStatus.IN_PROGRESS);
        assertThat(ActionItemStatus.parse("in-progress")).isEqualTo(ActionItemStatus.IN_PROGRESS);
        assertThat(ActionItemStatus.parse(" In progress ")).isEqualTo(ActionItemStatus.IN_PROGRESS);
        assertThat(ActionItemStatus.parse("DONE")).isEqualTo(ActionItemStatus.DONE);
        assertThat(ActionItemStatus.parse("wont_do")).isEqualTo(ActionItemStatus.WONT_DO);
        assertThat(ActionItemStatus.parse("won't do")).isEqualTo(ActionItemStatus.WONT_DO);
        assertThat(ActionItemStatus.parse("wont-do")).isEqualTo(ActionItemStatus.WONT_DO);
        for (ActionItemStatus status : ActionItemStatus.values()) {
            assertThat(ActionItemStatus.parse(status.text())).as(status.text()).isEqualTo(status);
            assertThat(ActionItemStatus.parse(status.key())).as(status.key()).isEqualTo(status);
        }
        assertThat(ActionItemStatus.parse("closed")).isNull();
        assertThat(ActionItemStatus.parse("")).isNull();
        assertThat(ActionItemStatus.parse(null)).isNull();
    }

    @Test
    void onlyDoneAndWontDoAreClosed() {
        assertThat(ActionItemStatus.OPEN.closed()).isFalse();
        assertThat(ActionItemStatus.IN_PROGRESS.closed()).isFalse();
        assertThat(ActionItemStatus.DONE.closed()).isTrue();
        assertThat(ActionItemStatus.WONT_DO.closed()).isTrue();
    }

    @Test
    void actionItemTypeParsesItsKeysIgnoringCaseAndSpaces() {
        assertThat(ActionItemType.parse("prevent")).isEqualTo(ActionItemType.PREVENT);
        assertThat(ActionItemType.parse(" Mitigate ")).isEqualTo(ActionItemType.MITIGATE);
        assertThat(ActionItemType.parse("DETECT")).isEqualTo(ActionItemType.DETECT);
        assertThat(ActionItemType.parse("process")).isEqualTo(ActionItemType.PROCESS);
        assertThat(ActionItemType.parse("fix")).isNull();
        assertThat(ActionItemType.parse(null)).isNull();
        assertThat(ActionItemType.DETECT.key()).isEqualTo("detect");
    }

    @Test
    void actionItemPriorityParsesItsKeysIgnoringCaseAndSpaces() {
        assertThat(ActionItemPriority.parse("high")).isEqualTo(ActionItemPriority.HIGH);
        assertThat(ActionItemPriority.parse(" Medium")).isEqualTo(ActionItemPriority.MEDIUM);
        assertThat(ActionItemPriority.parse("LOW")).isEqualTo(ActionItemPriority.LOW);
        assertThat(ActionItemPriority.parse("urgent")).isNull();
        assertThat(ActionItemPriority.parse(null)).isNull();
        assertThat(ActionItemPriority.MEDIUM.key()).isEqualTo("medium");
    }

    @Test
    void factorTypeParsesItsKeysAndHasATitleAndHint() {
        assertThat(FactorType.parse("technical")).isEqualTo(FactorType.TECHNICAL);
        assertThat(FactorType.parse(" Process ")).isEqualTo(FactorType.PROCESS);
        assertThat(FactorType.parse("COMMUNICATION")).isEqualTo(FactorType.COMMUNICATION);
        assertThat(FactorType.parse("external")).isEqualTo(FactorType.EXTERNAL);
        assertThat(FactorType.parse("people")).as("there is no people factor: that would be blame").isNull();
        assertThat(FactorType.parse(null)).isNull();
        assertThat(FactorType.EXTERNAL.key()).isEqualTo("external");
        assertThat(FactorType.EXTERNAL.title()).isEqualTo("External");
        for (FactorType type : FactorType.values()) {
            assertThat(type.hint()).as(type.key()).isNotBlank();
        }
    }

    @Test
    void postmortemSectionParsesKeysWithUnderscoresOrHyphens() {
        assertThat(PostmortemSection.parse("summary")).isEqualTo(PostmortemSection.SUMMARY);
        assertThat(PostmortemSection.parse(" went-well ")).isEqualTo(PostmortemSection.WENT_WELL);
        assertThat(PostmortemSection.parse("ACTION_ITEMS")).isEqualTo(PostmortemSection.ACTION_ITEMS);
        assertThat(PostmortemSection.parse("got_lucky")).isEqualTo(PostmortemSection.GOT_LUCKY);
        assertThat(PostmortemSection.parse("lessons")).isNull();
        assertThat(PostmortemSection.parse(null)).isNull();
        for (PostmortemSection section : PostmortemSection.values()) {
            assertThat(PostmortemSection.parse(section.key())).as(section.key()).isEqualTo(section);
        }
        assertThat(PostmortemSection.RESPONSE.title()).isEqualTo("Response and resolution");
    }

    @Test
    void theFreeTextSectionsAreThoseWithoutTheirOwnStructure() {
        assertThat(PostmortemSection.TEXT).containsExactly(PostmortemSection.SUMMARY, PostmortemSection.IMPACT, PostmortemSection.DETECTION,
                PostmortemSection.RESPONSE, PostmortemSection.WENT_WELL, PostmortemSection.WENT_BADLY, PostmortemSection.GOT_LUCKY);
        assertThat(PostmortemSection.TEXT).doesNotContain(PostmortemSection.TIMELINE, PostmortemSection.FACTORS, PostmortemSection.ACTION_ITEMS);
    }
}
