package io.callvault.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.audio.MarkedInterval;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Payment windows kept by the CRM for a call: GET {@code urlTemplate} with {@code {uniqueid}} (the PBX's
 * call id, never a phone number), the windows at a JSON Pointer. 404 means none. Anything else that is
 * not a clean answer fails the ingest, so the recording stays in the drop rather than being stored with
 * a payment window unmasked.
 */
public final class CrmPaymentWindows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String urlTemplate;
  private final String pointer;
  private final String authHeader;
  private final String authValue;
  private final Duration timeout;
  private final HttpClient http;

  public CrmPaymentWindows(String urlTemplate, String pointer, String authHeader, String authValue, Duration timeout) {
    this.urlTemplate = urlTemplate;
    this.pointer = pointer;
    this.authHeader = authHeader;
    this.authValue = authValue;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public List<MarkedInterval> forCall(String uniqueId) throws IOException {
    URI uri = URI.create(urlTemplate.replace("{uniqueid}", URLEncoder.encode(uniqueId, StandardCharsets.UTF_8)));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET().header("Accept", "application/json");
    if (authHeader != null && !authHeader.isBlank() && authValue != null) {
      request.header(authHeader, authValue);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking the CRM for payment windows", e);
    } catch (IOException e) {
      throw new IOException("CRM payment windows unavailable at " + uri.getHost() + ": " + e.getClass().getSimpleName(), e);
    }
    if (response.statusCode() == 404) {
      return List.of();
    }
    if (response.statusCode() != 200) {
      throw new IOException("CRM payment windows: HTTP " + response.statusCode() + " from " + uri.getHost());
    }
    try {
      return PaymentWindows.parse(JSON.readTree(response.body()), pointer);
    } catch (PaymentWindows.InvalidWindowsException e) {
      throw new IOException("CRM payment windows unusable: " + e.getMessage());
    } catch (IOException e) {
      throw new IOException("CRM payment windows: the answer is not JSON");
    }
  }
}
