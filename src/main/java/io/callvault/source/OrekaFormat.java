package io.callvault.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Oreka (OrkAudio, OrkTrack): recordings at {@code yyyy/MM/dd/hh/yyyyMMdd_hhmmss_<trackingId>.<ext>} (the
 * start in the PBX's local time, then OrkAudio's tracking id), their metadata in a CSV export of OrkTrack's
 * recordings in the drop (a header row, one row per recording; the file name matches {@code export-file},
 * default {@code .*\.csv}). A row is found by its {@code match} column (default {@code recid}), whose value is
 * the recording's name without extension ({@code 20081116_190128_KUU}) or its tracking id. Columns are named
 * after OrkTrack's tape fields by default ({@code duration}, {@code direction} in/out/unkn, {@code localparty},
 * {@code remoteparty}); map others with {@code fields.<field>} ({@code local-party}, {@code remote-party},
 * {@code duration}, {@code direction}, {@code queue}, {@code case-id}). A recording whose row has not arrived
 * waits for it, up to callvault.pairing.wait.
 */
public final class OrekaFormat implements PbxFormat {
  public static final String NAME = "oreka";
  static final String DESCRIPTION = "Oreka / OrkAudio: yyyy/MM/dd/hh/yyyyMMdd_hhmmss_<trackingId>.<ext>, metadata"
      + " from an OrkTrack CSV export in the drop (columns mapped in formatConfig)";
  static final String LOCAL = "local-party";
  static final String REMOTE = "remote-party";
  private static final Pattern NAME_RE = Pattern.compile("(\\d{8})_(\\d{6})_([A-Za-z0-9]{1,64})\\.([A-Za-z0-9]{1,5})");
  private static final Map<String, String> DEFAULTS = Map.of("match", "recid", "export-file", ".*\\.csv",
      "fields.duration", "duration", "fields.direction", "direction", "fields." + LOCAL, "localparty",
      "fields." + REMOTE, "remoteparty");

  private final FieldMap fields;
  private final String match;
  private final Pattern exportFile;
  private final MetadataRecording recordings;

  public OrekaFormat(PbxFormats.Setup setup) {
    FormatOptions options = setup.options().over(new FormatOptions("defaults", DEFAULTS))
        .over(new FormatOptions("defaults", Map.of("start-format", "yyyyMMdd_HHmmss")));
    List<String> allowed = List.of(LOCAL, REMOTE, CallFields.DURATION, CallFields.DIRECTION, CallFields.QUEUE,
        CallFields.CASE_ID);
    this.fields = new FieldMap(FieldMap.Kind.CSV, options, allowed);
    this.match = options.get("match", "recid");
    try {
      this.exportFile = Pattern.compile(options.get("export-file", ".*\\.csv"));
    } catch (PatternSyntaxException e) {
      throw new FormatOptions.FormatConfigException(options.origin() + ": export-file is not a regular expression");
    }
    this.recordings = new MetadataRecording(setup.numbers(), options);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return DESCRIPTION;
  }

  @Override
  public DropKind kind(String relativePath) {
    return exportFile.matcher(relativePath.substring(relativePath.lastIndexOf('/') + 1)).matches()
        ? DropKind.CDR : DropKind.RECORDING;
  }

  @Override
  public CallIndex readCdr(InputStream in) throws IOException {
    int[] skipped = new int[1];
    List<Map<String, String>> rows = Csv.rows(new String(in.readAllBytes(), StandardCharsets.UTF_8), skipped);
    Map<String, CallFields> byKey = new HashMap<>();
    for (Map<String, String> row : rows) {
      String key = row.get(match);
      if (key != null && !key.isBlank()) {
        byKey.put(key.strip(), fields.row(row));
      }
    }
    return new Export(byKey, rows.size(), skipped[0]);
  }

  /** An OrkTrack CSV export: the rows by their match column. */
  record Export(Map<String, CallFields> byKey, long rows, int malformedCount) implements CallIndex {}

  @Override
  public Recording identify(Identification f) throws UnidentifiableRecordingException {
    String name = f.relativePath().substring(f.relativePath().lastIndexOf('/') + 1);
    Matcher m = NAME_RE.matcher(name);
    if (!m.matches()) {
      throw new UnidentifiableRecordingException("file name does not match the Oreka pattern"
          + " yyyyMMdd_hhmmss_<trackingId>.<ext>");
    }
    String base = m.group(1) + "_" + m.group(2) + "_" + m.group(3);
    Map<String, CallFields> rows = f.cdrs() instanceof Export e ? e.byKey() : Map.of();
    CallFields row = rows.getOrDefault(base, rows.get(m.group(3)));
    if (row == null) {
      throw new MetadataPendingException("its row in the Oreka CSV export has not arrived");
    }
    return recordings.build(f.sourceId(), f.relativePath(), f.pbxZone(), call(base, m.group(1) + "_" + m.group(2), row));
  }

  /** The row's local and remote party as caller and callee, by the call's direction. */
  private static CallFields call(String base, String start, CallFields row) {
    String direction = row.get(CallFields.DIRECTION);
    boolean outbound = direction != null && direction.toLowerCase(java.util.Locale.ROOT).startsWith("out");
    Map<String, String> f = new LinkedHashMap<>();
    f.put(CallFields.CALL_REFERENCE, base);
    f.put(CallFields.START, start);
    f.put(CallFields.DURATION, row.get(CallFields.DURATION));
    f.put(CallFields.DIRECTION, direction);
    f.put(CallFields.CALLER_NUMBER, outbound ? row.get(LOCAL) : row.get(REMOTE));
    f.put(CallFields.CALLEE_NUMBER, outbound ? row.get(REMOTE) : row.get(LOCAL));
    f.put(CallFields.AGENT, row.get(LOCAL));
    f.put(CallFields.QUEUE, row.get(CallFields.QUEUE));
    f.put(CallFields.CASE_ID, row.get(CallFields.CASE_ID));
    return new CallFields(f);
  }
}
