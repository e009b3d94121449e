package io.callvault.consent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consent flags from a CSV file (UTF-8): a header {@code subject,<flag1>,<flag2>,...}, then one row
 * per subject (E.164 number or CRM id). Values are read by {@link ConsentValues#parse}: granted/true/
 * yes/y/1/opt-in grant, denied/false/no/n/0/opt-out/withdrawn deny, anything else is UNKNOWN. Fields
 * may be quoted with {@code "} ({@code ""} inside quotes is one quote). If a subject has several
 * rows, the least permissive value of each flag wins (DENIED over GRANTED over UNKNOWN).
 *
 * <p>The file is re-read when its modification time or size changes.
 */
public final class CsvConsentSource implements ConsentSource {
  private static final Logger LOG = LoggerFactory.getLogger(CsvConsentSource.class);
  private static final String SOURCE = "csv";

  private final Path file;
  private Snapshot snapshot;

  private final java.util.function.UnaryOperator<String> normalise;

  public CsvConsentSource(Path file) {
    this(file, java.util.function.UnaryOperator.identity());
  }

  /**
   * @param normalise applied to every subject in the file, so that rows written in national format
   *     ({@code 07700 900123}) match the E.164 numbers ingest asks for
   */
  public CsvConsentSource(Path file, java.util.function.UnaryOperator<String> normalise) {
    this.file = Objects.requireNonNull(file, "file");
    this.normalise = Objects.requireNonNull(normalise, "normalise");
  }

  public Path file() {
    return file;
  }

  @Override
  public ConsentAnswer lookup(String subject) throws ConsentUnavailableException {
    Snapshot current = current();
    Map<String, ConsentStatus> flags =
        subject == null ? null : current.rows.get(subject.trim());
    return new ConsentAnswer(flags == null ? Map.of() : flags, SOURCE);
  }

  private synchronized Snapshot current() throws ConsentUnavailableException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new ConsentUnavailableException("consent file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConsentUnavailableException("consent file " + file + " cannot be read", e);
    }
    if (!attrs.isRegularFile()) {
      throw new ConsentUnavailableException("consent file " + file + " is not a regular file");
    }
    if (snapshot == null
        || !snapshot.modified.equals(attrs.lastModifiedTime())
        || snapshot.size != attrs.size()) {
      snapshot = load(attrs.lastModifiedTime(), attrs.size());
      LOG.info("consent file {} loaded: {} subjects, flags {}", file, snapshot.rows.size(),
          snapshot.flags);
    }
    return snapshot;
  }

  private Snapshot load(FileTime modified, long size) throws ConsentUnavailableException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      CsvReader csv = new CsvReader(in);
      List<String> header = csv.next();
      List<String> flags = flags(header);
      Map<String, Map<String, ConsentStatus>> rows = new HashMap<>();
      List<String> row;
      while ((row = csv.next()) != null) {
        addRow(csv, header, flags, row, rows);
      }
      Map<String, Map<String, ConsentStatus>> frozen = new HashMap<>();
      rows.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
      return new Snapshot(modified, size, List.copyOf(flags), frozen);
    } catch (CsvReader.MalformedCsvException e) {
      throw new ConsentUnavailableException("consent file " + file + " " + e.getMessage());
    } catch (NoSuchFileException e) {
      throw new ConsentUnavailableException("consent file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConsentUnavailableException(
          "consent file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The flag names of the header row {@code subject,<flag>,...}. */
  private List<String> flags(List<String> header) throws ConsentUnavailableException {
    if (header == null) {
      throw new ConsentUnavailableException(
          "consent file " + file + " is empty: expected a header row subject,<flag>,...");
    }
    if (header.isEmpty() || !header.get(0).trim().equalsIgnoreCase("subject")) {
      throw new ConsentUnavailableException(
          "consent file " + file + " line 1: the first column must be named subject");
    }
    List<String> flags = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 1; i < header.size(); i++) {
      String flag = header.get(i).trim();
      if (flag.isEmpty()) {
        throw new ConsentUnavailableException(
            "consent file " + file + " line 1: column " + (i + 1) + " has no flag name");
      }
      if (!seen.add(flag)) {
        throw new ConsentUnavailableException(
            "consent file " + file + " line 1: flag " + flag + " appears twice");
      }
      flags.add(flag);
    }
    return flags;
  }

  private void addRow(CsvReader csv, List<String> header, List<String> flags, List<String> row,
      Map<String, Map<String, ConsentStatus>> rows) {
    if (row.size() == 1 && row.get(0).isBlank()) {
      return;
    }
    String subject = row.get(0).trim();
    subject = subject.isEmpty() ? subject : normalise.apply(subject);
    if (subject.isEmpty()) {
      LOG.warn("consent file {} line {}: row without subject ignored", file, csv.rowLine());
      return;
    }
    if (row.size() > header.size()) {
      LOG.warn("consent file {} line {}: {} extra values ignored", file, csv.rowLine(), row.size() - header.size());
    }
    Map<String, ConsentStatus> values = new LinkedHashMap<>();
    for (int i = 0; i < flags.size(); i++) {
      values.put(flags.get(i), ConsentValues.parse(i + 1 < row.size() ? row.get(i + 1) : ""));
    }
    rows.merge(subject, values, CsvConsentSource::leastPermissive);
  }

  private static Map<String, ConsentStatus> leastPermissive(
      Map<String, ConsentStatus> a, Map<String, ConsentStatus> b) {
    Map<String, ConsentStatus> merged = new LinkedHashMap<>(a);
    b.forEach((flag, status) -> merged.merge(flag, status, CsvConsentSource::stricter));
    return merged;
  }

  private static ConsentStatus stricter(ConsentStatus x, ConsentStatus y) {
    if (x == ConsentStatus.DENIED || y == ConsentStatus.DENIED) {
      return ConsentStatus.DENIED;
    }
    if (x == ConsentStatus.GRANTED || y == ConsentStatus.GRANTED) {
      return ConsentStatus.GRANTED;
    }
    return ConsentStatus.UNKNOWN;
  }

  @Override
  public String toString() {
    return "CsvConsentSource[" + file + "]";
  }

  private record Snapshot(
      FileTime modified, long size, List<String> flags,
      Map<String, Map<String, ConsentStatus>> rows) {}

  /** Minimal RFC 4180 reader: commas, double-quoted fields, doubled quotes, CRLF or LF. */
  static final class CsvReader {
    private final Reader in;
    private int line = 1;
    private int rowLine;
    private int pushback = -2;

    CsvReader(Reader in) throws IOException {
      this.in = in;
      int first = in.read();
      if (first != '\uFEFF') {
        pushback = first;
      }
    }

    int rowLine() {
      return rowLine;
    }

    /** The next row, or {@code null} at end of input. */
    List<String> next() throws IOException, MalformedCsvException {
      int c = read();
      if (c == -1) {
        return null;
      }
      rowLine = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean wasQuoted = false;
      while (true) {
        if (c == ',') {
          fields.add(finish(field, wasQuoted));
          field.setLength(0);
          wasQuoted = false;
        } else if (c == '\r' || c == '\n' || c == -1) {
          endOfLine(c);
          fields.add(finish(field, wasQuoted));
          return fields;
        } else if (c == '"' && !wasQuoted && field.toString().isBlank()) {
          field.setLength(0);
          wasQuoted = true;
          c = readQuoted(field);
          continue;
        } else if (wasQuoted && !Character.isWhitespace(c)) {
          throw new MalformedCsvException(
              "line " + rowLine + ": text after a closing quote; write \"\" for a quote inside a"
                  + " quoted value");
        } else if (!wasQuoted) {
          field.append((char) c);
        }
        c = read();
      }
    }

    /** Reads a quoted value after its opening quote; returns the character after the closing quote. */
    private int readQuoted(StringBuilder field) throws IOException, MalformedCsvException {
      while (true) {
        int c = read();
        if (c == -1) {
          throw new MalformedCsvException("line " + rowLine + ": a quoted value is not closed");
        }
        if (c == '"') {
          int d = read();
          if (d != '"') {
            return d;
          }
          field.append('"');
        } else {
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
      }
    }

    /** A row ends at \n, \r\n, \r or the end of input. */
    private void endOfLine(int c) throws IOException {
      if (c == '\r') {
        int d = read();
        if (d != '\n') {
          unread(d);
        }
      }
      if (c != -1) {
        line++;
      }
    }

    private static String finish(StringBuilder field, boolean wasQuoted) {
      return wasQuoted ? field.toString() : field.toString().trim();
    }

    private int read() throws IOException {
      if (pushback != -2) {
        int c = pushback;
        pushback = -2;
        return c;
      }
      return in.read();
    }

    private void unread(int c) {
      pushback = c;
    }

    static final class MalformedCsvException extends Exception {
      MalformedCsvException(String message) {
        super(message);
      }
    }
  }
}
