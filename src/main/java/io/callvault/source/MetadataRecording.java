package io.callvault.source;

import io.callvault.privacy.PersonalData;
import io.callvault.source.Recording.AudioFormat;
import io.callvault.source.Recording.Direction;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns what a recorder's metadata says ({@link CallFields}) into a {@link Recording}, the same way for every
 * format that has metadata: the call reference becomes the PBX unique id (so the recording id is stable across
 * re-drops), the start is read with the format's {@code start-format} in the PBX time zone, the direction is the
 * metadata's (values mapped by {@code directions.<value>}) or else told by the parties, and the subject is the
 * external party ({@link Subjects}). Reasons never quote a party.
 *
 * <p>Settings: {@code start-format} ({@code iso}, the default: ISO-8601 with or without offset; {@code epoch}
 * seconds; or a {@link DateTimeFormatter} pattern), {@code directions.<value>: inbound|outbound|internal}.
 */
public final class MetadataRecording {
  private static final Pattern CASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
  private static final Map<String, Direction> DEFAULT_DIRECTIONS = Map.of("in", Direction.INBOUND, "inbound",
      Direction.INBOUND, "incoming", Direction.INBOUND, "i", Direction.INBOUND, "out", Direction.OUTBOUND, "outbound",
      Direction.OUTBOUND, "outgoing", Direction.OUTBOUND, "o", Direction.OUTBOUND, "internal", Direction.INTERNAL);

  /** Values recorders write when they do not know the direction: the parties then tell it. */
  private static final java.util.Set<String> UNKNOWN_DIRECTIONS = java.util.Set.of("unkn", "unknown", "-");

  private final PhoneNumbers numbers;
  private final String startFormat;
  private final DateTimeFormatter pattern;
  private final Map<String, Direction> directions = new HashMap<>(DEFAULT_DIRECTIONS);

