package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.api.ApiAccess;
import io.callvault.api.ApiException;
import io.callvault.api.DeniedRequestLog;
import io.callvault.api.Principal;
import io.callvault.api.WebhookSignature;
import io.callvault.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The gate before every API operation, on exchanges as platform-http makes them. */
class ApiGateTest {
  private static final String SECRET = "webhook-secret-for-tests-0123456789";
  private final List<String> audited = new ArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
  private final ApiGate gate = new ApiGate(
      ApiAccess.fromSettings(Map.of(
          "api.token.dana.sha256", ApiAccess.sha256Hex("dana-token"), "api.token.dana.roles", "dpo",
          "api.token.quinn.sha256", ApiAccess.sha256Hex("quinn-token"), "api.token.quinn.roles", "quality-reviewer"), "test"),
      new WebhookSignature(SECRET),
      new DeniedRequestLog((actor, target, reason) -> audited.add(actor + " " + target + " " + reason), clock, Duration.ofMinutes(1)),
      100);
  private static final ApiGate.Operation EXPORT = new ApiGate.Operation("subject-export", "bearer", Set.of("dpo"), false);
  private static final ApiGate.Operation RECORDINGS =
      new ApiGate.Operation("subject-recordings", "bearer", Set.of("dpo", "reviewer"), false);
  private static final ApiGate.Operation WEBHOOK = new ApiGate.Operation("consent-event", "crmSignature", Set.of(), true);

  private static Exchange request(String authorization, String body) {
    Exchange ex = new DefaultExchange(new DefaultCamelContext());
    if (authorization != null) {
      ex.getIn().setHeader("Authorization", authorization);
    }
    ex.getIn().setBody(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    return ex;
  }

  private static int status(Runnable r) {
    try {
      r.run();
      return 200;
    } catch (ApiException e) {
      return e.status();
    }
  }

  @Test
  void theRightRoleIsAdmittedAndTheCallerKnownToTheOperation() {
    Exchange ex = request("Bearer dana-token", null);
    gate.check(ex, EXPORT);
    assertThat(ApiGate.principal(ex).actor()).isEqualTo("dana");
    Exchange reviewer = request("Bearer quinn-token", null);
    gate.check(reviewer, RECORDINGS);
    assertThat(ApiGate.principal(reviewer).roles()).containsExactly("quality-reviewer");
    assertThat(audited).isEmpty();
  }

  @Test
  void noOrAnUnknownCredentialIs401WithABearerChallenge() {
    assertThatThrownBy(() -> gate.check(request(null, null), EXPORT))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.challenge()).startsWith("Bearer");
        });
    assertThat(status(() -> gate.check(request("Bearer nope", null), EXPORT))).isEqualTo(401);
    assertThat(audited).containsExactly("anonymous subject-export 401: no valid credential");
  }

  @Test
  void aWrongRoleIs403AndAFloodOfThemIsOneAuditEntryPerWindow() {
    for (int i = 0; i < 300; i++) {
      assertThat(status(() -> gate.check(request("Bearer quinn-token", null), EXPORT))).isEqualTo(403);
    }
    assertThat(audited).containsExactly("quinn subject-export 403: this operation needs the role dpo");
    gate.flushDenied();
    assertThat(audited).hasSize(2);
    assertThat(audited.get(1)).startsWith("quinn subject-export 299 more since 2024-05-01T10:00:00Z");
  }

  @Test
  void theBodyLimitComesBeforeAuthentication() {
    assertThat(status(() -> gate.check(request(null, "{}"), EXPORT))).as("a body where none is taken").isEqualTo(413);
    assertThat(status(() -> gate.check(request(null, "x".repeat(101)), WEBHOOK))).isEqualTo(413);
    assertThat(audited).as("nothing authenticated, nothing audited").isEmpty();
  }

  @Test
  void theWebhookIsAdmittedByItsSignatureOnly() {
    String body = "{\"event_id\":\"e1\"}";
    Exchange signed = request(null, body);
    signed.getIn().setHeader(WebhookSignature.HEADER, new WebhookSignature(SECRET).sign(body.getBytes(StandardCharsets.UTF_8)));
    gate.check(signed, WEBHOOK);

    Exchange tampered = request("Bearer dana-token", body + " ");
    tampered.getIn().setHeader(WebhookSignature.HEADER, new WebhookSignature(SECRET).sign(body.getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> gate.check(tampered, WEBHOOK)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.challenge()).contains(WebhookSignature.HEADER);
    });
    assertThat(audited).containsExactly("crm-webhook consent-event 401: bad or missing signature");
  }

  @Test
  void anOperationThatRunsWithoutTheGateFailsInsteadOfRunningAnonymously() {
    assertThatThrownBy(() -> ApiGate.principal(request(null, null))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void principalRolesAreCheckedAsDeclared() {
    Exchange ex = request("Bearer dana-token", null);
    gate.check(ex, RECORDINGS);
    assertThat(ApiGate.principal(ex)).isEqualTo(new Principal("dana", Set.of("dpo")));
  }
}
