package io.callvault.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.retention.HoldScope;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiInputTest {

  private static void refused(Runnable r, String detail) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.getMessage()).contains(detail).doesNotContain("7700900123", "No enum constant");
    });
  }

  @Test
  void eventIdsAreShortOpaqueIdsAndNeverPhoneNumbers() {
    assertThat(ApiInput.eventId("evt-2024:0042")).isEqualTo("evt-2024:0042");
    refused(() -> ApiInput.eventId("x".repeat(129)), "event_id must be");
    refused(() -> ApiInput.eventId("call-+447700900123"), "event_id");
    refused(() -> ApiInput.eventId("call-447700900123"), "phone number");
    refused(() -> ApiInput.eventId(null), "missing field 'event_id'");
  }

  @Test
  void aPurposeMustBeOneOfThePolicies() {
    assertThat(ApiInput.purpose("quality", List.of("training", "quality"))).isEqualTo("quality");
    refused(() -> ApiInput.purpose("x\u0000", List.of("quality")), "purpose must be one of [quality]");
    refused(() -> ApiInput.purpose("marketing", List.of("quality")), "purpose must be one of");
  }

  @Test
  void holdScopesAreNamedWithoutTheEnumsClassName() {
    assertThat(ApiInput.holdScope("Subject")).isEqualTo(HoldScope.SUBJECT);
    refused(() -> ApiInput.holdScope("galaxy"), "scope must be recording, subject or case");
  }

  @Test
  void holdReasonsRefusePhoneNumbersControlCharactersAndNovels() {
    assertThat(ApiInput.holdReason("complaint 42 (ticket 2024-118)")).startsWith("complaint");
    refused(() -> ApiInput.holdReason("caller 07700 900123 threatened to sue"), "reason");
    refused(() -> ApiInput.holdReason("caller 07700900123"), "phone number");
    refused(() -> ApiInput.holdReason("a\u0000b"), "control characters");
    refused(() -> ApiInput.holdReason("x".repeat(ApiInput.MAX_REASON + 1)), "at most");
  }

  @Test
  void aHoldNeedsAReviewDate() {
    assertThat(ApiInput.reviewAt("2030-06-30")).isEqualTo(Instant.parse("2030-06-30T00:00:00Z"));
    refused(() -> ApiInput.reviewAt(null), "missing field 'review_at'");
    refused(() -> ApiInput.reviewAt("next week"), "review_at must be a date");
  }

  @Test
  void theAuditViewsLimitActionAndActorFilterHaveTheirShapesAndMayBeLeftOut() {
    assertThat(ApiInput.limit(null, 100, 1000)).isEqualTo(100);
    assertThat(ApiInput.limit(" 25 ", 100, 1000)).isEqualTo(25);
    for (String bad : new String[] {"0", "1001", "-1", "ten", "1e3"}) {
      refused(() -> ApiInput.limit(bad, 100, 1000), "limit must be a whole number from 1 to 1000");
    }
    assertThat(ApiInput.auditAction("")).isNull();
    assertThat(ApiInput.auditAction("HOLD_REVIEWED")).isEqualTo("HOLD_REVIEWED");
    refused(() -> ApiInput.auditAction("hold_placed"), "action must be an audit action");
    refused(() -> ApiInput.auditAction("X' or 1=1"), "action must be an audit action");
    assertThat(ApiInput.actorPart(null)).isNull();
    assertThat(ApiInput.actorPart(" dana ")).isEqualTo("dana");
    refused(() -> ApiInput.actorPart("a".repeat(256)), "at most 255 characters");
    refused(() -> ApiInput.actorPart("dana\u0000"), "without control characters");
  }

  @Test
  void flagsAndIdsHaveTheirShapes() {
    assertThat(ApiInput.flag("training")).isEqualTo("training");
    refused(() -> ApiInput.flag("07700 900123"), "flag must be");
    assertThat(ApiInput.recordingId("asterisk-1-1710498700.1")).isEqualTo("asterisk-1-1710498700.1");
    refused(() -> ApiInput.recordingId("../etc"), "recording id");
    refused(() -> ApiInput.subjectRef("x".repeat(257)), "at most 256");
  }
}
