package io.callvault.ingest;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.SubjectKeys;
import io.callvault.source.CallFields;
import io.callvault.source.MetadataPendingException;
import io.callvault.source.PbxFormat;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.Recording;
import io.callvault.source.UnidentifiableRecordingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identify step: what recording a drop file holds, by its source's format, with the drop's call records and
 * the recording's sidecar, and which copies of it the catalog already has. A recording whose metadata has not
 * arrived is marked as waiting ({@link Ingest#isAwaitingPair()}): the route keeps it in the drop.
 */
public final class Identify {
  private static final Logger LOG = LoggerFactory.getLogger(Identify.class);
  private final Catalog catalog;
  private final SubjectKeys keys;
  private final CdrCache cdrs;
  private final SidecarCache sidecars;
  private final PhoneNumbers numbers;

  public Identify(Catalog catalog, SubjectKeys keys, CdrCache cdrs, SidecarCache sidecars, PhoneNumbers numbers) {
    this.catalog = catalog;
    this.keys = keys;
    this.cdrs = cdrs;
    this.sidecars = sidecars;
    this.numbers = numbers;
  }

  /** @throws BadFileException when the file cannot be identified */
  public void identify(Ingest in) throws BadFileException {
    DropFile f = in.file();
    PbxFormat format = in.format();
    in.cdrs(cdrs.index(in.dropKey()));
    SidecarCache.Entry side = sidecars.take(SidecarCache.key(in.dropKey(), format.pairKey(f.relativePath())));
    if (side != null) {
      in.sidecar(side);
    }
    if (side != null && side.problem() != null && format.needsSidecar()) {
      throw new BadFileException("cannot identify: its metadata sidecar is unusable: " + side.problem());
    }
    Recording recording;
    try {
      recording = format.identify(new PbxFormat.Identification(f.sourceId(), f.relativePath(), f.pbxZone(),
          in.cdrs(), side == null ? CallFields.EMPTY : side.fields(), keys::keyOf));
    } catch (MetadataPendingException e) {
      in.awaiting(e.getMessage());
      return;
    } catch (UnidentifiableRecordingException e) {
      throw new BadFileException("cannot identify: " + e.getMessage(), e);
    }
    in.identified(recording, format.cdrRecord(f.relativePath(), f.pbxZone(), in.cdrs()),
        catalog.copiesOf(recording.id()));
    if (numbers.notNormalised(recording.subject())) {
      LOG.warn("recording {} ({}): the customer's number is not a full number in region {} (callvault.default-region);"
          + " it is looked up and cataloged as written", recording.id(), f.ref(), numbers.region());
    }
  }
}
