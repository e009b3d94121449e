package io.callvault.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An index over an Asterisk {@code cdr_csv} Master.csv, read line by line.
 *
 * <p>Format: no header, CSV with optional double quotes ({@code ""} inside quotes is a quote). Rows
 * have 16 columns (accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata,
 * start, answer, end, duration, billsec, disposition, amaflags) or 17 to 21 when {@code uniqueid},
 * {@code userfield}, peeraccount, linkedid and sequence are logged; column 17 is taken as the
 * uniqueid. Rows that cannot be read (bad quoting, wrong column count, bad times or numbers) are
 * skipped and counted; the file as a whole never fails. Rows without a uniqueid cannot be found by
 * uniqueid but still serve {@link #forOneTouch}.
 */
public final class CdrIndex implements CallIndex {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  /** Longest call considered when matching one-touch recordings to rows by time. */
  private static final Duration MAX_CALL = Duration.ofHours(12);
  /** Clock slack between the recording name and the CDR. */
  private static final Duration SLACK = Duration.ofSeconds(5);

  private final Map<String, CdrRecord> byUniqueId = new HashMap<>();
  private final NavigableMap<LocalDateTime, List<CdrRecord>> byStart = new TreeMap<>();
  private final List<Long> malformedLines = new ArrayList<>();
  /** Why rows were skipped, with how many: "bad quoting", "14 columns (expected 16 to 21)"... */
  private final Map<String, Integer> malformedReasons = new java.util.TreeMap<>();
  /** What looks like a uniqueid in a skipped row, with its line: the recordings that lost their CDR data. */
  private final Map<String, Long> malformedUniqueIds = new HashMap<>();
  /** An Asterisk uniqueid ({@code 1710512553.42}, maybe after a system name), as a whole CSV field or word. */
  private static final java.util.regex.Pattern UNIQUEID =
      java.util.regex.Pattern.compile("(?<![\\w.-])([A-Za-z0-9_-]*\\d{9,11}\\.\\d{1,9})(?![\\w.])");
  private static final int MAX_REMEMBERED = 100_000;
  private long rows;
  private long rowsWithoutUniqueId;

  private CdrIndex() {}

  /** Reads a Master.csv stream (UTF-8) to its end; does not close it. */
  public static CdrIndex parse(InputStream in) {
    CdrIndex index = new CdrIndex();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    try {
      String line;
      long lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        List<String> fields = splitCsv(line);
        CdrRecord record = toRecord(fields);
        if (record == null) {
          index.malformed(lineNo, line, fields == null ? "bad quoting" : fields.size() < 16 || fields.size() > 21
              ? fields.size() + " columns (expected 16 to 21)" : "a time or number that cannot be read");
        } else {
          index.add(record);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CDR file", e);
    }
    return index;
  }

  private void malformed(long lineNo, String line, String why) {
    malformedLines.add(lineNo);
    malformedReasons.merge(why, 1, Integer::sum);
    java.util.regex.Matcher m = UNIQUEID.matcher(line);
    while (m.find() && malformedUniqueIds.size() < MAX_REMEMBERED) {
      malformedUniqueIds.putIfAbsent(m.group(1), lineNo);
    }
  }

  /** An empty index, for sources without a CDR file. */
  public static CdrIndex empty() {
    return new CdrIndex();
  }

  private void add(CdrRecord record) {
    rows++;
    byStart.computeIfAbsent(record.start(), k -> new ArrayList<>(1)).add(record);
    if (record.uniqueid() == null || record.uniqueid().isEmpty()) {
      rowsWithoutUniqueId++;
      return;
    }
    byUniqueId.merge(record.uniqueid(), record, (old, neu) -> neu.betterThan(old) ? neu : old);
  }

  /** The best row for this uniqueid: answered first, then the longest billsec. */
  public Optional<CdrRecord> byUniqueId(String uniqueId) {
    return Optional.ofNullable(uniqueId == null ? null : byUniqueId.get(uniqueId));
  }

  /**
   * The row for a parsed file name: by uniqueid for FreePBX names, by {@link #forOneTouch} for
   * one-touch names.
   */
  public Optional<CdrRecord> lookup(ParsedName name, ZoneId pbxZone) {
    if (name.isAuto()) {
      return forOneTouch(
          LocalDateTime.ofInstant(name.epochStart(), pbxZone), name.caller(), name.callee());
    }
    return byUniqueId(name.uniqueId());
  }

  /**
   * The row of the call a one-touch recording was made in: a call in progress at {@code at}
   * (PBX-local, 5 s slack) whose src or dst is the caller or the peer (numbers compared by their
   * digits, long numbers by their last nine). Rows matching both parties win, then the best row as
   * in {@link #byUniqueId}.
   */
  public Optional<CdrRecord> forOneTouch(LocalDateTime at, String caller, String peer) {
    CdrRecord best = null;
    int bestScore = 0;
    for (List<CdrRecord> group :
        byStart.subMap(at.minus(MAX_CALL), true, at.plus(SLACK), true).values()) {
      for (CdrRecord r : group) {
        LocalDateTime end = r.end() != null ? r.end() : r.start().plusSeconds(r.duration());
        if (end.plus(SLACK).isBefore(at)) {
          continue;
        }
        int score = (isParty(r, caller) ? 1 : 0) + (isParty(r, peer) ? 1 : 0);
        if (score > bestScore || score > 0 && score == bestScore && r.betterThan(best)) {
          best = r;
          bestScore = score;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean isParty(CdrRecord r, String nameParty) {
    String b = digits(nameParty);
    return !b.isEmpty() && (sameNumber(digits(r.src()), b) || sameNumber(digits(r.dst()), b));
  }

  private static boolean sameNumber(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    return a.length() >= 9 && b.length() >= 9
        && a.substring(a.length() - 9).equals(b.substring(b.length() - 9));
  }

  private static String digits(String s) {
    return s == null ? "" : s.replaceAll("\\D", "");
  }

  /** Rows read successfully. */
  @Override
  public long rows() {
    return rows;
  }

  /** Distinct uniqueids indexed. */
  public int size() {
    return byUniqueId.size();
  }

  /** Rows read successfully that had no uniqueid (16-column form or empty). */
  public long rowsWithoutUniqueId() {
    return rowsWithoutUniqueId;
  }

  /** Number of skipped lines. */
  @Override
  public int malformedCount() {
    return malformedLines.size();
  }

  /** 1-based line numbers of the skipped lines (safe to log: no content). */
  public List<Long> malformedLines() {
    return Collections.unmodifiableList(malformedLines);
  }

  /** Why lines were skipped, with how many lines each (no content: safe to log). */
  public Map<String, Integer> malformedReasons() {
    return Collections.unmodifiableMap(malformedReasons);
  }

  /**
   * The line of a skipped row that names this uniqueid: the call's CDR row was there but could not be read, so its
   * recording has no CDR data (duration, disposition, payment windows, case id).
   */
  public Optional<Long> malformedLineOf(String uniqueId) {
    return Optional.ofNullable(uniqueId == null ? null : malformedUniqueIds.get(uniqueId));
  }

  /** Splits one CSV line; null when its quoting is broken. */
  static List<String> splitCsv(String line) {
    List<String> fields = new ArrayList<>(21);
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      field.setLength(0);
      if (i < n && line.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < n) {
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < n && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              closed = true;
              break;
            }
          } else {
            field.append(c);
          }
        }
        if (!closed || (i < n && line.charAt(i) != ',')) {
          return null;
        }
      } else {
        while (i < n && line.charAt(i) != ',') {
          char c = line.charAt(i++);
          if (c == '"') {
            return null;
          }
          field.append(c);
        }
      }
      fields.add(field.toString());
      if (i >= n) {
        return fields;
      }
      i++; // the comma
    }
  }

  private static CdrRecord toRecord(List<String> f) {
    if (f == null || f.size() < 16 || f.size() > 21) {
      return null;
    }
    try {
      LocalDateTime start = LocalDateTime.parse(f.get(9).trim(), TIME);
      LocalDateTime answer = optionalTime(f.get(10));
      LocalDateTime end = optionalTime(f.get(11));
      int duration = Integer.parseInt(f.get(12).trim());
      int billsec = Integer.parseInt(f.get(13).trim());
      String uniqueid = f.size() > 16 ? f.get(16).trim() : null;
      String userfield = f.size() > 17 ? f.get(17) : null;
      return new CdrRecord(
          f.get(1), f.get(2), f.get(3), f.get(5), f.get(6), start, answer, end, duration, billsec,
          f.get(14).trim(), uniqueid, userfield);
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
  }

  private static LocalDateTime optionalTime(String s) {
    String t = s.trim();
    return t.isEmpty() ? null : LocalDateTime.parse(t, TIME);
  }
}
