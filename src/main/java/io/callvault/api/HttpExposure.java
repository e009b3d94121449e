package io.callvault.api;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the HTTP API listens, and whether that is safe: bearer tokens and personal data cross the wire in
 * clear unless the hub serves TLS itself ({@code camel.server.useGlobalSslContextParameters=true} with
 * {@code camel.ssl.*}) or listens on loopback only, behind a TLS-terminating proxy on the same host.
 */
public record HttpExposure(boolean enabled, String host, boolean tls) {

  public static HttpExposure of(Map<String, String> settings) {
    return new HttpExposure(
        Boolean.parseBoolean(settings.getOrDefault("camel.server.enabled", "false").strip()),
        settings.getOrDefault("camel.server.host", "0.0.0.0").strip(),
        Boolean.parseBoolean(settings.getOrDefault("camel.server.useGlobalSslContextParameters", "false").strip()));
  }

  /** True for 127.0.0.0/8, ::1 and localhost. */
  public boolean loopback() {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || h.startsWith("127.");
  }

  /** The warning to give at start and in check-config, if any. */
  public Optional<String> warning() {
    if (!enabled || loopback() || tls) {
      return Optional.empty();
    }
    return Optional.of("camel.server.host=" + host + " exposes the HTTP API beyond this host without TLS: bearer"
        + " tokens and personal data would cross the network in clear. Bind to 127.0.0.1 behind a TLS proxy,"
        + " or set camel.server.useGlobalSslContextParameters=true with camel.ssl.keystore (see docs/security.md)");
  }
}
