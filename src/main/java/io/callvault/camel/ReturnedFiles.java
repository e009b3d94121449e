package io.callvault.camel;

import io.callvault.catalog.SubjectKeys;
import io.callvault.ingest.QuarantineReturns;
import io.callvault.ingest.Redaction;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts {@link QuarantineReturns} to a claimed drop file: a file that comes back from quarantine (same
 * source and path, so the same ref) is released before it is processed. When the catalog cannot be asked,
 * the file is left in the drop until the next poll rather than processed with a stale failure count; when it
 * cannot be reached, the catalog is marked down, so that the poll's other files wait too (logged once).
 */
final class ReturnedFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ReturnedFiles.class);

  private final QuarantineReturns returns;
  private final SubjectKeys refKeys;
  private final io.callvault.health.Dependencies dependencies;
  private final DropSources sources;

  ReturnedFiles(QuarantineReturns returns, SubjectKeys refKeys, io.callvault.health.Dependencies dependencies,
      DropSources sources) {
    this.returns = returns;
    this.refKeys = refKeys;
    this.dependencies = dependencies;
    this.sources = sources;
  }

  /** True when the file may be processed now; never throws (Camel would log the file name). */
  boolean admit(Exchange exchange, GenericFile<Object> file) {
    if (DropFiles.kind(sources.formatOf(exchange), file) == io.callvault.source.PbxFormat.DropKind.CDR) {
      return true;
    }
    String ref = DropFiles.ref(refKeys, DropFiles.sourceId(exchange), file);
    try {
      returns.claimed(ref);
      return true;
    } catch (io.callvault.catalog.CatalogUnavailableException e) {
      dependencies.down("catalog", Redaction.reason(e));
      return false;
    } catch (RuntimeException e) {
      LOG.warn("file {} stays in the drop until the next poll: cannot check whether it comes back from quarantine"
          + " ({})", ref, Redaction.reason(e));
      return false;
    }
  }
}
