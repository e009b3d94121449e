package io.callvault.consent;

import io.callvault.testing.MutableClock;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.callvault.consent.ConsentStatus.DENIED;
import static io.callvault.consent.ConsentStatus.GRANTED;
import static io.callvault.consent.ConsentStatus.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsentSourcesTest {
  @TempDir Path configDir;

  private static ConfigException configError(Map<String, String> props, Path dir) {
    ConfigException e =
        catchThrowableOfType(() -> ConsentSources.fromProperties(props, dir),
            ConfigException.class);
    assertThat(e).as("configuration must be refused").isNotNull();
    assertThat(e.problems()).allSatisfy(p -> {
      assertThat(p.file()).isEqualTo("config/application.properties");
      assertThat(p.fix()).isNotBlank();
    });
    return e;
  }

  private static ConfigProblem problemAt(ConfigException e, String key) {
    return e.problems().stream().filter(p -> p.where().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no problem reported at " + key + ": " + e));
  }

  @Test
  void csvSourceIsBuiltFromARelativePathAndCached() throws Exception {
    Files.writeString(configDir.resolve("consent.csv"), "subject,training\n+4930123,yes\n");

    CachingConsentLookup consent = ConsentSources.fromProperties(
        Map.of("consent.source", "csv", "consent.csv.file", "consent.csv"), configDir);

    assertThat(consent.lookup("+4930123").status("training")).isEqualTo(GRANTED);
  }

  @Test
  void httpSourceIsBuiltWithFlagsValuesAuthAndCache() throws Exception {
    WireMockServer crm = new WireMockServer(options().dynamicPort());
    crm.start();
    try {
      crm.stubFor(get(urlPathEqualTo("/communication-preferences/v3/status/email/jo%40x.org"))
          .withHeader("Authorization", equalTo("Bearer tok"))
          .willReturn(okJson(HttpJsonConsentSourceTest.hubspotStatuses(
              "jo@x.org", "SUBSCRIBED", "NOT_SUBSCRIBED"))));
      Map<String, String> props = new HashMap<>();
      props.put("consent.source", "http");
      props.put("consent.http.url-template",
          crm.baseUrl() + "/communication-preferences/v3/status/email/{subject}");
      props.put("consent.http.auth-header", "Authorization");
      props.put("consent.http.auth-value", "Bearer tok");
      props.put("consent.http.timeout", "PT10S");
      props.put("consent.http.flag.newsletter", "$.subscriptionStatuses[?(@.id=='123')].status");
      props.put("consent.http.flag.training", "$.subscriptionStatuses[?(@.id=='456')].status");
      props.put("consent.http.value.SUBSCRIBED", "granted");
      props.put("consent.http.value.NOT_SUBSCRIBED", "DENIED");
      ConsentSettings settings = ConsentSettings.fromProperties(props, configDir);
      MutableClock clock = new MutableClock(Instant.EPOCH);
      CachingConsentLookup consent = ConsentSources.create(settings, clock);

      ConsentAnswer first = consent.lookup("jo@x.org");
      consent.lookup("jo@x.org");

      assertThat(first.status("newsletter")).isEqualTo(GRANTED);
      assertThat(first.status("training")).isEqualTo(DENIED);
      crm.verify(1, getRequestedFor(urlPathEqualTo(
          "/communication-preferences/v3/status/email/jo%40x.org")));
      assertThat(settings.cacheTtl()).isEqualTo(Duration.ofMinutes(10));
      assertThat(settings.retry()).isEqualTo(
          new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5)));
      assertThat(settings.toString()).doesNotContain("Bearer tok");
      assertThat(consent.toString()).doesNotContain("Bearer tok");
    } finally {
      crm.stop();
    }
  }

  @Test
  void defaultValueSpellingsStillApplyBesideConfiguredOnes() {
    Map<String, String> props = Map.of(
        "consent.source", "http",
        "consent.http.url-template", "https://crm.example.com/c/{subject}",
        "consent.http.flag.training", "/training",
        "consent.http.value.subscribed", "GRANTED",
        "consent.http.value.yes", "UNKNOWN");

    HttpConsentSettings http = ConsentSettings.fromProperties(props, configDir).http();

    assertThat(http.valueMap()).containsEntry("subscribed", GRANTED)
        .containsEntry("true", GRANTED).containsEntry("false", DENIED)
        .containsEntry("yes", UNKNOWN);
    assertThat(http.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aResolveStepNeedsBothItsKeysAndAValidPath() {
    Map<String, String> base = Map.of(
        "consent.source", "http",
        "consent.http.url-template", "https://crm.example.com/consent/{subject}",
        "consent.http.flag.training", "/{subject}/proceed/track");
    Map<String, String> urlOnly = new HashMap<>(base);
    urlOnly.put("consent.http.resolve.url-template", "https://crm.example.com/search?q={subject}");
    Map<String, String> badPath = new HashMap<>(urlOnly);
    badPath.put("consent.http.resolve.path", "searchRecords.0.Id");
    Map<String, String> both = new HashMap<>(urlOnly);
    both.put("consent.http.resolve.path", "/searchRecords/0/Id");

    assertThat(problemAt(configError(urlOnly, configDir), "consent.http.resolve.path").fix()).contains("set both");
    assertThat(problemAt(configError(badPath, configDir), "consent.http.resolve.path").problem())
        .contains("JSON Pointer");
    assertThat(ConsentSettings.fromProperties(both, configDir).http().resolvePath()).isEqualTo("/searchRecords/0/Id");
  }

  @Test
  void missingSourceNamesTheKeyAndBothChoices() {
    ConfigException e = configError(Map.of(), configDir);

    ConfigProblem p = problemAt(e, "consent.source");
    assertThat(p.fix()).contains("consent.source=csv").contains("consent.source=http");
  }

  @Test
  void unknownSourceIsRefused() {
    ConfigException e = configError(Map.of("consent.source", "ldap"), configDir);

    assertThat(problemAt(e, "consent.source").problem()).contains("ldap");
  }

  @Test
  void csvWithoutFileOrWithMissingFileIsRefused() {
    problemAt(configError(Map.of("consent.source", "csv"), configDir), "consent.csv.file");

    ConfigProblem p = problemAt(
        configError(Map.of("consent.source", "csv", "consent.csv.file", "nope.csv"), configDir),
        "consent.csv.file");
    assertThat(p.problem()).contains("nope.csv");
  }

  @Test
  void httpReportsEveryProblemAtOnce() {
    Map<String, String> props = new HashMap<>();
    props.put("consent.source", "http");
    props.put("consent.http.url-template", "crm.example.com/consent");
    props.put("consent.http.auth-header", "Authorization");
    props.put("consent.http.timeout", "5 seconds");
    props.put("consent.http.flag.training", "training.status");
    props.put("consent.http.value.SUBSCRIBED", "YES");
    props.put("consent.cache.ttl", "-PT1M");
    props.put("consent.retry.max-attempts", "0");
    props.put("consent.retry.initial-backoff", "200ms");

    ConfigException e = configError(props, configDir);

    assertThat(e.problems()).extracting(ConfigProblem::where).contains(
        "consent.http.url-template", "consent.http.auth-value", "consent.http.timeout",
        "consent.http.flag.training", "consent.http.value.SUBSCRIBED", "consent.cache.ttl",
        "consent.retry.max-attempts", "consent.retry.initial-backoff");
    assertThat(e.problems()).filteredOn(p -> p.where().equals("consent.http.url-template"))
        .extracting(ConfigProblem::problem)
        .anySatisfy(m -> assertThat(m).contains("{subject}"))
        .anySatisfy(m -> assertThat(m).contains("https://"));
    assertThat(e.getMessage()).contains("config/application.properties [consent.http.timeout]");
  }

  @Test
  void httpWithoutUrlOrFlagsIsRefused() {
    ConfigException e = configError(Map.of("consent.source", "http"), configDir);

    problemAt(e, "consent.http.url-template");
    assertThat(problemAt(e, "consent.http.flag.<flag>").fix()).contains("consent.http.flag.");
  }

  @Test
  void unresolvedSecretPlaceholderIsReportedWithoutASecret() {
    Map<String, String> props = Map.of(
        "consent.source", "http",
        "consent.http.url-template", "https://crm.example.com/c/{subject}",
        "consent.http.flag.training", "/training",
        "consent.http.auth-header", "Authorization",
        "consent.http.auth-value", "${env:CRM_TOKEN}");

    ConfigException e = configError(props, configDir);

    assertThat(problemAt(e, "consent.http.auth-value").problem()).contains("${env:CRM_TOKEN}");
  }

  @Test
  void authValueIsNeverEchoedInProblems() {
    Map<String, String> props = Map.of(
        "consent.source", "http",
        "consent.http.url-template", "https://crm.example.com/c/{subject}",
        "consent.http.flag.training", "/training",
        "consent.http.auth-value", "Bearer very-secret",
        "consent.http.timeout", "PT0S");

    ConfigException e = configError(props, configDir);

    problemAt(e, "consent.http.auth-header");
    problemAt(e, "consent.http.timeout");
    assertThat(e.getMessage()).doesNotContain("very-secret");
  }
}
