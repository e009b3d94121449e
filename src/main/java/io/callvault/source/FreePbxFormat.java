package io.callvault.source;

import java.io.InputStream;
import java.time.ZoneId;
import java.util.List;

/**
 * FreePBX and Asterisk: {@code <type>-<to>-<from>-<YYYYMMDD>-<HHMMSS>-<uniqueid>.<ext>} (and one-touch
 * {@code auto-...}) under {@code YYYY/MM/DD/}, the {@code cdr_csv} {@code Master.csv}, and payment-window
 * sidecars {@code <recording>.json}. A recording never waits for its sidecar.
 */
public final class FreePbxFormat implements PbxFormat {
  public static final String NAME = "freepbx";
  static final String DESCRIPTION = "FreePBX / Asterisk call recordings (type-to-from-date-time-uniqueid names,"
      + " one-touch auto-...), Master.csv CDR, <recording>.json payment-window sidecars";
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
    return DESCRIPTION;
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

  /** {@code x.wav} and its sidecar {@code x.wav.json} share {@code x.wav}. */
  @Override
  public String pairKey(String relativePath) {
    return relativePath.endsWith(SIDECAR_SUFFIX)
        ? relativePath.substring(0, relativePath.length() - SIDECAR_SUFFIX.length()) : relativePath;
  }

  @Override
  public List<String> sidecarPaths(String recordingPath) {
    return List.of(recordingPath + SIDECAR_SUFFIX);
  }

  @Override
  public Recording identify(Identification f) throws UnidentifiableRecordingException {
    return new RecordingIdentifier(numbers, f.pbxZone(), f.keyedDigest())
        .identify(f.sourceId(), f.relativePath(), cdrIndex(f.cdrs()));
  }

  @Override
  public CdrRecord cdrRecord(String relativePath, ZoneId pbxZone, CallIndex cdrs) {
    try {
      return cdrIndex(cdrs).lookup(FreePbxFileName.parse(relativePath), pbxZone).orElse(null);
    } catch (UnidentifiableRecordingException e) {
      return null;
    }
  }

  private static CdrIndex cdrIndex(CallIndex cdrs) {
    return cdrs instanceof CdrIndex index ? index : CdrIndex.empty();
  }
}
