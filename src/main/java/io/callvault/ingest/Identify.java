package io.callvault.ingest;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.SubjectKeys;
import io.callvault.source.Recording;
import io.callvault.source.UnidentifiableRecordingException;

/**
 * The identify step: what recording a drop file holds, by its source's format, with the drop's CDR and the
 * recording's sidecar, and which copies of it the catalog already has.
 */
public final class Identify {
  private final Catalog catalog;
  private final SubjectKeys keys;
  private final CdrCache cdrs;
  private final SidecarCache sidecars;

  public Identify(Catalog catalog, SubjectKeys keys, CdrCache cdrs, SidecarCache sidecars) {
    this.catalog = catalog;
    this.keys = keys;
    this.cdrs = cdrs;
    this.sidecars = sidecars;
  }

  /** @throws BadFileException when the file cannot be identified */
  public void identify(Ingest in) throws BadFileException {
    DropFile f = in.file();
    in.cdrs(cdrs.index(in.dropKey()));
    Recording recording;
    try {
      recording = in.format().identify(f.sourceId(), f.relativePath(), f.pbxZone(), in.cdrs(), keys::keyOf);
    } catch (UnidentifiableRecordingException e) {
      throw new BadFileException("cannot identify: " + e.getMessage(), e);
    }
    in.identified(recording, in.format().cdrRecord(f.relativePath(), f.pbxZone(), in.cdrs()),
        catalog.copiesOf(recording.id()));
    SidecarCache.Windows side = sidecars.take(SidecarCache.recordingKey(in.dropKey(), f.relativePath()));
    if (side != null) {
      in.sidecar(side.windows(), side.problem());
    }
  }
}
