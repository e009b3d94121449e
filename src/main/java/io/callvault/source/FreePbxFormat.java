package io.callvault.source;

import java.io.InputStream;
import java.time.ZoneId;
import java.util.function.UnaryOperator;

/**
 * FreePBX and Asterisk: {@code <type>-<to>-<from>-<YYYYMMDD>-<HHMMSS>-<uniqueid>.<ext>} (and one-touch
 * {@code auto-...}) under {@code YYYY/MM/DD/}, the {@code cdr_csv} {@code Master.csv}, and payment-window
 * sidecars {@code <recording>.json}.
 */
public final class FreePbxFormat implements PbxFormat {
  public static final String NAME = "freepbx";
  static final String CDR_FILE = "Master.csv";
  static final String SIDECAR_SUFFIX = ".json";

  private final PhoneNumbers numbers;

  public FreePbxFormat(PhoneNumbers numbers) {
    this.numbers = numbers;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "FreePBX / Asterisk call recordings (type-to-from-date-time-uniqueid names, one-touch auto-...),"
        + " Master.csv CDR, <recording>.json payment-window sidecars";
  }

  @Override
  public DropKind kind(String relativePath) {
    String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
    return name.equals(CDR_FILE) ? DropKind.CDR : name.endsWith(SIDECAR_SUFFIX) ? DropKind.SIDECAR : DropKind.RECORDING;
  }

  @Override
  public CdrIndex readCdr(InputStream in) {
    return CdrIndex.parse(in);
  }

  @Override
  public Recording identify(String sourceId, String relativePath, ZoneId pbxZone, CdrIndex cdrs,
      UnaryOperator<String> keyedDigest) throws UnidentifiableRecordingException {
    return new RecordingIdentifier(numbers, pbxZone, keyedDigest).identify(sourceId, relativePath, cdrs);
  }

  @Override
  public CdrRecord cdrRecord(String relativePath, ZoneId pbxZone, CdrIndex cdrs) {
    try {
      return cdrs.lookup(FreePbxFileName.parse(relativePath), pbxZone).orElse(null);
    } catch (UnidentifiableRecordingException e) {
      return null;
    }
  }
}
