package io.callvault.employees;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The employee directory as a CSV file (UTF-8) with a header
 * {@code extension,employee,valid_from,valid_to[,source]}: who held an extension from {@code valid_from}
 * (inclusive) to {@code valid_to} (exclusive). Dates are ISO days ({@code 2024-03-01}, midnight UTC) or
 * instants ({@code 2024-03-01T08:00:00Z}); an empty one is open-ended. An empty or absent {@code source}
 * applies to every PBX source. Two rows that give one extension of one source to two employees at the same time
 * are refused. The file is read again when its modification time or size changes; a file that became unreadable
 * or invalid makes the directory unavailable (recordings wait in the drop) until it is fixed.
 */
public final class CsvEmployeeDirectory implements EmployeeDirectory {
  private static final List<String> REQUIRED = List.of("extension", "employee", "valid_from", "valid_to");

  /** One tenure of an extension. */
  record Tenure(String source, String extension, String employee, Instant from, Instant to) {
    boolean covers(String sourceId, String ext, Instant at) {
      return extension.equals(ext) && (source.isEmpty() || source.equals(sourceId))
          && (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
    }

    boolean overlaps(Tenure o) {
      return extension.equals(o.extension) && (source.isEmpty() || o.source.isEmpty() || source.equals(o.source))
          && (to == null || o.from == null || o.from.isBefore(to)) && (o.to == null || from == null || from.isBefore(o.to));
    }
  }

  private record Snapshot(Object modified, long size, List<Tenure> tenures) {}

  private final Path file;
  private Snapshot snapshot;

  /** Reads the file now, so that a bad file stops the start. @throws ConfigException naming each bad line */
  public CsvEmployeeDirectory(Path file) {
    this.file = file;
    try {
      current();
    } catch (DirectoryUnavailableException e) {
      throw new ConfigException(List.of(new ConfigProblem(file.toString(), "", e.getMessage(),
          "write a header 'extension,employee,valid_from,valid_to,source' and one row per tenure of an extension")));
    }
  }

  @Override
  public Optional<String> employeeAt(String sourceId, String extension, Instant at)
      throws DirectoryUnavailableException {
    String ext = extension.strip();
    return current().tenures().stream().filter(t -> t.covers(sourceId, ext, at)).map(Tenure::employee).findFirst();
  }

  private synchronized Snapshot current() throws DirectoryUnavailableException {
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      if (snapshot == null || !snapshot.modified().equals(attrs.lastModifiedTime()) || snapshot.size() != attrs.size()) {
        snapshot = new Snapshot(attrs.lastModifiedTime(), attrs.size(),
            parse(Files.readString(file, StandardCharsets.UTF_8)));
      }
      return snapshot;
    } catch (IOException e) {
      throw new DirectoryUnavailableException("employee directory " + file + " cannot be read ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** The tenures of the file's text. @throws DirectoryUnavailableException naming the first bad line */
  static List<Tenure> parse(String text) throws DirectoryUnavailableException {
    List<Map<String, String>> rows = new ArrayList<>();
    int[] skipped = new int[1];
    rows.addAll(io.callvault.source.Csv.rows(text, skipped));
    if (skipped[0] > 0) {
      throw new DirectoryUnavailableException(skipped[0] + " line(s) have not as many fields as the header");
    }
    List<Tenure> tenures = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> row = rows.get(i);
      String line = "data row " + (i + 1);
      for (String column : REQUIRED) {
        if (!row.containsKey(column)) {
          throw new DirectoryUnavailableException("the header has no column '" + column + "'");
        }
      }
      if (row.get("extension").isBlank() || row.get("employee").isBlank()) {
        throw new DirectoryUnavailableException(line + ": extension and employee must not be empty");
      }
      Tenure t = new Tenure(row.getOrDefault("source", "").strip(), row.get("extension").strip(),
          row.get("employee").strip(), time(row.get("valid_from"), line), time(row.get("valid_to"), line));
      if (t.from() != null && t.to() != null && !t.from().isBefore(t.to())) {
        throw new DirectoryUnavailableException(line + ": valid_from is not before valid_to");
      }
      for (int j = 0; j < tenures.size(); j++) {
        if (tenures.get(j).overlaps(t)) {
          throw new DirectoryUnavailableException(line + " and data row " + (j + 1) + " give the same extension to"
              + " two employees at the same time; end the first tenure (valid_to) where the second begins");
        }
      }
      tenures.add(t);
    }
    return List.copyOf(tenures);
  }

  private static Instant time(String value, String line) throws DirectoryUnavailableException {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) {
      return null;
    }
    try {
      return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new DirectoryUnavailableException(line + ": '" + v + "' is not a day (2024-03-01) or an instant"
          + " (2024-03-01T08:00:00Z)");
    }
  }
}
