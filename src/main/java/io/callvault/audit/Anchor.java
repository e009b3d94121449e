package io.callvault.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A signed checkpoint of the audit trail, kept outside the database: the trail had {@code seq} entries and
 * entry {@code seq} had hash {@code hash} at time {@code at}, says hub {@code hub}, signed with the Ed25519
 * key {@code keyId} (see {@link AnchorKeys#keyId}). {@code why} says what triggered it ({@code scheduled},
 * {@code erasure}, {@code hub-stop}, {@code manual}). {@code source} is where it was read from (a file or
 * an S3 key; not signed, null for a fresh anchor).
 *
 * <p>The signed message is plain text, so that an auditor can check an anchor with {@code openssl} alone:
 * the lines {@code callvault-audit-anchor-v1}, seq, hash, at, hub, why and key id, each ended by a line feed
 * (see {@link #signedText()}). No field may hold a line feed.
 */
public record Anchor(long seq, String hash, Instant at, String hub, String why, String keyId, String signature,
    String source) {

  public static final String FORMAT = "callvault-audit-anchor-v1";
  /** Anchors are small; anything bigger is not one. */
  static final int MAX_BYTES = 8 * 1024;

  static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  static final Pattern HUB = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  static final Pattern WHY = Pattern.compile("[a-z0-9-]{1,32}");
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The unsigned anchor of a head, to be signed with {@link #signedWith}. */
  static Anchor unsigned(long seq, String hash, Instant at, String hub, String why, String keyId) {
    Anchor a = new Anchor(seq, hash, at.truncatedTo(ChronoUnit.MICROS), hub, why, keyId, null, null);
    a.checkFields();
    return a;
  }

  Anchor signedWith(String signatureBase64) {
    return new Anchor(seq, hash, at, hub, why, keyId, signatureBase64, source);
  }

  Anchor from(String where) {
    return new Anchor(seq, hash, at, hub, why, keyId, signature, where);
  }

  /** The text the signature covers. */
  public String signedText() {
    return FORMAT + "\n" + seq + "\n" + hash + "\n" + AT.format(at) + "\n" + hub + "\n" + why + "\n" + keyId + "\n";
  }

  byte[] signedBytes() {
    return signedText().getBytes(StandardCharsets.UTF_8);
  }

  byte[] signatureBytes() {
    return Base64.getDecoder().decode(signature);
  }

  /**
   * File name (and S3 key suffix) of this anchor: sorts by sequence number, then time; unique per hub and
   * microsecond. No personal data: numbers, a time and the hub id.
   */
  public String fileName() {
    String time = AT.format(at).replace("-", "").replace(":", "");
    return String.format("anchor-%012d-%s-%s.json", seq, time, hub);
  }

  /** Whether {@code name} looks like an anchor file (others in an anchor directory are ignored). */
  static boolean isAnchorName(String name) {
    return name.startsWith("anchor-") && name.endsWith(".json");
  }

  /** One line for people: "data/audit-anchors/anchor-...json (entry 42, signed 2024-03-15T14:22:33.123456Z by hub-1)". */
  public String describe() {
    return (source == null ? fileName() : source) + " (entry " + seq + ", signed " + AT.format(at) + " by " + hub
        + ", " + why + ")";
  }

  /** The anchor as a JSON document (UTF-8). */
  byte[] toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("format", FORMAT);
    n.put("seq", seq);
    n.put("hash", hash);
    n.put("at", AT.format(at));
    n.put("hub", hub);
    n.put("why", why);
    n.put("key", keyId);
    n.put("signature", signature);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write an anchor as JSON", e);
    }
  }

  /**
   * Reads an anchor document; checks its shape, not its signature.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static Anchor parse(byte[] json, String source) {
    if (json.length > MAX_BYTES) {
      throw new IllegalArgumentException("not an anchor: " + json.length + " bytes (anchors are under " + MAX_BYTES + ")");
    }
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON");
    }
    if (n == null || !n.isObject() || !FORMAT.equals(n.path("format").asText())) {
      throw new IllegalArgumentException("not a " + FORMAT + " document");
    }
    if (!n.path("seq").canConvertToLong()) {
      throw new IllegalArgumentException("field seq is not a number");
    }
    Instant at;
    try {
      at = Instant.parse(text(n, "at"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("field at is not a UTC time");
    }
    Anchor a = new Anchor(n.path("seq").asLong(), text(n, "hash"), at, text(n, "hub"), text(n, "why"),
        text(n, "key"), text(n, "signature"), source);
    a.checkFields();
    try {
      a.signatureBytes();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field signature is not base64");
    }
    return a;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("field " + field + " is missing");
    }
    return v.asText();
  }

  private void checkFields() {
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be at least 1");
    }
    check("hash", hash, HASH);
    check("hub", hub, HUB);
    check("why", why, WHY);
    check("key", keyId, KEY_ID);
  }

  private static void check(String field, String value, Pattern pattern) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("field " + field + " does not match " + pattern.pattern());
    }
  }
}
