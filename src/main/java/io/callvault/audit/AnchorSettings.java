package io.callvault.audit;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import io.callvault.config.Settings;
import io.callvault.store.ObjectLock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The {@code audit.anchor.*} settings (README, "Configuration reference").
 *
 * @param signingKey the Ed25519 private key (PKCS#8 PEM text, or a file path); null means {@code defaultKey}
 * @param defaultKey where the zero-setup key pair lives ({@code <data>/keys/audit-anchor.key} and {@code .pub})
 * @param publicKeys the trusted public keys (PEM text or a file path); null means the signing key's own
 * @param dir directory of anchor files, or null for none
 * @param bucket S3 bucket of anchors, or null for none
 * @param prefix key prefix of anchors in the bucket
 * @param lockMode Object Lock mode of anchors in a bucket with Object Lock
 * @param retention how long each anchor stays locked
 * @param hub this hub's name in its anchors
 * @param configFile the properties file, for error messages
 */
public record AnchorSettings(String signingKey, Path defaultKey, String publicKeys, Path dir, String bucket,
    String prefix, ObjectLock.Mode lockMode, Period retention, String hub, String configFile) {

  public static final String SIGNING_KEY = "audit.anchor.signing-key";
  public static final String PUBLIC_KEY = "audit.anchor.public-key";
  public static final String DIR = "audit.anchor.dir";
  public static final String BUCKET = "audit.anchor.bucket";

  /**
   * Reads the settings. Defaults live beside {@code callvault.temp-dir} (by default {@code data/}):
   * anchors in {@code data/audit-anchors}, the key in {@code data/keys/audit-anchor.key}.
   *
   * @throws ConfigException naming the key and the fix when a value is wrong
   */
  public static AnchorSettings from(Settings s) {
    Path tmp = s.tempDir();
    Path data = tmp.getParent() == null ? Path.of("") : tmp.getParent();
    String dir = s.get(DIR, data.resolve("audit-anchors").toString());
    String mode = s.get("audit.anchor.lock-mode", "governance").toUpperCase(Locale.ROOT);
    if (!mode.equals("GOVERNANCE") && !mode.equals("COMPLIANCE")) {
      throw problem(s, "audit.anchor.lock-mode", "unknown mode '" + mode.toLowerCase(Locale.ROOT) + "'",
          "use governance or compliance");
    }
    Period retention;
    try {
      retention = Period.parse(s.get("audit.anchor.retention", "P10Y"));
    } catch (DateTimeParseException e) {
      throw problem(s, "audit.anchor.retention", "not an ISO-8601 period", "write e.g. P10Y or P18M");
    }
    String hub = s.get("audit.anchor.hub-id").orElseGet(AnchorSettings::hostName);
    if (!Anchor.HUB.matcher(hub).matches()) {
      throw problem(s, "audit.anchor.hub-id", "'" + hub + "' is not a plain name",
          "use 1 to 64 letters, digits, '.', '_' or '-'");
    }
    String prefix = s.get("audit.anchor.prefix", "audit-anchors/");
    AnchorSettings a = new AnchorSettings(s.get(SIGNING_KEY).orElse(null), data.resolve("keys").resolve("audit-anchor.key"),
        s.get(PUBLIC_KEY).orElse(null), dir.equalsIgnoreCase("none") ? null : Path.of(dir), s.get(BUCKET).orElse(null),
        prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/", ObjectLock.Mode.valueOf(mode), retention,
        hub, s.fileName());
    if (a.dir == null && a.bucket == null) {
      throw problem(s, DIR, "anchors have nowhere to go (" + DIR + "=none and no " + BUCKET + ")",
          "set " + BUCKET + " to an Object-Locked S3 bucket, or " + DIR + " to a directory");
    }
    return a;
  }

  /** The same settings with another anchor directory (an auditor's copy). */
  public AnchorSettings withDir(Path other) {
    return new AnchorSettings(signingKey, defaultKey, publicKeys, other, bucket, prefix, lockMode, retention, hub,
        configFile);
  }

  /** The same settings trusting other public keys (an auditor's own copy of them). */
  public AnchorSettings withPublicKeys(String other) {
    return new AnchorSettings(signingKey, defaultKey, other, dir, bucket, prefix, lockMode, retention, hub, configFile);
  }

  /** The public half of the zero-setup key pair. */
  public Path defaultPublicKey() {
    return defaultKey.resolveSibling("audit-anchor.pub");
  }

  /**
   * The configured signing key (PEM text or a file), or the zero-setup one when none is configured; null when
   * neither exists.
   *
   * @throws ConfigException naming {@value #SIGNING_KEY} when it cannot be read or is not Ed25519
   */
  public PrivateKey readSigningKey() {
    if (signingKey == null && !Files.exists(defaultKey)) {
      return null;
    }
    try {
      return AnchorKeys.privateKey(signingKey != null ? signingKey : defaultKey.toString());
    } catch (IllegalArgumentException e) {
      throw problem(SIGNING_KEY, "cannot use the anchor signing key: " + e.getMessage(),
          "point it to an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519 -out anchor.key,"
              + " or ./callvault audit anchor-key FILE), e.g. on a secret mount");
    }
  }

  /**
   * The configured trusted public keys; null when none are configured.
   *
   * @throws ConfigException naming {@value #PUBLIC_KEY} when they cannot be read or are not Ed25519
   */
  public List<PublicKey> readPublicKeys() {
    if (publicKeys == null) {
      return null;
    }
    try {
      return AnchorKeys.publicKeys(publicKeys);
    } catch (IllegalArgumentException e) {
      throw problem(PUBLIC_KEY, "cannot use the anchors' public key: " + e.getMessage(),
          "point it to Ed25519 public keys in PEM (openssl pkey -in anchor.key -pubout -out anchor.pub)");
    }
  }

  ConfigException problem(String key, String what, String fix) {
    return new ConfigException(new ConfigProblem(configFile, key, what, fix));
  }

  private static ConfigException problem(Settings s, String key, String what, String fix) {
    return new ConfigException(new ConfigProblem(s.fileName(), key, what, fix));
  }

  private static String hostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
      return name.isEmpty() ? "callvault" : name.substring(0, Math.min(64, name.length()));
    } catch (UnknownHostException e) {
      return "callvault";
    }
  }
}
