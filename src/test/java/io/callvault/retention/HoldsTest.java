package io.callvault.retention;

import io.callvault.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.RecordingEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HoldsTest {

  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  static final String SUBJECT = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  Catalog catalog;
  MutableClock clock;
  Holds holds;

  @BeforeEach
  void open() {
    catalog = Catalog.open(new CatalogSettings("jdbc:h2:mem:holds-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        null, null));
    clock = new MutableClock(T0);
    holds = new Holds(catalog, clock);
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void placedHoldIsListedActiveUntilReleasedAndKeepsWhoAndWhen() {
    String id = holds.place(HoldScope.CASE, "case-2024-17", "court order", "j.doe", T0.plus(Duration.ofDays(90)));
    assertThat(holds.list(true)).extracting(Hold::id).containsExactly(id);

    clock.set(T0.plus(Duration.ofDays(1)));
    Hold released = holds.release(id, "dpo");

    assertThat(released.active()).isFalse();
    assertThat(released.releasedBy()).isEqualTo("dpo");
    assertThat(released.releasedAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
    assertThat(released.placedBy()).isEqualTo("j.doe");
    assertThat(released.placedAt()).isEqualTo(T0);
    assertThat(holds.list(true)).isEmpty();
    assertThat(holds.list(false)).extracting(Hold::id).containsExactly(id);
    assertThatThrownBy(() -> holds.release(id, "dpo")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already released");
    assertThatThrownBy(() -> holds.release("hold_nope", "dpo")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no legal hold");
  }

  @Test
  void holdTargetsAreOpaqueIdsNeverPhoneNumbers() {
    Instant review = T0.plus(Duration.ofDays(30));
    assertThatThrownBy(() -> holds.place(HoldScope.SUBJECT, "+33612345678", "r", "dpo", review))
        .hasMessageContaining("looks like a phone number").hasMessageNotContaining("612345678");
    assertThatThrownBy(() -> holds.place(HoldScope.CASE, "call 0612345678", "r", "dpo", review))
        .hasMessageContaining("phone number");
    assertThatThrownBy(() -> holds.place(HoldScope.SUBJECT, "jane", "r", "dpo", review))
        .hasMessageContaining("subject key");
    assertThatThrownBy(() -> holds.place(HoldScope.RECORDING, "rec_1", " ", "dpo", review))
        .hasMessageContaining("reason");
    assertThatThrownBy(() -> holds.place(HoldScope.RECORDING, "rec_1", "r", "dpo", null))
        .hasMessageContaining("review date");
    assertThat(holds.place(HoldScope.SUBJECT, SUBJECT, "r", "dpo", review)).startsWith("hold_");
  }

  @Test
  void overdueListsOnlyActiveHoldsPastTheirReviewDate() {
    String due = holds.place(HoldScope.RECORDING, "rec_1", "r", "dpo", T0.plus(Duration.ofDays(10)));
    holds.place(HoldScope.RECORDING, "rec_2", "r", "dpo", T0.plus(Duration.ofDays(100)));
    String releasedDue = holds.place(HoldScope.RECORDING, "rec_3", "r", "dpo", T0.plus(Duration.ofDays(10)));
    holds.release(releasedDue, "dpo");

    assertThat(holds.overdue(T0.plus(Duration.ofDays(11)))).extracting(Hold::id).containsExactly(due);
    assertThat(holds.overdue(T0.plus(Duration.ofDays(9)))).isEmpty();
  }

  @Test
  void aReviewMovesTheReviewDateOfAnActiveHoldSoItIsNoLongerOverdueAndKeepsEverythingElse() {
    String id = holds.place(HoldScope.CASE, "case-2024-17", "court order", "j.doe", T0.plus(Duration.ofDays(10)));
    clock.set(T0.plus(Duration.ofDays(20)));
    assertThat(holds.overdue(clock.instant())).extracting(Hold::id).containsExactly(id);
    Hold before = holds.find(id).orElseThrow();

    Hold reviewed = holds.review(id, Instant.parse("2024-08-01T00:00:00Z"));

    assertThat(reviewed.reviewAt()).isEqualTo(Instant.parse("2024-08-01T00:00:00Z"));
    assertThat(reviewed).usingRecursiveComparison().ignoringFields("reviewAt").isEqualTo(before);
    assertThat(holds.overdue(clock.instant())).isEmpty();
    assertThat(holds.find(id).orElseThrow().reviewAt()).isEqualTo(Instant.parse("2024-08-01T00:00:00Z"));
  }

  @Test
  void aReviewIsRefusedForADayInThePastAnUnknownHoldAndAReleasedOneAndChangesNothing() {
    String id = holds.place(HoldScope.CASE, "case-2024-17", "court order", "j.doe", T0.plus(Duration.ofDays(10)));
    assertThatThrownBy(() -> holds.review(id, T0.minus(Duration.ofDays(1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in the past");
    assertThat(holds.review(id, T0.truncatedTo(java.time.temporal.ChronoUnit.DAYS)).reviewAt())
        .as("today is a valid review date").isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    assertThatThrownBy(() -> holds.review("hold_nope", T0.plus(Duration.ofDays(5))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no legal hold");
    holds.release(id, "dpo");
    assertThatThrownBy(() -> holds.review(id, T0.plus(Duration.ofDays(5))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already released");
    assertThat(holds.find(id).orElseThrow().reviewAt()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
  }

  @Test
  void aRecordingIsHeldThroughItselfItsSubjectOrItsCase() throws Exception {
    catalog.saveRecording(new RecordingEntry("rec_9", "pbx", "1.9", "in", "INBOUND", T0, 10, 9, "ANSWERED",
        SUBJECT, "WAV_PCM", RecordingEntry.STORED, null, T0));
    assertThat(holds.isHeld("rec_9")).isFalse();

    String bySubject = holds.place(HoldScope.SUBJECT, SUBJECT, "r", "dpo", T0.plus(Duration.ofDays(9)));
    assertThat(holds.isHeld("rec_9")).isTrue();
    holds.release(bySubject, "dpo");
    assertThat(holds.isHeld("rec_9")).isFalse();

    try (var c = catalog.dataSource().getConnection();
        var ps = c.prepareStatement("update recordings set case_id = 'case-5' where id = 'rec_9'")) {
      ps.executeUpdate();
      c.commit();
    }
    holds.place(HoldScope.CASE, "case-5", "r", "dpo", T0.plus(Duration.ofDays(9)));
    assertThat(holds.isHeld("rec_9")).isTrue();

    holds.place(HoldScope.RECORDING, "rec_not_yet_ingested", "r", "dpo", T0.plus(Duration.ofDays(9)));
    assertThat(holds.isHeld("rec_not_yet_ingested")).isTrue();
  }

  @Test
  void heldAmongNamesTheRecordingsAHoldCoversNowBySubjectOrRecording() {
    for (String id : java.util.List.of("rec_a", "rec_b", "rec_c")) {
      catalog.saveRecording(new RecordingEntry(id, "pbx", id, "in", "INBOUND", T0, 10, 9, "ANSWERED",
          id.equals("rec_b") ? SUBJECT : null, "WAV_PCM", RecordingEntry.STORED, null, T0));
    }
    assertThat(holds.heldAmong(java.util.List.of("rec_a", "rec_b", "rec_c"))).isEmpty();

    holds.place(HoldScope.SUBJECT, SUBJECT, "litigation", "dpo", T0.plusSeconds(86_400));
    String onC = holds.place(HoldScope.RECORDING, "rec_c", "complaint", "dpo", T0.plusSeconds(86_400));

    assertThat(holds.heldAmong(java.util.List.of("rec_a", "rec_b", "rec_c"))).containsExactlyInAnyOrder("rec_b", "rec_c");
    holds.release(onC, "dpo");
    assertThat(holds.heldAmong(java.util.List.of("rec_a", "rec_b", "rec_c"))).containsExactly("rec_b");
  }

  @Test
  void listenersHearOfEachReleaseAfterItIsCommittedAndAFailingOneDoesNotUndoIt() {
    java.util.List<String> heard = new java.util.ArrayList<>();
    holds.afterRelease(h -> {
      throw new IllegalStateException("S3 is down");
    });
    holds.afterRelease(h -> heard.add(h.id() + " active=" + h.active() + " in catalog active="
        + holds.find(h.id()).orElseThrow().active()));
    String id = holds.place(HoldScope.CASE, "case-7", "court order", "j.doe", T0.plus(Duration.ofDays(9)));

    Hold released = holds.release(id, "dpo");

    assertThat(released.active()).isFalse();
    assertThat(heard).containsExactly(id + " active=false in catalog active=false");
    assertThat(holds.list(true)).isEmpty();
  }
}
