package io.callvault.source;

import java.time.Instant;
import java.util.Objects;

/**
 * What callvault knows about one recording after the identify step.
 *
 * <p>Phone numbers here are already normalised (E.164 where possible). They are personal data:
 * never log them, never put them in S3 keys or object metadata; the catalog stores only their
 * keyed hash (see {@code catalog.SubjectKeys}).
 *
 * @param id opaque, deterministic recording id derived from source id and PBX unique id; safe for
 *     logs and S3 keys
 * @param sourceId the PBX source this came from (route template parameter)
 * @param uniqueId the PBX unique id (Asterisk {@code 1710512553.42}, possibly with a system-name prefix)
 * @param callType FreePBX call type (in, out, internal, external, q, rg, ondemand, force, exten, auto)
 * @param direction inbound, outbound or internal
 * @param start call start (UTC instant)
 * @param caller calling party, normalised; may be an extension
 * @param callee called party, normalised; may be an extension
 * @param subject the external party whose consent matters (normalised number), or null when none
 * @param durationSeconds from the CDR when known, otherwise null
 * @param billsec billable seconds from the CDR, or null
 * @param disposition CDR disposition (ANSWERED, NO ANSWER, BUSY, FAILED), or null
 * @param format audio format, see {@link AudioFormat}
 * @param extension file extension as found (wav, WAV, mp3)
 * @param context what the recorder says about the call's handling (agent, queue, case id), never null
 */
public record Recording(
    String id,
    String sourceId,
    String uniqueId,
    String callType,
    Direction direction,
    Instant start,
    String caller,
    String callee,
    String subject,
    Integer durationSeconds,
    Integer billsec,
    String disposition,
    AudioFormat format,
    String extension,
    Context context) {

  public Recording {
    Objects.requireNonNull(id, "id");
    context = context == null ? Context.NONE : context;
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(uniqueId, "uniqueId");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(format, "format");
  }

  /** A recording without call context (FreePBX names carry none; its CDR may). */
  public Recording(String id, String sourceId, String uniqueId, String callType, Direction direction, Instant start,
      String caller, String callee, String subject, Integer durationSeconds, Integer billsec, String disposition,
      AudioFormat format, String extension) {
    this(id, sourceId, uniqueId, callType, direction, start, caller, callee, subject, durationSeconds, billsec,
        disposition, format, extension, Context.NONE);
  }

  /**
   * How the call was handled, as the recorder's metadata says: none of it is a phone number of the customer.
   *
   * @param agent the owner's or agent's extension, or null
   * @param queue the queue or hunt group, or null
   * @param caseId a case id for legal holds by case (letters, digits, {@code . _ : -}), or null
   */
  public record Context(String agent, String queue, String caseId) {
    public static final Context NONE = new Context(null, null, null);
  }

  /** Direction of a call as seen from the company. */
  public enum Direction {
    INBOUND,
    OUTBOUND,
    INTERNAL
  }

  /** Audio containers callvault recognises by name. */
  public enum AudioFormat {
    /** {@code .wav}: 8 kHz 16-bit PCM in RIFF/WAVE (FreePBX default). */
    WAV_PCM("wav"),
    /** {@code .WAV}: GSM 6.10 inside RIFF/WAVE. */
    WAV_GSM("wav"),
    /** {@code .mp3}. */
    MP3("mp3");

    private final String keySuffix;

    AudioFormat(String keySuffix) {
      this.keySuffix = keySuffix;
    }

    /** Lower-case extension used in object keys ({@code wav} or {@code mp3}). */
    public String keySuffix() {
      return keySuffix;
    }
  }
}
