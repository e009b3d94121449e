package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.api.ApiException;
import io.callvault.api.Principal;
import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.SubjectKeys;
import io.callvault.retention.Holds;
import io.callvault.rights.SubjectRights;
import io.callvault.source.PhoneNumbers;
import io.callvault.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hold operations on an H2 catalog, as the gate hands them an exchange. */
class HoldsApiTest {
  private Catalog catalog;
  private Holds holds;
  private AuditTrail audit;
  private SubjectRights rights;
  private HoldsApi api;

  @BeforeEach
  void open() {
    catalog = Catalog.open(new CatalogSettings("jdbc:h2:mem:holdsapi-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
    MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    holds = new Holds(catalog, clock);
    audit = new AuditTrail(catalog, clock);
    rights = new SubjectRights(catalog, null, new SubjectKeys("holds-api-test-secret-0123".getBytes(StandardCharsets.UTF_8)),
        new PhoneNumbers("GB"), null, holds, null, audit, clock);
    api = new HoldsApi(holds, rights, audit);
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  private static Exchange asDpo(String body) {
    Exchange ex = new DefaultExchange(new DefaultCamelContext());
    ex.setProperty(ApiGate.PRINCIPAL, new Principal("dana", Set.of("dpo")));
    ex.getIn().setBody(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    return ex;
  }

  private static JsonNode json(Exchange ex) throws Exception {
    return ApiReplies.JSON.readTree(ex.getMessage().getBody(byte[].class));
  }

  @Test
  void aSubjectHoldKeepsTheSubjectKeyNeverTheNumberAndIsAudited() throws Exception {
    Exchange ex = asDpo("{\"scope\":\"subject\",\"target\":\"07700 900123\",\"reason\":\"complaint\",\"review_at\":\"2030-01-01\"}");
    api.place(ex);

    assertThat(ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(201);
    assertThat(ex.getMessage().getHeader("Cache-Control")).isEqualTo("no-store");
    JsonNode hold = json(ex);
    assertThat(hold.get("target").asText()).isEqualTo(rights.subjectKey("+447700900123")).doesNotContain("7700900123");
    assertThat(audit.read(1, 10)).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo("HOLD_PLACED");
      assertThat(e.actor()).isEqualTo("dana");
      assertThat(e.reason()).isEqualTo("SUBJECT hold");
    });
  }

  @Test
  void aHoldWithoutAReviewDateIsRefusedAndNothingIsPlaced() {
    assertThatThrownBy(() -> api.place(asDpo("{\"scope\":\"case\",\"target\":\"CASE-1\",\"reason\":\"dispute\"}")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("review_at"));
    assertThat(holds.list(false)).isEmpty();
  }

  @Test
  void releasingAnswers404ForAnUnknownHoldAnd409ForAReleasedOne() throws Exception {
    Exchange placed = asDpo("{\"scope\":\"case\",\"target\":\"CASE-1\",\"reason\":\"dispute\",\"review_at\":\"2030-01-01\"}");
    api.place(placed);
    String id = json(placed).get("id").asText();

    Exchange release = asDpo(null);
    release.getIn().setHeader("id", id);
    api.release(release);
    assertThat(json(release).get("releasedBy").asText()).isEqualTo("dana");

    Exchange again = asDpo(null);
    again.getIn().setHeader("id", id);
    assertThatThrownBy(() -> api.release(again)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
    Exchange unknown = asDpo(null);
    unknown.getIn().setHeader("id", "hold_0000");
    assertThatThrownBy(() -> api.release(unknown)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void aReviewMovesTheReviewDateAndIsAuditedWithTheOldAndNewDates() throws Exception {
    String id = placeCase();

    Exchange review = asDpo("{\"review_at\":\"2031-06-30\"}");
    review.getIn().setHeader("id", id);
    api.review(review);

    assertThat(review.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
    assertThat(json(review).get("reviewAt").asText()).startsWith("2031-06-30");
    assertThat(holds.find(id).orElseThrow().reviewAt()).isEqualTo(Instant.parse("2031-06-30T00:00:00Z"));
    assertThat(audit.read(1, 10)).last().satisfies(e -> {
      assertThat(e.action()).isEqualTo("HOLD_REVIEWED");
      assertThat(e.actor()).isEqualTo("dana");
      assertThat(e.target()).isEqualTo(id);
      assertThat(e.reason()).isEqualTo("review date 2030-01-01 -> 2031-06-30");
    });
  }

  @Test
  void aReviewAnswers400ForABadOrPastDate404ForAnUnknownHoldAnd409ForAReleasedOne() throws Exception {
    String id = placeCase();
    for (String body : new String[] {"{\"review_at\":\"30/06/2031\"}", "{}", "{\"review_at\":\"2024-04-30\"}"}) {
      Exchange bad = asDpo(body);
      bad.getIn().setHeader("id", id);
      ApiException problem = ApiReplies.asProblem((Exception) org.assertj.core.api.Assertions.catchThrowable(
          () -> api.review(bad)), "test");
      assertThat(problem.status()).as(body).isEqualTo(400);
      assertThat(problem.getMessage()).as(body)
          .containsAnyOf("review_at must be a date YYYY-MM-DD", "missing field 'review_at'", "in the past");
    }
    assertThat(holds.find(id).orElseThrow().reviewAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));

    Exchange unknown = asDpo("{\"review_at\":\"2031-06-30\"}");
    unknown.getIn().setHeader("id", "hold_0000");
    assertThatThrownBy(() -> api.review(unknown)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    holds.release(id, "dana");
    Exchange released = asDpo("{\"review_at\":\"2031-06-30\"}");
    released.getIn().setHeader("id", id);
    assertThatThrownBy(() -> api.review(released)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
    assertThat(audit.read(1, 10)).extracting(e -> e.action()).doesNotContain("HOLD_REVIEWED");
  }

  private String placeCase() throws Exception {
    Exchange placed = asDpo("{\"scope\":\"case\",\"target\":\"CASE-1\",\"reason\":\"dispute\",\"review_at\":\"2030-01-01\"}");
    api.place(placed);
    return json(placed).get("id").asText();
  }

  @Test
  void theListAnswersOnlyActiveHoldsAndNoHeaderOfTheRequest() throws Exception {
    Exchange ex = asDpo(null);
    ex.getIn().setHeader("Set-Cookie", "evil=1");
    ex.getIn().setHeader("X-Callvault-Subject", "+447700900123");
    api.list(ex);
    assertThat(json(ex).isArray()).isTrue();
    assertThat(ex.getMessage().getHeaders()).containsOnlyKeys(Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE, "Cache-Control");
  }
}
