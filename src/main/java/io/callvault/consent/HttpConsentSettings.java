package io.callvault.consent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to ask a CRM over HTTP for one subject's consent flags.
 *
 * @param urlTemplate GET URL with a {@code {subject}} placeholder, replaced by the percent-encoded
 *     subject
 * @param authHeaderName optional header sent on every request (e.g. {@code Authorization})
 * @param authHeaderValue its value (a secret: never logged, never in {@link #toString()})
 * @param flagPaths flag name to where its value sits in the JSON body: a JSON Pointer (starts with
 *     {@code /}) or a JSONPath (starts with {@code $}); either may contain {@code {subject}}
 * @param valueMap raw JSON value (as text, case-insensitive) to status; unmapped values are UNKNOWN
 * @param timeout connect and whole-request timeout
 * @param resolveUrlTemplate optional first GET, with the caller's number as {@code {subject}}, for CRMs whose
 *     consent API is keyed by a record id or an email address; null when the consent URL takes the number
 * @param resolvePath where the record id or email sits in that first answer (JSON Pointer or JSONPath); it
 *     becomes the {@code {subject}} of {@code urlTemplate} and of the flag paths
 */
public record HttpConsentSettings(
    String urlTemplate,
    String authHeaderName,
    String authHeaderValue,
    Map<String, String> flagPaths,
    Map<String, ConsentStatus> valueMap,
    Duration timeout,
    String resolveUrlTemplate,
    String resolvePath) {

  public static final String SUBJECT_PLACEHOLDER = "{subject}";

  public HttpConsentSettings {
    Objects.requireNonNull(urlTemplate, "urlTemplate");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if ((authHeaderName == null) != (authHeaderValue == null)) {
      throw new IllegalArgumentException("authHeaderName and authHeaderValue go together");
    }
    if ((resolveUrlTemplate == null) != (resolvePath == null)) {
      throw new IllegalArgumentException("resolveUrlTemplate and resolvePath go together");
    }
    flagPaths = Map.copyOf(flagPaths);
    Map<String, ConsentStatus> lower = new LinkedHashMap<>();
    valueMap.forEach((k, v) -> lower.put(k.trim().toLowerCase(Locale.ROOT), v));
    valueMap = Map.copyOf(lower);
  }

  /** Settings without a resolve step: the consent URL takes the caller's number itself. */
  public HttpConsentSettings(String urlTemplate, String authHeaderName, String authHeaderValue,
      Map<String, String> flagPaths, Map<String, ConsentStatus> valueMap, Duration timeout) {
    this(urlTemplate, authHeaderName, authHeaderValue, flagPaths, valueMap, timeout, null, null);
  }

  /** Settings without an auth header. */
  public static HttpConsentSettings of(
      String urlTemplate, Map<String, String> flagPaths, Map<String, ConsentStatus> valueMap,
      Duration timeout) {
    return new HttpConsentSettings(urlTemplate, null, null, flagPaths, valueMap, timeout);
  }

  /** A copy that sends {@code name: value} on every request. */
  public HttpConsentSettings withAuthHeader(String name, String value) {
    return new HttpConsentSettings(urlTemplate, name, value, flagPaths, valueMap, timeout, resolveUrlTemplate,
        resolvePath);
  }

  /** A copy that first turns the caller's number into the CRM's key with a GET to {@code urlTemplate}. */
  public HttpConsentSettings withResolve(String urlTemplate, String path) {
    return new HttpConsentSettings(this.urlTemplate, authHeaderName, authHeaderValue, flagPaths, valueMap, timeout,
        urlTemplate, path);
  }

  @Override
  public String toString() {
    return "HttpConsentSettings[urlTemplate=" + urlTemplate
        + ", authHeaderName=" + authHeaderName
        + ", authHeaderValue=" + (authHeaderValue == null ? null : "***")
        + ", flagPaths=" + flagPaths + ", valueMap=" + valueMap + ", timeout=" + timeout
        + ", resolveUrlTemplate=" + resolveUrlTemplate + ", resolvePath=" + resolvePath + "]";
  }
}
