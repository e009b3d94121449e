package io.callvault.config;

import java.nio.file.Path;

/**
 * Which settings are paths, and how a relative one resolves: against the config directory (the directory of
 * application.properties), so that {@code --config /elsewhere} reads {@code /elsewhere/policies.yaml} and never a
 * {@code config/} folder that happens to be in the working directory. Defaults put data beside the config
 * directory, in {@code ../data}.
 */
public final class ConfigPaths {
  public static final String CATALOG_URL = "catalog.url";
  public static final String DEFAULT_CATALOG_URL = "jdbc:h2:file:../data/catalog/callvault";
  public static final String DEFAULT_TEMP_DIR = "../data/tmp";
  public static final String DEFAULT_POLICIES = "policies.yaml";
  private static final String H2_FILE = "jdbc:h2:file:";

  private ConfigPaths() {}

  /** Receives a problem with a setting: its key, what is wrong, and the fix. */
  @FunctionalInterface
  public interface Problems {
    void add(String key, String problem, String fix);
  }

  /**
   * The readable file a setting names, resolved against the config directory; null after telling {@code problems}
   * why not (not a valid path, missing, unreadable). {@code what} names the file in the message, {@code header} is
   * the header row a new file needs.
   */
  public static Path readableFile(Path configDir, String key, String name, String what, String header,
      Problems problems) {
    Path file;
    try {
      file = configDir.resolve(name).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      problems.add(key, "'" + name + "' is not a valid path", "correct the path");
      return null;
    }
    if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file)) {
      problems.add(key, "the " + what + " " + file + " does not exist or cannot be read", "correct the path (relative"
          + " paths start at " + configDir + ") or create the file with a header row " + header);
      return null;
    }
    return file;
  }

  /**
   * A path key: {@code callvault.policies}, a key ending in {@code -file}, {@code .file}, {@code -dir} or
   * {@code .dir} ({@code pbx1.known-hosts-file}, {@code consent.csv.file}, {@code callvault.temp-dir}), a purpose's
   * {@code rights.decryption-key.*}, and the audit anchor key files.
   */
  public static boolean isPath(String key) {
    return key.equals("callvault.policies") || key.endsWith("-file") || key.endsWith(".file") || key.endsWith("-dir")
        || key.endsWith(".dir") || key.startsWith("rights.decryption-key.") || key.equals("audit.anchor.signing-key")
        || key.equals("audit.anchor.public-key");
  }

  /** The value with a relative path made absolute against {@code configDir}; other values as they are. */
  static String absolute(Path configDir, String key, String value) {
    String v = value.strip();
    if (key.equals(CATALOG_URL) && v.startsWith(H2_FILE)) {
      String rest = v.substring(H2_FILE.length());
      int options = rest.indexOf(';');
      String file = options < 0 ? rest : rest.substring(0, options);
      if (file.isEmpty() || file.startsWith("~") || Path.of(file).isAbsolute()) {
        return value;
      }
      return H2_FILE + configDir.resolve(file).normalize() + (options < 0 ? "" : rest.substring(options));
    }
    if (!isPath(key) || v.isEmpty() || v.equalsIgnoreCase("none") || v.startsWith("-----BEGIN")
        || v.contains("://") || Path.of(v).isAbsolute()) {
      return value;
    }
    return configDir.resolve(v).normalize().toString();
  }
}
