package io.callvault.camel;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.remote.RemoteFile;

/** Names and places in a PBX drop, shared by the filter, the sorter, the processor and the strategy. */
final class DropFiles {
  /** Directory, under the drop directory, that holds quarantined files and their reason files. */
  static final String QUARANTINE_DIR = ".quarantine";
  static final String REASON_SUFFIX = ".reason.txt";
  static final String CDR_FILE = "Master.csv";

  private DropFiles() {}

  /** Identifies one drop (host and directory), e.g. for its CDR cache. */
  static String dropKey(GenericFile<?> file) {
    String host = file instanceof RemoteFile<?> remote ? remote.getHostname() : "local";
    return host + ":" + file.getEndpointPath();
  }

  /** A recording's sidecar: {@code <recording file name>.json} next to it. */
  static final String SIDECAR_SUFFIX = ".json";

  static boolean isSidecar(GenericFile<?> file) {
    return file.getFileNameOnly().endsWith(SIDECAR_SUFFIX);
  }

  /** Key of a recording in its drop, shared by the recording and its sidecar. */
  static String recordingKey(GenericFile<?> file) {
    String rel = file.getRelativeFilePath();
    if (isSidecar(file)) {
      rel = rel.substring(0, rel.length() - SIDECAR_SUFFIX.length());
    }
    return dropKey(file) + "|" + rel;
  }

  static boolean isCdr(GenericFile<?> file) {
    return CDR_FILE.equals(file.getFileNameOnly());
  }

  /** Where a file goes in quarantine: below the drop directory, keeping its relative path. */
  static String quarantinePath(GenericFile<?> file) {
    String base = file.getEndpointPath() == null ? "" : file.getEndpointPath();
    String rel = file.getRelativeFilePath();
    String joined = (base.isEmpty() || base.equals(".") ? "" : base + "/") + QUARANTINE_DIR + "/" + rel;
    return joined.replaceAll("/{2,}", "/");
  }
}
