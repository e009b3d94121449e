package io.callvault.ingest;

import java.time.ZoneId;

/**
 * A file claimed from a PBX drop.
 *
 * @param sourceId the PBX source (route template parameter {@code sourceId})
 * @param relativePath path below the drop directory, e.g. {@code 2024/03/15/in-...wav}; holds
 *     phone numbers, so it is never logged or cataloged (use {@link #ref})
 * @param pbxZone time zone the PBX writes its local times in
 * @param ref opaque, keyed reference of this file, safe for logs and the catalog
 * @param sidecarWindows payment windows from the recording's sidecar file (empty when none)
 * @param sidecarProblem why the recording's sidecar cannot be used, or null; such a recording is
 *     quarantined rather than stored with its payment windows unmasked
 */
public record DropFile(String sourceId, String relativePath, ZoneId pbxZone, String ref,
    java.util.List<io.callvault.audio.MarkedInterval> sidecarWindows, String sidecarProblem) {

  public DropFile {
    sidecarWindows = sidecarWindows == null ? java.util.List.of() : java.util.List.copyOf(sidecarWindows);
  }

  /** A file without sidecar. */
  public DropFile(String sourceId, String relativePath, ZoneId pbxZone, String ref) {
    this(sourceId, relativePath, pbxZone, ref, java.util.List.of(), null);
  }
}
