package io.callvault.source;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a PBX's drop holds and how to read it: which files are recordings, drop-wide call records or per-call
 * sidecars, which sidecar belongs to which recording, and what recording a file is. One implementation per
 * recorder family, chosen by the PBX source's {@code format} parameter (routes/pbx-*.camel.yaml) and set up with
 * its {@code formatConfig} file, through {@link PbxFormats}.
 */
public interface PbxFormat {

  /** What a file in a drop is. */
  enum DropKind {
    /** Audio of one call. */
    RECORDING,
    /** The drop's call records, one file for many calls (Asterisk's Master.csv, an Oreka CSV export). */
    CDR,
    /** Metadata of one recording next to it (an Avaya or SIPREC XML file, FreePBX payment windows). */
    SIDECAR
  }

  /** The name used in the source's {@code format} parameter, e.g. {@code freepbx}. */
  String name();

  /** One line for {@code check-config}: which recorders write this format. */
  String description();

  /** What the file at {@code relativePath} (below the drop directory) is. */
  DropKind kind(String relativePath);

  /** Reads the drop's call records to their end; does not close {@code in}. */
  CallIndex readCdr(InputStream in) throws IOException;

  /**
   * The key a recording and its sidecar share (by default the path without its extension: {@code a/b.wav} and
   * {@code a/b.xml} pair). Sidecars and recordings arrive in any order; the one that comes first waits.
   */
  default String pairKey(String relativePath) {
    int slash = relativePath.lastIndexOf('/');
    int dot = relativePath.lastIndexOf('.');
    return dot > slash + 1 ? relativePath.substring(0, dot) : relativePath;
  }

  /** True when a recording cannot be identified without its sidecar: it waits for it (up to callvault.pairing.wait). */
  default boolean needsSidecar() {
    return false;
  }

  /** The paths a recording's sidecar may have: it leaves the drop (or goes to quarantine) with its recording. */
  default List<String> sidecarPaths(String recordingPath) {
    return List.of();
  }

  /**
   * What a sidecar says about its call; {@link CallFields#EMPTY} when it carries no call metadata (FreePBX's
   * payment windows, read by the ingest).
   *
   * @param content the whole sidecar (small: the ingest refuses sidecars over 1 MiB)
   * @throws UnidentifiableRecordingException when it cannot be read (its recording is then quarantined)
   */
  default CallFields readSidecar(String relativePath, byte[] content) throws UnidentifiableRecordingException {
    return CallFields.EMPTY;
  }

  /**
   * The recording a drop file holds.
   *
   * @throws MetadataPendingException when its metadata has not arrived yet (it waits in the drop)
   * @throws UnidentifiableRecordingException when the file cannot be identified; it is quarantined
   */
  Recording identify(Identification file) throws UnidentifiableRecordingException;

  /** The FreePBX call-detail record of a recording file (payment windows, case id), or null. */
  default CdrRecord cdrRecord(String relativePath, ZoneId pbxZone, CallIndex cdrs) {
    return null;
  }

  /**
   * One drop file to identify, with what its drop and sidecar say.
   *
   * @param cdrs the drop's call records, read by this format ({@link CallIndex#EMPTY} when there are none yet)
   * @param sidecar what the file's sidecar says ({@link CallFields#EMPTY} without one)
   * @param keyedDigest a keyed digest (hex) for ids that must be derived from the parties (phone numbers)
   */
  record Identification(String sourceId, String relativePath, ZoneId pbxZone, CallIndex cdrs, CallFields sidecar,
      UnaryOperator<String> keyedDigest) {}
}
