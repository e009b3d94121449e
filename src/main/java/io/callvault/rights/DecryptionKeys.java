package io.callvault.rights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The OpenPGP secret keys the hub holds, per purpose, for playback and access packages
 * ({@code rights.decryption-key.<purpose>=path}, optional passphrase
 * {@code rights.decryption-passphrase.<purpose>=${env:...}}). Usually none: then the hub hands
 * out ciphertext and says who can decrypt it.
 */
public final class DecryptionKeys {
  /** A secret key file and its passphrase (null when unprotected). */
  public record Key(Path file, char[] passphrase) {}

  private final Map<String, Key> byPurpose;

  public DecryptionKeys(Map<String, Key> byPurpose) {
    this.byPurpose = Map.copyOf(byPurpose);
  }

  public static DecryptionKeys fromSettings(Map<String, String> settings) {
    Map<String, Key> keys = new TreeMap<>();
    String prefix = "rights.decryption-key.";
    for (Map.Entry<String, String> e : settings.entrySet()) {
      if (e.getKey().startsWith(prefix) && !e.getValue().isBlank()) {
        String purpose = e.getKey().substring(prefix.length());
        String pass = settings.get("rights.decryption-passphrase." + purpose);
        keys.put(purpose, new Key(Path.of(e.getValue().strip()), pass == null || pass.isEmpty() ? null : pass.toCharArray()));
      }
    }
    return new DecryptionKeys(keys);
  }

  public Optional<Key> forPurpose(String purpose) {
    Key k = byPurpose.get(purpose);
    return k != null && Files.isReadable(k.file()) ? Optional.of(k) : Optional.empty();
  }
}
