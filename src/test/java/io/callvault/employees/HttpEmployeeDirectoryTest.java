package io.callvault.employees;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.callvault.config.ConfigException;
import io.callvault.employees.EmployeeDirectory.DirectoryUnavailableException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP employee directory against a WireMock HR directory, configured as an operator would. */
class HttpEmployeeDirectoryTest {
  private static final Instant CALL = Instant.parse("2024-03-15T10:30:00Z");
  private WireMockServer hr;

  @BeforeEach
  void start() {
    hr = new WireMockServer(options().dynamicPort());
    hr.start();
  }

  @AfterEach
  void stop() {
    hr.stop();
  }

  private EmployeeDirectory configured() {
    return EmployeeSettings.directory(Map.of("employees.source", "http",
        "employees.http.url-template", hr.baseUrl() + "/extensions/{extension}?at={at}&pbx={source}",
        "employees.http.employee-pointer", "/holder/id", "employees.http.auth-header", "Authorization",
        "employees.http.auth-value", "Bearer hr-token"), Path.of("."));
  }

  @Test
  void theDirectoryIsAskedForTheExtensionAtTheCallsTimeWithItsCredential() throws Exception {
    hr.stubFor(get(urlPathEqualTo("/extensions/201")).willReturn(okJson("{\"holder\": {\"id\": \"E1001\"}}")));
    assertThat(configured().employeeAt("asterisk-1", "201", CALL)).contains("E1001");
    hr.verify(getRequestedFor(urlPathEqualTo("/extensions/201")).withQueryParam("at", equalTo("2024-03-15T10:30:00Z"))
        .withQueryParam("pbx", equalTo("asterisk-1")).withHeader("Authorization", equalTo("Bearer hr-token")));
  }

  @Test
  void notFoundOrNoIdIsNobodyButAServerErrorOrGarbageIsUnavailableWithoutNamingTheExtension() throws Exception {
    hr.stubFor(get(urlPathEqualTo("/extensions/202")).willReturn(aResponse().withStatus(404)));
    hr.stubFor(get(urlPathEqualTo("/extensions/203")).willReturn(okJson("{\"holder\": null}")));
    hr.stubFor(get(urlPathEqualTo("/extensions/204")).willReturn(aResponse().withStatus(503)));
    hr.stubFor(get(urlPathEqualTo("/extensions/205")).willReturn(aResponse().withStatus(200).withBody("<html>")));
    EmployeeDirectory d = configured();
    assertThat(d.employeeAt("asterisk-1", "202", CALL)).isEmpty();
    assertThat(d.employeeAt("asterisk-1", "203", CALL)).isEmpty();
    assertThatThrownBy(() -> d.employeeAt("asterisk-1", "204", CALL)).isInstanceOf(DirectoryUnavailableException.class)
        .hasMessageContaining("HTTP 503").hasMessageNotContaining("204");
    assertThatThrownBy(() -> d.employeeAt("asterisk-1", "205", CALL)).isInstanceOf(DirectoryUnavailableException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void aMisconfiguredDirectoryNamesEachKeyAndItsFix() {
    assertThatThrownBy(() -> EmployeeSettings.directory(Map.of("employees.source", "http",
        "employees.http.url-template", "hr.example.com/ext", "employees.http.auth-header", "Authorization"), Path.of(".")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("employees.http.url-template")
        .hasMessageContaining("{extension}").hasMessageContaining("employees.http.auth-value");
    assertThatThrownBy(() -> EmployeeSettings.directory(Map.of("employees.source", "ldap"), Path.of(".")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("employees.source=csv");
    assertThat(EmployeeSettings.directory(Map.of(), Path.of("."))).isSameAs(EmployeeDirectory.NONE);
  }
}
