package io.callvault.notice;

import io.callvault.config.PbxSources;
import io.callvault.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the record of processing says about how the recordings are protected and where they come from, read from
 * the settings and the routes directory.
 *
 * @param maskingEnabled card-number DTMF tones are masked ({@code callvault.masking.enabled})
 * @param roles the API roles the configured tokens hold, with how many tokens hold each ({@code api.token.*.roles});
 *     the tokens' names are not listed
 * @param retentionCron the retention sweep's schedule ({@code retention.cron})
 * @param anchors where the audit trail's signed anchors go, in words
 * @param catalog the catalog's engine: H2 or PostgreSQL
 * @param sources the PBX drops recordings are claimed from
 * @param locations where each storage target keeps its buckets, in words, by target name ({@code default}: the
 *     {@code s3.*} settings): the AWS region, or the S3-compatible server's host and region
 */
public record Safeguards(boolean maskingEnabled, Map<String, Integer> roles, String retentionCron, String anchors,
    String catalog, List<Source> sources, Map<String, String> locations) {
  private static final Pattern TARGET_KEY = Pattern.compile("storage\\.([a-z0-9_-]+)\\.(endpoint|region)");
  private static final Pattern ROLES_KEY = Pattern.compile("api\\.token\\.[A-Za-z0-9._-]+\\.roles");

  /**
   * One PBX drop.
   *
   * @param routeId its route id
   * @param format its format (freepbx, avaya, ...)
   * @param host the SFTP server
   * @param directory the drop directory on it
   */
  public record Source(String routeId, String format, String host, String directory) {}

  public Safeguards {
    roles = java.util.Collections.unmodifiableMap(new TreeMap<>(roles));
    sources = List.copyOf(sources);
    locations = Map.copyOf(locations);
  }

  /** The safeguards of these settings, and the PBX sources of {@code pbxSources} (as check-config reads them). */
  public static Safeguards from(Settings settings, List<PbxSources.Source> pbxSources) {
    Map<String, Integer> roles = new TreeMap<>();
    for (Map.Entry<String, String> e : settings.asMap().entrySet()) {
      Matcher m = ROLES_KEY.matcher(e.getKey());
      if (m.matches()) {
        for (String role : e.getValue().split(",")) {
          if (!role.isBlank()) {
            roles.merge(role.strip(), 1, Integer::sum);
          }
        }
      }
    }
    List<Source> sources = pbxSources.stream().map(s -> new Source(s.routeId(),
        PbxSources.resolved(s, settings, "format"), PbxSources.resolved(s, settings, "host"),
        PbxSources.resolved(s, settings, "directory"))).toList();
    String url = settings.get("catalog.url", "");
    return new Safeguards(settings.flag("callvault.masking.enabled", true), roles,
        settings.get("retention.cron", "(not set)"), anchors(settings),
        url.startsWith("jdbc:postgresql:") ? "PostgreSQL" : "H2 (embedded, no network listener)", sources,
        locations(settings));
  }

  /** The default target ({@code s3.*}) and every {@code storage.<name>.*} one, in words. */
  private static Map<String, String> locations(Settings settings) {
    Map<String, String> out = new TreeMap<>();
    String region = settings.get("s3.region", "us-east-1").strip();
    out.put(io.callvault.policy.Purpose.DEFAULT_TARGET, location(settings.get("s3.endpoint", ""), region));
    for (String key : settings.asMap().keySet()) {
      Matcher m = TARGET_KEY.matcher(key);
      if (m.matches()) {
        String p = "storage." + m.group(1) + ".";
        out.put(m.group(1), location(settings.get(p + "endpoint", ""), settings.get(p + "region", region).strip()));
      }
    }
    return out;
  }

  /** "AWS S3, region eu-west-1", or "S3-compatible server minio.internal:9000, region eu-west-1" (host only). */
  private static String location(String endpoint, String region) {
    if (endpoint.isBlank()) {
      return "AWS S3, region " + region;
    }
    String host;
    try {
      java.net.URI uri = java.net.URI.create(endpoint.strip());
      host = uri.getHost() == null ? "(endpoint not a URL)" : uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException e) {
      host = "(endpoint not a URL)";
    }
    return "S3-compatible server " + host + ", region " + region;
  }

  private static String anchors(Settings settings) {
    String cron = settings.get("audit.anchor.cron", "").strip();
    String bucket = settings.get("audit.anchor.bucket", "").strip();
    String dir = settings.get("audit.anchor.dir", "").strip();
    String where = (dir.equalsIgnoreCase("none") ? "" : "files in " + (dir.isEmpty() ? "data/audit-anchors" : dir))
        + (bucket.isEmpty() ? "" : (dir.equalsIgnoreCase("none") ? "" : " and ") + "S3 bucket " + bucket
            + " (Object Lock " + settings.get("audit.anchor.lock-mode", "governance") + ")");
    return "its head signed (Ed25519) as an anchor" + (cron.isEmpty() ? "" : " on cron '" + cron + "'")
        + ", when the hub stops and after each erasure, written to " + (where.isEmpty() ? "no anchor sink" : where);
  }
}