  public MetadataRecording(PhoneNumbers numbers, FormatOptions options) {
    this.numbers = numbers;
    this.startFormat = options.get("start-format", "iso");
    try {
      this.pattern = startFormat.equals("iso") || startFormat.equals("epoch") ? null
          : DateTimeFormatter.ofPattern(startFormat, Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new FormatOptions.FormatConfigException(options.origin() + ": start-format '" + startFormat
          + "' is not a date-time pattern (use iso, epoch, or e.g. yyyy-MM-dd HH:mm:ss)");
    }
    options.section("directions").forEach((value, d) -> directions.put(value.toLowerCase(Locale.ROOT), direction(
        options.origin(), value, d)));
  }

  private static Direction direction(String origin, String value, String d) {
    return switch (d.toLowerCase(Locale.ROOT)) {
      case "inbound" -> Direction.INBOUND;
      case "outbound" -> Direction.OUTBOUND;
      case "internal" -> Direction.INTERNAL;
      default -> throw new FormatOptions.FormatConfigException(origin + ": directions." + value + " is '" + d
          + "'; use inbound, outbound or internal");
    };
  }

  /** The recording these fields describe; {@code relativePath} gives the audio's extension. */
  public Recording build(String sourceId, String relativePath, ZoneId zone, CallFields f)
      throws UnidentifiableRecordingException {
    String ref = callReference(f);
    String ext = relativePath.substring(relativePath.lastIndexOf('.') + 1);
    AudioFormat format = audioFormat(ext);
    Instant start = start(f.get(CallFields.START), zone);
    String caller = f.get(CallFields.CALLER_NUMBER);
    String callee = f.get(CallFields.CALLEE_NUMBER);
    String agent = agent(f.get(CallFields.AGENT), caller, callee);
    Direction direction = direction(f, caller, callee, agent);
    return new Recording(RecordingIdentifier.recordingId(sourceId, ref), sourceId, ref, callType(direction), direction,
        start, numbers.normalise(caller), numbers.normalise(callee), Subjects.of(direction, caller, callee, numbers),
        duration(f.get(CallFields.DURATION)), null, null, format, ext,
        new Recording.Context(agent, queue(f.get(CallFields.QUEUE)), caseId(f.get(CallFields.CASE_ID))));
  }

  /** The agent's extension: the metadata's, else the party that is an extension. */
  private String agent(String mapped, String caller, String callee) {
    for (String candidate : new String[] {mapped, callee, caller}) {
      if (numbers.isExtension(candidate)) {
        return candidate.strip();
      }
    }
    return null;
  }

  private static String callReference(CallFields f) throws UnidentifiableRecordingException {
    String ref = f.get(CallFields.CALL_REFERENCE);
    if (ref == null) {
      throw new UnidentifiableRecordingException("the metadata has no call reference (fields.call-reference)");
    }
    if (ref.length() > 128 || ref.chars().anyMatch(Character::isISOControl)) {
      throw new UnidentifiableRecordingException("the call reference is longer than 128 characters or has"
          + " control characters");
    }
    return ref;
  }

  static AudioFormat audioFormat(String ext) throws UnidentifiableRecordingException {
    return switch (ext.toLowerCase(Locale.ROOT)) {
      case "wav" -> AudioFormat.WAV_PCM;
      case "mp3" -> AudioFormat.MP3;
      default -> throw new UnidentifiableRecordingException("unsupported audio file extension (expected .wav or .mp3)");
    };
  }

  Instant start(String value, ZoneId zone) throws UnidentifiableRecordingException {
    if (value == null) {
      throw new UnidentifiableRecordingException("the metadata has no start time (fields.start)");
    }
    try {
      if (startFormat.equals("epoch")) {
        return Instant.ofEpochSecond(Long.parseLong(value));
      }
      if (pattern != null) {
        return LocalDateTime.parse(value, pattern).atZone(zone).toInstant();
      }
      return value.matches(".*([zZ]|[+-]\\d\\d:?\\d\\d)$") ? OffsetDateTime.parse(value).toInstant()
          : LocalDateTime.parse(value).atZone(zone).toInstant();
    } catch (DateTimeException | NumberFormatException e) {
      throw new UnidentifiableRecordingException("the start time cannot be read with start-format " + startFormat);
    }
  }

  private Direction direction(CallFields f, String caller, String callee, String agent)
      throws UnidentifiableRecordingException {
    String d = f.get(CallFields.DIRECTION);
    if (d != null && !UNKNOWN_DIRECTIONS.contains(d.toLowerCase(Locale.ROOT))) {
      Direction mapped = directions.get(d.toLowerCase(Locale.ROOT));
      if (mapped == null) {
        throw new UnidentifiableRecordingException("unknown call direction value (map it with directions.<value>:"
            + " inbound, outbound or internal)");
      }
      return mapped;
    }
    if (agent != null && agent.equals(caller == null ? null : caller.strip()) && !numbers.isExtension(callee)) {
      return Direction.OUTBOUND;
    }
    return CallDirections.fromParties(caller, callee, numbers).orElseThrow(() -> new UnidentifiableRecordingException(
        "cannot tell the call direction: the metadata has no direction and the parties do not tell"));
  }

  private static String callType(Direction d) {
    return switch (d) {
      case INBOUND -> "in";
      case OUTBOUND -> "out";
      case INTERNAL -> "internal";
    };
  }

  static Integer duration(String value) {
    if (value == null) {
      return null;
    }
    try {
      if (value.contains(":")) {
        int seconds = 0;
        for (String part : value.split(":")) {
          seconds = seconds * 60 + Integer.parseInt(part.strip());
        }
        return seconds;
      }
      return (int) Math.round(Double.parseDouble(value));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A queue or hunt group name, kept when it is short and no phone number. */
  private static String queue(String q) {
    return q == null || q.length() > 64 || PersonalData.looksLikePhoneNumber(q) ? null : q;
  }

  private static String caseId(String c) {
    return c != null && CASE.matcher(c).matches() && !PersonalData.looksLikePhoneNumber(c) ? c : null;
  }
}
