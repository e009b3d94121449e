package io.callvault.api;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API tokens, kept only as SHA-256 hashes in configuration:
 * <pre>
 * api.token.alice.sha256=&lt;hex of sha256(token)&gt;
 * api.token.alice.roles=dpo
 * </pre>
 * A request authenticates with {@code Authorization: Bearer <token>}.
 */
public final class ApiAccess {
  private static final Pattern KEY = Pattern.compile("api\\.token\\.([A-Za-z0-9._-]+)\\.(sha256|roles)");
  private static final Pattern ROLE = Pattern.compile("dpo|auditor|[a-z0-9_-]+-reviewer");

  private record Token(byte[] hash, Principal principal) {}

  private final List<Token> tokens;

  private ApiAccess(List<Token> tokens) {
    this.tokens = List.copyOf(tokens);
  }

  /** Reads the {@code api.token.*} keys; problems name the key and the fix. */
  public static ApiAccess fromSettings(Map<String, String> settings, String file) {
    Map<String, String> hashes = new LinkedHashMap<>();
    Map<String, String> roles = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      Matcher m = KEY.matcher(e.getKey());
      if (m.matches()) {
        (m.group(2).equals("sha256") ? hashes : roles).put(m.group(1), e.getValue().strip());
      }
    }
    List<ConfigProblem> problems = new ArrayList<>();
    List<Token> tokens = new ArrayList<>();
    for (Map.Entry<String, String> e : hashes.entrySet()) {
      String actor = e.getKey();
      String hex = e.getValue().toLowerCase(java.util.Locale.ROOT);
      if (!hex.matches("[0-9a-f]{64}")) {
        problems.add(new ConfigProblem(file, "api.token." + actor + ".sha256", "not a SHA-256 hex digest",
            "put the hash, never the token: printf %s \"$TOKEN\" | sha256sum"));
        continue;
      }
      Set<String> granted = new LinkedHashSet<>();
      for (String r : roles.getOrDefault(actor, "").split(",")) {
        String role = r.strip();
        if (role.isEmpty()) {
          continue;
        }
        if (!ROLE.matcher(role).matches()) {
          problems.add(new ConfigProblem(file, "api.token." + actor + ".roles", "unknown role '" + role + "'",
              "use dpo, auditor or <purpose>-reviewer (e.g. quality-reviewer)"));
        }
        granted.add(role);
      }
      if (granted.isEmpty()) {
        problems.add(new ConfigProblem(file, "api.token." + actor + ".roles", "token without roles",
            "add api.token." + actor + ".roles=dpo (or auditor, or <purpose>-reviewer)"));
      }
      tokens.add(new Token(HexFormat.of().parseHex(hex), new Principal(actor, granted)));
    }
    for (String actor : roles.keySet()) {
      if (!hashes.containsKey(actor)) {
        problems.add(new ConfigProblem(file, "api.token." + actor + ".roles", "roles for a token that has no hash",
            "add api.token." + actor + ".sha256=<sha256 of the token>"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ApiAccess(tokens);
  }

  /** The caller behind an {@code Authorization} header, or empty when it is missing or unknown. */
  public Optional<Principal> authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    byte[] presented = sha256(authorization.substring(7).strip());
    Principal found = null;
    for (Token t : tokens) {
      if (MessageDigest.isEqual(t.hash(), presented)) {
        found = t.principal();
      }
    }
    Arrays.fill(presented, (byte) 0);
    return Optional.ofNullable(found);
  }

  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }
}
