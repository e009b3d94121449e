package io.callvault.camel;

import io.callvault.ingest.Disposition;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.strategy.GenericFileProcessStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out, on the drop server, the {@link Disposition} the ingest decided: delete the source
 * only when it is DONE, leave it on KEEP (or when nothing was decided), move it to the quarantine
 * directory with a reason file on QUARANTINE. A failed exchange leaves the file where it is. When hubs share a
 * PostgreSQL catalog, a recording is claimed first ({@link DropClaims}, the read lock) and its claim is released
 * after its outcome, whatever it is.
 */
public final class DropProcessStrategy extends GenericFileProcessStrategySupport<Object> {
  static final String DISPOSITION = "callvault.disposition";
  static final String REASON = "callvault.reason";
  static final String FILE_REF = "callvault.fileRef";
  /** The drop's file operations (its SFTP session), for telling a refused file from a lost connection. */
  static final String OPERATIONS = "callvault.dropOperations";
  private static final Logger LOG = LoggerFactory.getLogger(DropProcessStrategy.class);

  private final NonRegularFiles nonRegular;
  private final ReturnedFiles returned;
  private final QuarantineMoves moves;
  private final HiddenFiles hidden;
  private final java.util.function.BooleanSupplier storesUp;
  private final DropSources sources;

  DropProcessStrategy(NonRegularFiles nonRegular, ReturnedFiles returned, QuarantineMoves moves, HiddenFiles hidden,
      java.util.function.BooleanSupplier storesUp, DropSources sources) {
    this.nonRegular = nonRegular;
    this.returned = returned;
    this.moves = moves;
    this.hidden = hidden;
    this.storesUp = storesUp;
    this.sources = sources;
  }

  /** Each PBX source's drop, for the census of its hidden files (run by {@link DropPollStrategy}). */
  @Override
  public void prepareOnStartup(GenericFileOperations<Object> ops, GenericFileEndpoint<Object> endpoint)
      throws Exception {
    super.prepareOnStartup(ops, endpoint);
    if (hidden != null) {
      hidden.drop(endpoint, ops);
    }
  }

  /**
   * The last gate before Camel opens a drop file: an entry that is not a regular file (a symbolic
   * link, a FIFO...) is quarantined here, unopened, and Camel neither downloads it nor runs the route.
   * A regular file that was quarantined before and is back (moved back by the operator) is released first,
   * so that it gets its full number of attempts again. When S3 or the catalog went down during this poll (the
   * files were listed while they were up), or the connection to the drop broke, the poll's remaining files are not
   * begun: they wait in the drop, unopened and uncounted, instead of each waiting for the dependency to time out
   * or failing (and being logged) on the dead connection; the next poll reconnects.
   */
  @Override
  public boolean begin(GenericFileOperations<Object> ops, GenericFileEndpoint<Object> endpoint, Exchange exchange,
      GenericFile<Object> file) throws Exception {
    exchange.setProperty(OPERATIONS, ops);
    boolean cdr = DropFiles.kind(sources.formatOf(exchange), file) == io.callvault.source.PbxFormat.DropKind.CDR;
    if (!cdr && !storesUp.getAsBoolean()
        || ops instanceof org.apache.camel.component.file.remote.RemoteFileOperations<?> remote && !remote.isConnected()) {
      return false;
    }
    if (!super.begin(ops, endpoint, exchange, file)) {
      return false; // claimed by another hub sharing the catalog (DropClaims), or the claim cannot be made now
    }
    String unsafeName = io.callvault.ingest.DropNames.unsafe(file.getRelativeFilePath());
    if (unsafeName != null) {
      nonRegular.refuse(ops, exchange, file, unsafeName, io.callvault.ingest.DropNames.movable(file.getRelativeFilePath()));
      return false;
    }
    String notRegular = DropFiles.notRegular(file);
    if (notRegular == null) {
      if (moves.retryStuck(ops, exchange, file)) {
        return false; // quarantined already; only its move had failed
      }
      return returned == null || returned.admit(exchange, file);
    }
    nonRegular.refuse(ops, exchange, file, notRegular);
    return false;
  }

  @Override
  public void rollback(GenericFileOperations<Object> ops, GenericFileEndpoint<Object> endpoint, Exchange exchange,
      GenericFile<Object> file) throws Exception {
    closeIngest(exchange);
    super.rollback(ops, endpoint, exchange, file);
  }

  /** The ciphertext temp files of the file's ingest are deleted, whatever happened. */
  private static void closeIngest(Exchange exchange) {
    io.callvault.ingest.Ingest ingest = exchange.getProperty(ClaimedFiles.INGEST, io.callvault.ingest.Ingest.class);
    if (ingest != null) {
      ingest.close();
    }
  }

  /** Carries out the file's outcome, then releases its claim (several hubs): last, once the outcome is done. */
  @Override
  public void commit(GenericFileOperations<Object> ops, GenericFileEndpoint<Object> endpoint, Exchange exchange,
      GenericFile<Object> file) throws Exception {
    try {
      carryOut(ops, exchange, file);
    } finally {
      if (exclusiveReadLockStrategy != null) {
        exclusiveReadLockStrategy.releaseExclusiveReadLockOnCommit(ops, file, exchange);
      }
    }
  }

  private void carryOut(GenericFileOperations<Object> ops, Exchange exchange, GenericFile<Object> file) {
    closeIngest(exchange);
    ops.releaseRetrievedFileResources(exchange);
    Disposition disposition = exchange.getProperty(DISPOSITION, Disposition.KEEP, Disposition.class);
    String ref = exchange.getProperty(FILE_REF, "?", String.class);
    switch (disposition) {
      case DONE -> {
        if (!ops.deleteFile(file.getAbsoluteFilePath()) && ops.existsFile(file.getAbsoluteFilePath())) {
          LOG.warn("file {} is done but could not be deleted from the drop; the next poll retries", ref);
        }
        for (String sidecar : sidecarsOf(exchange, file)) {
          if (ops.existsFile(DropFiles.inDrop(file, sidecar))) {
            ops.deleteFile(DropFiles.inDrop(file, sidecar));
          }
        }
      }
      case KEEP -> LOG.debug("file {} stays in the drop", ref);
      case QUARANTINE -> moves.move(ops, file, ref, exchange.getProperty(REASON, "no reason recorded", String.class),
          sidecarsOf(exchange, file));
      default -> throw new IllegalStateException("unknown disposition " + disposition);
    }
  }

  /** The sidecars that leave the drop with a recording: the one it paired with and those its format names. */
  private java.util.Set<String> sidecarsOf(Exchange exchange, GenericFile<Object> file) {
    io.callvault.ingest.Ingest ingest = exchange.getProperty(ClaimedFiles.INGEST, io.callvault.ingest.Ingest.class);
    io.callvault.source.PbxFormat format = ingest != null ? ingest.format() : sources.formatOf(exchange);
    if (DropFiles.kind(format, file) != io.callvault.source.PbxFormat.DropKind.RECORDING) {
      return java.util.Set.of();
    }
    java.util.Set<String> paths = new java.util.LinkedHashSet<>(format.sidecarPaths(file.getRelativeFilePath()));
    if (ingest != null && ingest.getSidecarPath() != null) {
      paths.add(ingest.getSidecarPath());
    }
    return paths;
  }
}
