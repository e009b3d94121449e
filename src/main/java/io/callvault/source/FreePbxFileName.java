package io.callvault.source;

import io.callvault.source.Recording.AudioFormat;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses FreePBX call-recording file names
 * ({@code <type>-<to>-<from>-<YYYYMMDD>-<HHMMSS>-<uniqueid>.<ext>}) and Asterisk one-touch names
 * ({@code auto-<epoch>-<caller>-<peer>.<ext>}), with or without the {@code YYYY/MM/DD/} directories.
 *
 * <p>The uniqueid may carry a system-name prefix containing {@code -}, so the name is read from the
 * date-time pair outwards: what precedes it is {@code type-to-from} (parties must not contain
 * {@code -}), what follows it, up to the extension, is the uniqueid. Failure reasons never quote the
 * parties, dates or ids from the name.
 */
public final class FreePbxFileName {

  /** Call type of Asterisk one-touch recordings. */
  public static final String AUTO = "auto";

  /** FreePBX call types. */
  public static final Set<String> TYPES =
      Set.of("in", "out", "internal", "external", "q", "rg", "ondemand", "force", "exten");

  static final String PATTERN_TEXT =
      "<type>-<to>-<from>-<YYYYMMDD>-<HHMMSS>-<uniqueid>.<ext>"
          + " or auto-<epoch>-<caller>-<peer>.<ext>";

  private static final Pattern DATE_TIME = Pattern.compile("-(\\d{8})-(\\d{6})-");
  private static final Pattern AUTO_NAME = Pattern.compile("auto-(\\d{9,11})-(.*)");
  private static final Pattern WORD = Pattern.compile("[A-Za-z]{1,16}");

  private FreePbxFileName() {}

  /**
   * Parses a drop-relative path such as {@code 2024/03/15/in-...wav} or a bare file name.
   *
   * @throws UnidentifiableRecordingException with a reason free of personal data
   */
  public static ParsedName parse(String relativePath) throws UnidentifiableRecordingException {
    if (relativePath == null || relativePath.isBlank()) {
      throw new UnidentifiableRecordingException("empty file name");
    }
    String name = relativePath.substring(
        Math.max(relativePath.lastIndexOf('/'), relativePath.lastIndexOf('\\')) + 1);
    int dot = name.lastIndexOf('.');
    if (dot <= 0 || dot == name.length() - 1) {
      throw new UnidentifiableRecordingException(
          "file name has no audio extension (expected .wav, .WAV or .mp3)");
    }
    String ext = name.substring(dot + 1);
    AudioFormat format = formatOf(ext);
    String base = name.substring(0, dot);

    if (base.startsWith(AUTO + "-")) {
      return parseAuto(base, ext, format);
    }
    return parseFreePbx(base, ext, format);
  }

  private static AudioFormat formatOf(String ext) throws UnidentifiableRecordingException {
    if (ext.equals("wav")) {
      return AudioFormat.WAV_PCM;
    }
    if (ext.equals("WAV")) {
      return AudioFormat.WAV_GSM;
    }
    if (ext.equalsIgnoreCase("mp3")) {
      return AudioFormat.MP3;
    }
    String shown = WORD.matcher(ext).matches() ? " '." + ext + "'" : "";
    throw new UnidentifiableRecordingException(
        "unsupported file extension" + shown + " (expected .wav, .WAV or .mp3)");
  }

  private static ParsedName parseFreePbx(String base, String ext, AudioFormat format)
      throws UnidentifiableRecordingException {
    Matcher m = DATE_TIME.matcher(base);
    int searchFrom = 0;
    while (m.find(searchFrom)) {
      String head = base.substring(0, m.start());
      String[] parts = head.split("-", -1);
      if (parts.length == 3) {
        return freePbx(parts, m, base.substring(m.end()), ext, format);
      }
      if (parts.length > 3) {
        break;
      }
      searchFrom = m.start() + 1;
    }
    throw new UnidentifiableRecordingException(
        "file name does not match FreePBX pattern " + PATTERN_TEXT);
  }

  private static ParsedName freePbx(
      String[] parts, Matcher m, String uniqueId, String ext, AudioFormat format)
      throws UnidentifiableRecordingException {
    String type = parts[0].toLowerCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      String shown = WORD.matcher(parts[0]).matches() ? " '" + parts[0] + "'" : "";
      throw new UnidentifiableRecordingException(
          "unknown call type" + shown + " (expected one of in, out, internal, external, q, rg,"
              + " ondemand, force, exten, or an auto- name)");
    }
    LocalDate date;
    LocalTime time;
    try {
      date = LocalDate.of(
          Integer.parseInt(m.group(1).substring(0, 4)),
          Integer.parseInt(m.group(1).substring(4, 6)),
          Integer.parseInt(m.group(1).substring(6, 8)));
    } catch (DateTimeException e) {
      throw new UnidentifiableRecordingException(
          "date field is not a real calendar date (expected YYYYMMDD)");
    }
    try {
      time = LocalTime.of(
          Integer.parseInt(m.group(2).substring(0, 2)),
          Integer.parseInt(m.group(2).substring(2, 4)),
          Integer.parseInt(m.group(2).substring(4, 6)));
    } catch (DateTimeException e) {
      throw new UnidentifiableRecordingException(
          "time field is not a valid time of day (expected HHMMSS)");
    }
    if (uniqueId.isBlank()) {
      throw new UnidentifiableRecordingException(
          "file name has an empty uniqueid (expected " + PATTERN_TEXT + ")");
    }
    return new ParsedName(
        type, parts[1], parts[2], LocalDateTime.of(date, time), null, uniqueId, ext, format);
  }

  private static ParsedName parseAuto(String base, String ext, AudioFormat format)
      throws UnidentifiableRecordingException {
    Matcher m = AUTO_NAME.matcher(base);
    if (!m.matches()) {
      throw new UnidentifiableRecordingException(
          "one-touch file name does not match auto-<epoch>-<caller>-<peer>.<ext>");
    }
    String[] parties = m.group(2).split("-", -1);
    if (parties.length != 2) {
      throw new UnidentifiableRecordingException(
          "one-touch file name must have exactly two parties without '-' inside:"
              + " auto-<epoch>-<caller>-<peer>.<ext>");
    }
    long epoch = Long.parseLong(m.group(1));
    // the parties are phone numbers: no digest of them here (an unkeyed one could be reversed by trying
    // numbers); RecordingIdentifier completes the id with a keyed one
    String uniqueId = AUTO + "-" + m.group(1);
    return new ParsedName(
        AUTO, parties[1], parties[0], null, Instant.ofEpochSecond(epoch), uniqueId, ext, format);
  }
}
