package io.callvault.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CSV with a header row (as recorders export it), split with the CDR reader's quoting rules; bad lines skipped. */
public final class Csv {
  private Csv() {}

  /** Rows by column name; {@code skipped}, when given, counts the lines that could not be read. */
  public static List<Map<String, String>> rows(String text, int[] skipped) {
    String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n");
    List<Map<String, String>> rows = new ArrayList<>();
    List<String> header = null;
    for (String raw : lines) {
      String line = header == null && raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = CdrIndex.splitCsv(line);
      if (header == null) {
        header = cells == null ? List.of() : cells.stream().map(String::strip).toList();
      } else if (cells == null || cells.size() != header.size()) {
        skipped[0]++;
      } else {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
          row.put(header.get(i), cells.get(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  public static List<Map<String, String>> rows(String text) {
    return rows(text, new int[1]);
  }
}
