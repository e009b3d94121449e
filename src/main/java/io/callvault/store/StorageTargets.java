package io.callvault.store;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import io.callvault.config.Settings;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where copies are stored: one S3 endpoint per target, with its own region, credentials and path style. A purpose
 * names its target ({@code target:} in policies.yaml; none means {@code default}, the {@code s3.*} settings);
 * other targets are {@code storage.<name>.endpoint|region|access-key|secret-key|path-style}. A bucket belongs to
 * one target, so a copy's bucket (in the catalog) says where it is, also after a purpose moves elsewhere: keep a
 * target configured while copies remain in its buckets.
 */
public final class StorageTargets implements AutoCloseable {
  private static final String PREFIX = "storage.";

  private final Map<String, S3Client> clients;
  private final Map<String, String> targetOfBucket;
  private final ObjectStore store;

  private StorageTargets(Map<String, S3Client> clients, Map<String, String> targetOfBucket,
      boolean checkDeletesByListing, java.util.Set<String> md5Targets) {
    this.clients = clients;
    this.targetOfBucket = targetOfBucket;
    this.store = new ObjectStore(this::clientOf, checkDeletesByListing,
        bucket -> md5Targets.contains(targetOfBucket.getOrDefault(bucket, Purpose.DEFAULT_TARGET)));
  }

  /**
   * The targets the settings define, checked against the purposes that name them.
   *
   * @throws ConfigException naming the key and the fix: a purpose naming an undefined target, a bucket on two
   *     targets, incomplete target settings
   */
  public static StorageTargets from(Settings settings, PolicySet policies) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, S3Settings> defined = new LinkedHashMap<>();
    defined.put(Purpose.DEFAULT_TARGET, defaultSettings(settings));
    java.util.Set<String> md5Targets = new TreeSet<>();
    checksum(settings, "s3.checksum", Purpose.DEFAULT_TARGET, md5Targets, problems);
    for (String name : namedTargets(settings)) {
      checksum(settings, PREFIX + name + ".checksum", name, md5Targets, problems);
      try {
        defined.put(name, settingsOf(settings, name));
      } catch (IllegalArgumentException e) {
        problems.add(new ConfigProblem(settings.fileName(), PREFIX + name, e.getMessage(),
            "set " + PREFIX + name + ".endpoint, .region, and .access-key with .secret-key (or neither, for the AWS default credentials)"));
      }
    }
    Map<String, String> targetOfBucket = new LinkedHashMap<>();
    for (Purpose p : policies.purposes()) {
      if (!defined.containsKey(p.target())) {
        problems.add(new ConfigProblem("config/policies.yaml", "purposes." + p.name() + ".target",
            "storage target '" + p.target() + "' is not defined", "add " + PREFIX + p.target()
                + ".endpoint (and .region, .access-key, .secret-key) to " + settings.fileName() + ", or use one of "
                + defined.keySet()));
      }
      String other = targetOfBucket.putIfAbsent(p.bucket(), p.target());
      if (other != null && !other.equals(p.target())) {
        problems.add(new ConfigProblem("config/policies.yaml", "purposes." + p.name() + ".bucket", "bucket '" + p.bucket()
            + "' is on target '" + other + "' for another purpose", "give each target buckets of its own"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    Map<String, S3Client> clients = new LinkedHashMap<>();
    defined.forEach((name, s3) -> clients.put(name, S3Clients.build(s3)));
    return new StorageTargets(clients, targetOfBucket, settings.flag("s3.delete-check-by-listing", true), md5Targets);
  }

  /**
   * A target's {@code checksum}: {@code sha256} (the default: S3 verifies the x-amz-checksum-sha256 of each upload)
   * or {@code md5} (Content-MD5, for S3-compatible servers that do not check SHA-256 checksums).
   */
  private static void checksum(Settings settings, String key, String target, java.util.Set<String> md5Targets,
      List<ConfigProblem> problems) {
    String value = settings.get(key, "sha256").trim();
    if (value.equals("md5")) {
      md5Targets.add(target);
    } else if (!value.equals("sha256")) {
      problems.add(new ConfigProblem(settings.fileName(), key, "unknown checksum '" + value + "'",
          "use sha256 (S3 checks x-amz-checksum-sha256: AWS S3, MinIO, S3Proxy) or md5 (Content-MD5, any S3 server)"));
    }
  }

  /** The {@code s3.*} settings: the default target. */
  public static S3Settings defaultSettings(Settings settings) {
    return new S3Settings(
        settings.get("s3.endpoint").map(URI::create).orElse(null),
        settings.get("s3.region", "us-east-1"),
        settings.get("s3.access-key").orElse(null),
        settings.get("s3.secret-key").orElse(null),
        settings.flag("s3.path-style", true));
  }

  static S3Settings settingsOf(Settings settings, String name) {
    String p = PREFIX + name + ".";
    return new S3Settings(settings.get(p + "endpoint").map(URI::create).orElse(null),
        settings.get(p + "region", settings.get("s3.region", "us-east-1")),
        settings.get(p + "access-key").orElse(null), settings.get(p + "secret-key").orElse(null),
        settings.flag(p + "path-style", true));
  }

  private static TreeSet<String> namedTargets(Settings settings) {
    TreeSet<String> names = new TreeSet<>();
    for (String key : settings.asMap().keySet()) {
      if (key.startsWith(PREFIX) && key.indexOf('.', PREFIX.length()) > PREFIX.length()) {
        names.add(key.substring(PREFIX.length(), key.indexOf('.', PREFIX.length())));
      }
    }
    names.remove(Purpose.DEFAULT_TARGET);
    return names;
  }

  /** One store over every target: each bucket's requests go to its target. */
  public ObjectStore store() {
    return store;
  }

  /** The client of the target that holds {@code bucket} (the default target for buckets no purpose names). */
  public S3Client clientOf(String bucket) {
    return clients.get(targetOfBucket.getOrDefault(bucket, Purpose.DEFAULT_TARGET));
  }

  /** Every target's client, by target name. */
  public Map<String, S3Client> clients() {
    return Map.copyOf(clients);
  }

  @Override
  public void close() {
    clients.values().forEach(S3Client::close);
  }
}
