package io.callvault.ingest;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.ColumnSizes;
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
  private final BadInputs counts;

  public Identify(Catalog catalog, SubjectKeys keys, CdrCache cdrs, SidecarCache sidecars, PhoneNumbers numbers,
      BadInputs counts) {
    this.catalog = catalog;
    this.keys = keys;
    this.cdrs = cdrs;
    this.sidecars = sidecars;
    this.numbers = numbers;
    this.counts = counts;
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
    checkFitsTheCatalog(f.relativePath(), recording);
    in.identified(recording, format.cdrRecord(f.relativePath(), f.pbxZone(), in.cdrs()),
        catalog.copiesOf(recording.id()));
    if (in.cdrRecord() == null) {
      in.cdrs().malformedLineOf(recording.uniqueId()).ifPresent(line -> withoutCdr(in, line));
    }
    if (numbers.notNormalised(recording.subject())) {
      LOG.warn("recording {} ({}): the customer's number is not a full number in region {} (callvault.default-region);"
          + " it is looked up and cataloged as written", recording.id(), f.ref(), numbers.region());
    }
  }

  /** The call's CDR row is there but cannot be read: the recording goes on without CDR data, and says so. */
  private void withoutCdr(Ingest in, long line) {
    counts.add(BadInputs.RECORDING_WITHOUT_CDR, 1);
    in.cdrProblem("without CDR data: its row in the CDR file (line " + line + ") cannot be read");
    LOG.warn("recording {} ({}) is ingested without CDR data (duration, disposition, payment windows, case id): its"
        + " row in the CDR file, line {}, cannot be read", in.recording().id(), in.getRef(), line);
  }

  /**
   * What the catalog keeps of the file name must fit its columns, and be text: refused here, before anything is
   * uploaded, rather than failing the catalog commit after the copies were stored. The reasons name lengths,
   * never the name's content (it holds phone numbers).
   */
  static void checkFitsTheCatalog(String relativePath, Recording r) throws BadFileException {
    String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
    if (name.codePoints().anyMatch(Character::isISOControl)) {
      throw new BadFileException("the file name contains control characters (a line break, a tab...);"
          + " rename it without them");
    }
    if (r.uniqueId().length() > ColumnSizes.UNIQUE_ID) {
      throw new BadFileException("the uniqueid in the file name is " + r.uniqueId().length() + " characters long;"
          + " the catalog keeps at most " + ColumnSizes.UNIQUE_ID + ": rename it with the PBX's uniqueid");
    }
    if (CatalogStep.queue(r) != null && CatalogStep.queue(r).length() > ColumnSizes.QUEUE) {
      throw new BadFileException("the queue or ring group in the file name is " + CatalogStep.queue(r).length()
          + " characters long; the catalog keeps at most " + ColumnSizes.QUEUE);
    }
  }
}
