package io.callvault.store;

import io.callvault.config.ConfigProblem;
import io.callvault.config.Settings;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Whether each storage target the purposes use has credentials, for {@code check-config}. A target without
 * {@code access-key}/{@code secret-key} signs with the AWS SDK's default chain; this looks where that chain finds
 * keys without the network (environment, system properties, web identity, container credentials, profile files).
 * An S3-compatible server (an {@code endpoint}) with none of them cannot be used: a problem. AWS itself may still
 * give an EC2 instance role, which cannot be checked offline: a warning.
 */
public final class CredentialCheck {
  private CredentialCheck() {}

  /** Targets on an S3-compatible server with no credentials anywhere. */
  public static List<ConfigProblem> problems(Settings settings, PolicySet policies, Map<String, String> env,
      Path home) {
    List<ConfigProblem> out = new ArrayList<>();
    for (String target : uncredentialed(settings, policies, env, home)) {
      if (settingsOf(settings, target).endpointOverride() != null) {
        String p = prefix(target);
        out.add(new ConfigProblem(settings.fileName(), p + "access-key", "storage target '" + target
            + "' (used by " + purposesOf(policies, target) + ") has no credentials: no " + p + "access-key and "
            + p + "secret-key, and no AWS credentials in the environment or profile files",
            "set " + p + "access-key=${env:...} and " + p + "secret-key=${env:...} (or AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY in the hub's environment)"));
      }
    }
    return out;
  }

  /** AWS targets whose only possible credentials are an instance or task role, which only AWS can tell. */
  public static List<String> warnings(Settings settings, PolicySet policies, Map<String, String> env, Path home) {
    List<String> out = new ArrayList<>();
    for (String target : uncredentialed(settings, policies, env, home)) {
      if (settingsOf(settings, target).endpointOverride() == null) {
        out.add("storage target '" + target + "' has no " + prefix(target) + "access-key and no AWS credentials in"
            + " the environment or profile files: it works only on an EC2 instance with a role that may write its"
            + " buckets");
      }
    }
    return out;
  }

  private static List<String> uncredentialed(Settings settings, PolicySet policies, Map<String, String> env,
      Path home) {
    if (defaultChainHasLocalCredentials(env, home)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String target : new TreeSet<>(policies.purposes().stream().map(Purpose::target).toList())) {
      try {
        if (!settingsOf(settings, target).hasStaticCredentials()) {
          out.add(target);
        }
      } catch (IllegalArgumentException e) {
        // incomplete target settings: StorageTargets.from reports them
      }
    }
    return out;
  }

  /** Whether the SDK's default chain finds credentials before it would ask the instance metadata service. */
  static boolean defaultChainHasLocalCredentials(Map<String, String> env, Path home) {
    if (present(env, "AWS_ACCESS_KEY_ID") && present(env, "AWS_SECRET_ACCESS_KEY")
        || System.getProperty("aws.accessKeyId") != null && System.getProperty("aws.secretAccessKey") != null
        || present(env, "AWS_WEB_IDENTITY_TOKEN_FILE") || present(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        || present(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
      return true;
    }
    Path credentials = present(env, "AWS_SHARED_CREDENTIALS_FILE") ? Path.of(env.get("AWS_SHARED_CREDENTIALS_FILE"))
        : home.resolve(".aws/credentials");
    Path config = present(env, "AWS_CONFIG_FILE") ? Path.of(env.get("AWS_CONFIG_FILE")) : home.resolve(".aws/config");
    return Files.isRegularFile(credentials) || Files.isRegularFile(config);
  }

  private static boolean present(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }

  private static S3Settings settingsOf(Settings settings, String target) {
    return Purpose.DEFAULT_TARGET.equals(target) ? StorageTargets.defaultSettings(settings)
        : StorageTargets.settingsOf(settings, target);
  }

  private static String prefix(String target) {
    return Purpose.DEFAULT_TARGET.equals(target) ? "s3." : "storage." + target + ".";
  }

  private static String purposesOf(PolicySet policies, String target) {
    return String.join(", ", policies.purposes().stream().filter(p -> p.target().equals(target))
        .map(Purpose::name).toList());
  }
}
