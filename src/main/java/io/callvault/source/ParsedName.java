package io.callvault.source;

import io.callvault.source.Recording.AudioFormat;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The fields of a recording file name, as found (not normalised).
 *
 * <p>FreePBX names carry a PBX-local start ({@link #localStart}); Asterisk one-touch names
 * ({@code auto-...}) carry an epoch ({@link #epochStart}). Exactly one of the two is set.
 *
 * @param callType lower-case call type: in, out, internal, external, q, rg, ondemand, force, exten
 *     or auto
 * @param to the called party as written in the name (peer for auto); may be empty
 * @param from the calling party as written in the name (caller for auto); may be empty
 * @param localStart PBX-local start for FreePBX names, null for auto
 * @param epochStart start for auto names, null for FreePBX names
 * @param uniqueId the PBX unique id; for auto names, which carry none, a deterministic
 *     {@code auto-<epoch>-<hash>} id derived from the name (no phone number in clear)
 * @param extension file extension as found (wav, WAV, mp3)
 * @param format audio format implied by the extension
 */
public record ParsedName(
    String callType,
    String to,
    String from,
    LocalDateTime localStart,
    Instant epochStart,
    String uniqueId,
    String extension,
    AudioFormat format) {

  public ParsedName {
    Objects.requireNonNull(callType, "callType");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(uniqueId, "uniqueId");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(format, "format");
    if ((localStart == null) == (epochStart == null)) {
      throw new IllegalArgumentException("exactly one of localStart and epochStart must be set");
    }
  }

  /** True for Asterisk one-touch ({@code auto-<epoch>-<caller>-<peer>}) names. */
  public boolean isAuto() {
    return FreePbxFileName.AUTO.equals(callType);
  }

  /** Calling party as written in the name. */
  public String caller() {
    return from;
  }

  /** Called party as written in the name. */
  public String callee() {
    return to;
  }

  /** The start as an instant; FreePBX local times are read in {@code pbxZone}. */
  public Instant start(ZoneId pbxZone) {
    return epochStart != null ? epochStart : localStart.atZone(pbxZone).toInstant();
  }
}
