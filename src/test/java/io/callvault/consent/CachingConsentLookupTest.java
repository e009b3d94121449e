package io.callvault.consent;

import io.callvault.testing.MutableClock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.callvault.consent.ConsentStatus.GRANTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachingConsentLookupTest {
  private static final String PHONE = "+33612345678";
  private static final String PATH = "/consent/%2B33612345678";

  private WireMockServer crm;
  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T10:00:00Z"));

  @BeforeEach
  void start() {
    crm = new WireMockServer(options().dynamicPort());
    crm.start();
  }

  @AfterEach
  void stop() {
    crm.stop();
  }

  private CachingConsentLookup lookup(Duration ttl) {
    HttpJsonConsentSource http =
        new HttpJsonConsentSource(
            HttpConsentSettings.of(crm.baseUrl() + "/consent/{subject}",
                Map.of("training", "/training"), ConsentValues.DEFAULTS, Duration.ofSeconds(10)));
    return new CachingConsentLookup(http, ttl, 100, clock);
  }

  @Test
  void secondLookupWithinTtlMakesNoHttpCall() throws Exception {
    crm.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson("{\"training\":\"yes\"}")));
    CachingConsentLookup consent = lookup(Duration.ofMinutes(10));

    assertThat(consent.lookup(PHONE).status("training")).isEqualTo(GRANTED);
    clock.advance(Duration.ofMinutes(9));
    assertThat(consent.lookup(PHONE).status("training")).isEqualTo(GRANTED);

    crm.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void lookupAfterTtlAsksTheCrmAgain() throws Exception {
    crm.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson("{\"training\":\"yes\"}")));
    CachingConsentLookup consent = lookup(Duration.ofMinutes(10));

    consent.lookup(PHONE);
    clock.advance(Duration.ofMinutes(10));
    consent.lookup(PHONE);

    crm.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void unknownSubjectIsCachedLikeAnyAnswer() throws Exception {
    CachingConsentLookup consent = lookup(Duration.ofMinutes(10));

    assertThat(consent.lookup(PHONE).flags()).isEmpty();
    assertThat(consent.lookup(PHONE).flags()).isEmpty();

    crm.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void failureIsNotCached() throws Exception {
    crm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(502)));
    CachingConsentLookup consent = lookup(Duration.ofMinutes(10));
    catchThrowableOfType(() -> consent.lookup(PHONE), ConsentUnavailableException.class);

    crm.resetAll();
    crm.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson("{\"training\":\"granted\"}")));

    assertThat(consent.lookup(PHONE).status("training")).isEqualTo(GRANTED);
  }

  @Test
  void cacheHoldsAtMostMaxEntriesDroppingTheLeastRecentlyUsed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ConsentSource counting = s -> {
      calls.incrementAndGet();
      return new ConsentAnswer(Map.of("training", GRANTED), "test");
    };
    CachingConsentLookup consent =
        new CachingConsentLookup(counting, Duration.ofHours(1), 2, clock);

    consent.lookup("a");
    consent.lookup("b");
    consent.lookup("a"); // a is now the most recently used
    consent.lookup("c"); // evicts b
    assertThat(consent.cachedEntries()).isEqualTo(2);
    assertThat(calls).hasValue(3);

    consent.lookup("a");
    assertThat(calls).hasValue(3);
    consent.lookup("b");
    assertThat(calls).hasValue(4);
  }

  @Test
  void zeroTtlAlwaysAsks() throws Exception {
    crm.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson("{\"training\":\"yes\"}")));
    CachingConsentLookup consent = lookup(Duration.ZERO);

    consent.lookup(PHONE);
    consent.lookup(PHONE);

    crm.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
  }
}
