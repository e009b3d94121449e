package io.callvault.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The consent webhook's credential: header {@code X-Callvault-Signature: sha256=<hex>}, the
 * HMAC-SHA256 of the raw request body under the secret shared with the CRM.
 */
public final class WebhookSignature {
  public static final String HEADER = "X-Callvault-Signature";

  private final byte[] secret;

  /** A blank secret disables the webhook: every call is refused. */
  public WebhookSignature(String secret) {
    if (secret != null && !secret.isBlank() && secret.length() < 16) {
      throw new IllegalArgumentException("api.webhook-secret must have 16 or more characters");
    }
    this.secret = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
  }

  public boolean enabled() {
    return secret != null;
  }

  public String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean verify(byte[] body, String header) {
    if (header == null || secret == null) {
      return false;
    }
    return MessageDigest.isEqual(sign(body).getBytes(StandardCharsets.US_ASCII),
        header.strip().getBytes(StandardCharsets.US_ASCII));
  }
}
