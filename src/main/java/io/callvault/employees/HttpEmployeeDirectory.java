package io.callvault.employees;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The employee directory as an HR or telephony directory over HTTP: a GET of {@code urlTemplate} with
 * {@code {extension}}, {@code {source}} and {@code {at}} (the call's start, ISO instant) percent-encoded; the
 * employee id is at the JSON Pointer {@code employeePointer} of a 200 answer. A 404, or an answer without a value
 * there, means nobody held the extension then. Anything else (a 5xx, a timeout, a body that is not JSON) is
 * {@link DirectoryUnavailableException}: the recording waits in the drop.
 *
 * @param authValue a secret: never logged
 */
public record HttpEmployeeDirectory(String urlTemplate, String employeePointer, String authHeader, String authValue,
    Duration timeout, HttpClient client) implements EmployeeDirectory {
  private static final ObjectMapper JSON = new ObjectMapper();

  public HttpEmployeeDirectory(String urlTemplate, String employeePointer, String authHeader, String authValue,
      Duration timeout) {
    this(urlTemplate, employeePointer, authHeader, authValue, timeout,
        HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build());
  }

  @Override
  public Optional<String> employeeAt(String sourceId, String extension, Instant at)
      throws DirectoryUnavailableException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(urlTemplate
            .replace("{extension}", encode(extension.strip())).replace("{source}", encode(sourceId))
            .replace("{at}", encode(at.toString()))))
        .timeout(timeout).header("Accept", "application/json").GET();
    if (authHeader != null) {
      request.header(authHeader, authValue);
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new DirectoryUnavailableException("employee directory unreachable (" + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DirectoryUnavailableException("interrupted while asking the employee directory", e);
    }
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new DirectoryUnavailableException("employee directory answered HTTP " + response.statusCode());
    }
    try {
      JsonNode found = JSON.readTree(response.body()).at(JsonPointer.compile(employeePointer));
      return found.isMissingNode() || found.isNull() || found.asText().isBlank()
          ? Optional.empty() : Optional.of(found.asText().strip());
    } catch (IOException e) {
      throw new DirectoryUnavailableException("employee directory answered something that is not JSON", e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "HttpEmployeeDirectory[" + urlTemplate + ", " + employeePointer + (authHeader == null ? "" : ", " + authHeader
        + ": ***") + "]";
  }
}
