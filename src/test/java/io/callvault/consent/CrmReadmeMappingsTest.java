package io.callvault.consent;

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

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's Salesforce and HubSpot mappings, read from README.md as written, against the answers the vendors
 * document (src/test/resources/crm/, sources in its README), over HTTP: WireMock plays the CRM.
 */
class CrmReadmeMappingsTest {
  private static final String CALLER = "+447700900123";
  private static final String SF = "/services/data/v60.0";

  private WireMockServer crm;

  @BeforeEach
  void start() {
    crm = new WireMockServer(options().dynamicPort());
    crm.start();
  }

  @AfterEach
  void stop() {
    crm.stop();
  }

  @Test
  void salesforceMappingFindsTheContactByNumberThenReadsItsTrackConsent() throws Exception {
    crm.stubFor(get(urlPathEqualTo(SF + "/parameterizedSearch/")).withQueryParam("q", equalTo(CALLER))
        .withQueryParam("in", equalTo("PHONE")).withQueryParam("sobject", equalTo("Contact"))
        .willReturn(okJson(fixture("salesforce/parameterized-search-contact.json"))));
    crm.stubFor(get(urlPathEqualTo(SF + "/consent/action/track")).withQueryParam("ids", equalTo("003xx000004TxyY"))
        .withHeader("Authorization", equalTo("Bearer sf-test-token"))
        .willReturn(okJson(fixture("salesforce/consent-action-track.json"))));

    ConsentAnswer answer = readmeSource(0).lookup(CALLER);

    assertThat(answer.status("training")).isEqualTo(GRANTED);
  }

  @Test
  void salesforceTrackFalseIsDenied() throws Exception {
    crm.stubFor(get(urlPathEqualTo(SF + "/parameterizedSearch/"))
        .willReturn(okJson(fixture("salesforce/parameterized-search-contact.json")
            .replace("003xx000004TxyY", "00Qxx00000syyO"))));
    crm.stubFor(get(urlPathEqualTo(SF + "/consent/action/track")).withQueryParam("ids", equalTo("00Qxx00000syyO"))
        .willReturn(okJson(fixture("salesforce/consent-action-track.json"))));

    assertThat(readmeSource(0).lookup(CALLER).status("training")).isEqualTo(DENIED);
  }

  @Test
  void aNumberNoSalesforceContactHasIsUnknownAndTheConsentApiIsNotAsked() throws Exception {
    crm.stubFor(get(urlPathEqualTo(SF + "/parameterizedSearch/"))
        .willReturn(okJson(fixture("salesforce/parameterized-search-none.json"))));

    assertThat(readmeSource(0).lookup(CALLER).status("training")).isEqualTo(UNKNOWN);
    crm.verify(0, getRequestedFor(urlPathEqualTo(SF + "/consent/action/track")));
  }

  @Test
  void theProceedPathFitsSalesforcesOwnDocumentedExampleAndTheMultiactionAnswer() throws Exception {
    Map<String, String> props = readmeProperties(0);
    props.put("consent.http.flag.email", "/{subject}/proceed/email");
    props.put("consent.http.flag.geotrack", "/{subject}/proceed/geotrack");
    props.remove("consent.http.resolve.url-template");
    props.remove("consent.http.resolve.path");
    props.put("consent.http.url-template", crm.baseUrl() + SF + "/consent/multiaction?actions=track,geotrack,email&ids={subject}");
    crm.stubFor(get(urlPathEqualTo(SF + "/consent/multiaction"))
        .willReturn(okJson(fixture("salesforce/consent-multiaction-track-geotrack-email.json"))));
    HttpJsonConsentSource multi = source(props);
    props.put("consent.http.url-template", crm.baseUrl() + SF + "/consent/action/email?ids={subject}&verbose=true");
    crm.stubFor(get(urlPathEqualTo(SF + "/consent/action/email"))
        .willReturn(okJson(fixture("salesforce/consent-action-email-verbose.json"))));
    HttpJsonConsentSource verbose = source(props);

    assertThat(multi.lookup("003xx000008TiyY").flags())
        .containsEntry("training", GRANTED).containsEntry("geotrack", DENIED).containsEntry("email", DENIED);
    assertThat(multi.lookup("00Qxx00000skwO").flags())
        .containsEntry("training", DENIED).containsEntry("email", GRANTED);
    assertThat(verbose.lookup("j0t5t5b2@tkbxp5ia.com").status("email")).isEqualTo(GRANTED);
    assertThat(verbose.lookup("4quxlswo@23wj7pwh.com").status("email")).isEqualTo(DENIED);
  }

