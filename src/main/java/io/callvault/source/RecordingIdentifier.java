package io.callvault.source;

import io.callvault.source.Recording.Direction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.Optional;

/**
 * Turns a drop file name (and its CDR row, when there is one) into a {@link Recording}.
 *
 * <ul>
 *   <li>id: {@code rec_} + the first 24 hex digits of SHA-256(sourceId + "\n" + uniqueId), so a
 *       re-dropped file or a restart maps to the same id;
 *   <li>start: the file-name time read in the PBX zone (one-touch names carry an epoch);
 *   <li>caller/callee: from the name, or the CDR src/dst when the name leaves them empty; E.164
 *       when possible, extensions as-is, withheld as null;
 *   <li>direction: see {@link CallDirections};
 *   <li>subject: the external party whose consent matters ({@link Subjects}): the caller when inbound, the
 *       callee when outbound, the other party when that one is an extension, none when internal or withheld;
 *       a number that cannot be normalised is kept as written ({@link PhoneNumbers#subject});
 *   <li>duration, billsec, disposition: from the CDR, or null without one.
 * </ul>
 */
public final class RecordingIdentifier {

  private final PhoneNumbers numbers;
  private final ZoneId pbxZone;
  private final UnaryOperator<String> keyedDigest;

  /**
   * @param keyedDigest a keyed digest (hex), such as the catalog's subject-key HMAC: a one-touch file has
   *     no PBX uniqueid, so its id is completed with this digest of its parties, which are phone numbers
   */
  public RecordingIdentifier(PhoneNumbers numbers, ZoneId pbxZone, UnaryOperator<String> keyedDigest) {
    this.numbers = Objects.requireNonNull(numbers, "numbers");
    this.pbxZone = Objects.requireNonNull(pbxZone, "pbxZone");
    this.keyedDigest = Objects.requireNonNull(keyedDigest, "keyedDigest");
  }

  /** Parses the name, looks the CDR row up in {@code cdrs} (may be null), and identifies. */
  public Recording identify(String sourceId, String relativePath, CdrIndex cdrs)
      throws UnidentifiableRecordingException {
    ParsedName parsed = FreePbxFileName.parse(relativePath);
    CdrRecord cdr = cdrs == null ? null : cdrs.lookup(parsed, pbxZone).orElse(null);
    return identify(sourceId, parsed, cdr);
  }

  /**
   * Identifies one drop file.
   *
   * @param sourceId PBX source id (non-blank)
   * @param relativePath path relative to the drop root, or bare file name
   * @param cdrOrNull the CDR row of this call, or null
   */
  public Recording identify(String sourceId, String relativePath, CdrRecord cdrOrNull)
      throws UnidentifiableRecordingException {
    return identify(sourceId, FreePbxFileName.parse(relativePath), cdrOrNull);
  }

  private Recording identify(String sourceId, ParsedName name, CdrRecord cdr)
      throws UnidentifiableRecordingException {
    if (sourceId == null || sourceId.isBlank()) {
      throw new IllegalArgumentException("sourceId must not be blank");
    }
    if (cdr != null && !name.isAuto() && cdr.uniqueid() != null
        && !cdr.uniqueid().isEmpty() && !cdr.uniqueid().equals(name.uniqueId())) {
      throw new IllegalArgumentException("CDR row belongs to another uniqueid");
    }
    String rawCaller = name.caller();
    String rawCallee = name.callee();
    if (cdr != null && rawCaller.isEmpty()) {
      rawCaller = cdr.src();
    }
    if (cdr != null && rawCallee.isEmpty()) {
      rawCallee = cdr.dst();
    }

    final String caller = rawCaller;
    final String callee = rawCallee;
    Direction direction = CallDirections.fromCallType(name.callType())
        .or(() -> cdr == null ? Optional.<Direction>empty() : CallDirections.fromCdr(cdr, numbers))
        .or(() -> CallDirections.fromParties(caller, callee, numbers))
        .orElseThrow(() -> new UnidentifiableRecordingException(
            "cannot tell the call direction: no CDR row and the parties are neither extensions"
                + " nor external numbers"));

    // the customer is the external party, whichever way round the name or the CDR put the parties
    String subject = Subjects.of(direction, caller, callee, numbers);

    String uniqueId = name.isAuto()
        ? name.uniqueId() + "-" + keyedDigest.apply("one-touch\n" + name.caller() + "\n" + name.callee()).substring(0, 12)
        : name.uniqueId();
    return new Recording(
        recordingId(sourceId, uniqueId),
        sourceId,
        uniqueId,
        name.callType(),
        direction,
        name.start(pbxZone),
        numbers.normalise(rawCaller),
        numbers.normalise(rawCallee),
        subject,
        cdr == null ? null : cdr.duration(),
        cdr == null ? null : cdr.billsec(),
        cdr == null ? null : cdr.disposition(),
        name.format(),
        name.extension());
  }

  /** {@code rec_} + 24 hex digits of SHA-256(sourceId + "\n" + uniqueId). */
  public static String recordingId(String sourceId, String uniqueId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((sourceId + "\n" + uniqueId).getBytes(StandardCharsets.UTF_8));
      return "rec_" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
