package io.callvault.catalog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the opaque subject key stored in the catalog: lowercase hex HMAC-SHA256 of a normalised phone
 * number or CRM id under a secret. Stable for one secret, unlinkable without it. Thread-safe.
 */
public final class SubjectKeys {

  /** Shortest accepted secret, in bytes. */
  public static final int MIN_SECRET_BYTES = 16;

  private static final String ALGORITHM = "HmacSHA256";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final SecretKeySpec key;

  public SubjectKeys(byte[] secret) {
    if (secret == null || secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("subject key secret is "
          + (secret == null ? "missing" : secret.length + " bytes")
          + "; it must be at least " + MIN_SECRET_BYTES
          + " random bytes (e.g. 32 bytes from `openssl rand -base64 32`)");
    }
    this.key = new SecretKeySpec(Arrays.copyOf(secret, secret.length), ALGORITHM);
  }

  /** The subject key (64 lowercase hex chars) of an already normalised number or CRM id. */
  public String keyOf(String normalisedNumberOrCrmId) {
    if (normalisedNumberOrCrmId == null || normalisedNumberOrCrmId.isBlank()) {
      throw new IllegalArgumentException("cannot derive a subject key from an empty identifier");
    }
    byte[] mac;
    try {
      Mac hmac = Mac.getInstance(ALGORITHM);
      hmac.init(key);
      mac = hmac.doFinal(normalisedNumberOrCrmId.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
    char[] out = new char[mac.length * 2];
    for (int i = 0; i < mac.length; i++) {
      out[2 * i] = HEX[(mac[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[mac[i] & 0xf];
    }
    return new String(out);
  }

  @Override
  public String toString() {
    return "SubjectKeys[HMAC-SHA256, secret hidden]";
  }
}