  @Test
  void hubspotMappingFindsTheContactsEmailByItsPhonePropertyThenReadsItsSubscription() throws Exception {
    crm.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts/%2B447700900123"))
        .withQueryParam("idProperty", equalTo("callvault_phone")).withQueryParam("properties", equalTo("email"))
        .withHeader("Authorization", equalTo("Bearer hs-test-token"))
        .willReturn(okJson(fixture("hubspot/contact-by-id-property.json"))));
    crm.stubFor(get(urlPathEqualTo("/communication-preferences/v3/status/email/jane.doe%2Bcalls%40example.com"))
        .willReturn(okJson(fixture("hubspot/status-email.json"))));

    ConsentAnswer answer = readmeSource(1).lookup(CALLER);

    assertThat(answer.status("training")).as("subscription 123 is NOT_SUBSCRIBED").isEqualTo(DENIED);
  }

  @Test
  void hubspotSubscribedIsGrantedAndAnUnknownContactIsUnknown() throws Exception {
    crm.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts/%2B447700900123"))
        .willReturn(okJson(fixture("hubspot/contact-by-id-property.json"))));
    crm.stubFor(get(urlPathEqualTo("/communication-preferences/v3/status/email/jane.doe%2Bcalls%40example.com"))
        .willReturn(okJson(fixture("hubspot/status-email.json").replace("\"NOT_SUBSCRIBED\"", "\"SUBSCRIBED\""))));
    crm.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts/%2B447700900999"))
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.notFound()));

    assertThat(readmeSource(1).lookup(CALLER).status("training")).isEqualTo(GRANTED);
    assertThat(readmeSource(1).lookup("+447700900999").status("training")).isEqualTo(UNKNOWN);
  }

  private HttpJsonConsentSource readmeSource(int block) throws IOException {
    return source(readmeProperties(block));
  }

  private static HttpJsonConsentSource source(Map<String, String> props) {
    return new HttpJsonConsentSource(ConsentSettings.fromProperties(props, Path.of(".")).http());
  }

  /** The {@code block}-th properties block of README's "Consent from Salesforce or HubSpot", aimed at WireMock. */
  private Map<String, String> readmeProperties(int block) throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int from = readme.indexOf("### Consent from Salesforce or HubSpot");
    String section = readme.substring(from, readme.indexOf("\n### ", from + 5));
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```properties\n(.*?)```", Pattern.DOTALL).matcher(section);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).as("README's Salesforce and HubSpot blocks").hasSize(2);
    Properties p = new Properties();
    p.load(new StringReader(blocks.get(block)
        .replace("https://MYDOMAIN.my.salesforce.com", crm.baseUrl())
        .replace("https://api.hubapi.com", crm.baseUrl())
        .replace("${env:SALESFORCE_TOKEN}", "sf-test-token")
        .replace("${env:HUBSPOT_TOKEN}", "hs-test-token")));
    Map<String, String> props = new HashMap<>();
    p.forEach((k, v) -> props.put(k.toString(), v.toString()));
    return props;
  }

  private static String fixture(String name) throws IOException {
    try (var in = CrmReadmeMappingsTest.class.getResourceAsStream("/crm/" + name)) {
      assertThat(in).as("fixture " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
