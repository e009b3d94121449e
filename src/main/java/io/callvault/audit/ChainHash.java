package io.callvault.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The canonical encoding of an entry and its SHA-256. Every field is written as a 4-byte big-endian
 * length (-1 for null) and its UTF-8 bytes, after a version tag; {@code at} is a fixed-width UTC instant
 * with microseconds, so it hashes the same after an H2 or PostgreSQL round trip.
 */
final class ChainHash {

  /** prev_hash of the first entry. */
  static final String GENESIS = "0".repeat(64);

  private static final byte[] TAG = "callvault-audit-v1".getBytes(StandardCharsets.UTF_8);
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private ChainHash() {
  }

  static String of(long seq, Instant at, String actor, String action, String target, String reason,
      String prevHash) {
    MessageDigest md = sha256();
    field(md, TAG);
    field(md, Long.toString(seq));
    field(md, at == null ? null : AT.format(at.truncatedTo(ChronoUnit.MICROS)));
    field(md, actor);
    field(md, action);
    field(md, target);
    field(md, reason);
    field(md, prevHash);
    return HexFormat.of().formatHex(md.digest());
  }

  private static void field(MessageDigest md, String value) {
    field(md, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static void field(MessageDigest md, byte[] bytes) {
    md.update(ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
    if (bytes != null) {
      md.update(bytes);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
