package io.callvault.source;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;

/**
 * What a PBX's drop holds and how to read it: which files are recordings, call-detail records or sidecars,
 * and what recording a file is. One implementation per recorder family, chosen by the PBX source's
 * {@code format} parameter (routes/pbx-*.camel.yaml) through {@link PbxFormats}.
 */
public interface PbxFormat {

  /** What a file in a drop is. */
  enum DropKind {
    /** Audio of one call. */
    RECORDING,
    /** The drop's call-detail records (for example Asterisk's Master.csv). */
    CDR,
    /** Per-recording metadata next to it ({@code <recording>.json} payment windows). */
    SIDECAR
  }

  /** The name used in the source's {@code format} parameter, e.g. {@code freepbx}. */
  String name();

  /** One line for {@code check-config}: which recorders write this format. */
  String description();

  /** What the file at {@code relativePath} (below the drop directory) is. */
  DropKind kind(String relativePath);

  /** Reads the drop's call-detail records to their end; does not close {@code in}. */
  CdrIndex readCdr(InputStream in) throws IOException;

  /**
   * The recording a drop file holds.
   *
   * @param cdrs the drop's call-detail records (empty when it has none yet)
   * @param keyedDigest a keyed digest (hex) for ids that must be derived from the parties (phone numbers)
   * @throws UnidentifiableRecordingException when the file cannot be identified; it is quarantined
   */
  Recording identify(String sourceId, String relativePath, ZoneId pbxZone, CdrIndex cdrs,
      java.util.function.UnaryOperator<String> keyedDigest) throws UnidentifiableRecordingException;

  /** The call-detail record of a recording file (payment windows, case id), or null. */
  CdrRecord cdrRecord(String relativePath, ZoneId pbxZone, CdrIndex cdrs);
}
