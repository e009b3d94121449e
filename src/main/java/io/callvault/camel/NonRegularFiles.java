package io.callvault.camel;

import io.callvault.catalog.SubjectKeys;
import io.callvault.ingest.DropFile;
import io.callvault.ingest.DropOutcomes;
import io.callvault.ingest.SidecarCache;
import io.callvault.ingest.Redaction;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a drop entry that is not a regular file: a symbolic link (to a file inside or
 * outside the drop, or to a directory), a FIFO, a socket, a device. It is never opened:
 * {@link DropProcessStrategy#begin} hands it here before Camel would download it. It is reported once
 * (a log line with its opaque ref, never its name; the catalog's quarantine list; the audit trail),
 * then the entry itself, never what it points to, is moved to the drop's {@code .quarantine/} with a
 * reason file. A refused sidecar makes its recording's metadata or payment windows unusable, so that recording
 * is quarantined too rather than stored without them. Entries whose names are unsafe ({@link
 * io.callvault.ingest.DropNames}) are refused here too.
 */
final class NonRegularFiles {
  private static final Logger LOG = LoggerFactory.getLogger(NonRegularFiles.class);

  private final DropOutcomes outcomes;
  private final SidecarCache sidecars;
  private final SubjectKeys refKeys;
  /** Refs reported and cataloged whose entry is still in the drop (its move failed, or is under way). */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final QuarantineMoves moves;

  private final DropSources sources;

  NonRegularFiles(DropOutcomes outcomes, SidecarCache sidecars, SubjectKeys refKeys, QuarantineMoves moves,
      DropSources sources) {
    this.outcomes = outcomes;
    this.sidecars = sidecars;
    this.refKeys = refKeys;
    this.moves = moves;
    this.sources = sources;
  }

  /** Reports and quarantines {@code file} without opening it; never throws (Camel would log the file name). */
  void refuse(GenericFileOperations<Object> ops, Exchange exchange, GenericFile<Object> file, String reason) {
    refuse(ops, exchange, file, reason, true);
  }

  /**
   * Reports {@code file} once, unopened, and moves it to quarantine when {@code move}; an entry whose name leaves
   * the drop ({@code ..}, an absolute path) is only reported, never touched: moving it would follow its name.
   */
  void refuse(GenericFileOperations<Object> ops, Exchange exchange, GenericFile<Object> file, String reason,
      boolean move) {
    String sourceId = DropFiles.sourceId(exchange);
    String ref = DropFiles.ref(refKeys, sourceId, file);
    io.callvault.source.PbxFormat format = sources.formatOf(exchange);
    if (DropFiles.kind(format, file) == io.callvault.source.PbxFormat.DropKind.SIDECAR) {
      sidecars.refuse(DropFiles.pairKey(format, file), file.getRelativeFilePath(), "sidecar " + reason);
    }
    if (reported.add(ref)) {
      try {
        outcomes.quarantine(new DropFile(sourceId, file.getRelativeFilePath(), ZoneOffset.UTC, ref), null, reason);
      } catch (RuntimeException e) {
        reported.remove(ref);
        LOG.warn("file {} is not a regular file and was not opened; its quarantine could not be cataloged ({});"
            + " it stays in the drop until the next poll", ref, Redaction.reason(e));
        return;
      }
    }
    if (!move) {
      return; // stays reported (once per run), never followed
    }
    if (moves.move(ops, file, ref, reason, java.util.Set.of())) {
      reported.remove(ref);
    }
  }
}
