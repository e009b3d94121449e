package io.callvault.camel;

import io.callvault.catalog.SubjectKeys;
import io.callvault.ingest.Disposition;
import io.callvault.ingest.DropFile;
import io.callvault.ingest.IngestOutcome;
import io.callvault.ingest.IngestPipeline;
import io.callvault.ingest.Redaction;
import java.io.InputStream;
import java.time.ZoneId;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;

/**
 * Adapts one claimed drop file to the {@link IngestPipeline}; on failure (called from the shared
 * route configuration) it records the attempt instead. The outcome becomes exchange properties
 * that {@link DropProcessStrategy} carries out.
 */
public final class IngestProcessor implements Processor {
  /** Exchange property set by the PBX source template. */
  public static final String SOURCE_ID = "callvault.sourceId";
  public static final String TIMEZONE = "callvault.timezone";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestProcessor.class);
  private final IngestPipeline pipeline;
  private final CdrCache cdrCache;
  private final SidecarCache sidecars;
  private final SubjectKeys refKeys;
  private final int maxAttempts;
  private final boolean failureMode;

  private IngestProcessor(IngestPipeline pipeline, CdrCache cdrCache, SidecarCache sidecars, SubjectKeys refKeys,
      int maxAttempts, boolean failureMode) {
    this.pipeline = pipeline;
    this.cdrCache = cdrCache;
    this.sidecars = sidecars;
    this.refKeys = refKeys;
    this.maxAttempts = maxAttempts;
    this.failureMode = failureMode;
  }

  /** The processor that ingests a claimed file. */
  public static IngestProcessor ingest(IngestPipeline pipeline, CdrCache cdrCache, SidecarCache sidecars,
      SubjectKeys refKeys) {
    return new IngestProcessor(pipeline, cdrCache, sidecars, refKeys, 0, false);
  }

  /** The processor the error handler calls when ingest threw. */
  public static IngestProcessor onFailure(IngestPipeline pipeline, CdrCache cdrCache, SidecarCache sidecars,
      SubjectKeys refKeys, int maxAttempts) {
    return new IngestProcessor(pipeline, cdrCache, sidecars, refKeys, maxAttempts, true);
  }

  @Override
  public void process(Exchange exchange) throws Exception {
    @SuppressWarnings("unchecked")
    GenericFile<Object> file = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
    if (file == null) {
      throw new IllegalStateException("ingestProcessor must follow a PBX file consumer");
    }
    String sourceId = exchange.getProperty(SOURCE_ID, "unknown", String.class);
    String zone = exchange.getProperty(TIMEZONE, "UTC", String.class);
    String dropKey = DropFiles.dropKey(file);
    String ref = DropFiles.ref(refKeys, sourceId, file);
    exchange.setProperty(DropProcessStrategy.FILE_REF, ref);
    if (!failureMode && DropFiles.isSidecar(file)) {
      try (InputStream json = exchange.getIn().getMandatoryBody(InputStream.class)) {
        sidecars.load(DropFiles.recordingKey(file), json);
      }
      set(exchange, new IngestOutcome(Disposition.KEEP, null, "sidecar read", java.util.List.of()));
      return;
    }
    SidecarCache.Windows side = DropFiles.isSidecar(file) ? null : sidecars.take(DropFiles.recordingKey(file));
    DropFile drop = new DropFile(sourceId, file.getRelativeFilePath(), ZoneId.of(zone), ref,
        side == null ? java.util.List.of() : side.windows(), side == null ? null : side.problem());

    if (failureMode) {
      Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
      String reason = cause == null ? "unknown failure" : Redaction.reason(cause);
      if (DropFiles.isCdr(file)) {
        LOG.warn("CDR file of source {} could not be loaded, retried next poll: {}", sourceId, reason);
        set(exchange, new IngestOutcome(Disposition.KEEP, null, reason, java.util.List.of()));
        return;
      }
      try {
        set(exchange, pipeline.failed(drop, reason, maxAttempts));
      } catch (RuntimeException e) {
        // the catalog itself is failing: never let Camel log the file name; the file stays for later
        LOG.error("file {} failed ({}) and its failure could not be cataloged ({}); it stays in the drop",
            ref, reason, Redaction.reason(e));
        set(exchange, new IngestOutcome(Disposition.KEEP, null, reason, java.util.List.of()));
      }
      return;
    }

    if (DropFiles.isCdr(file)) {
      try (InputStream csv = exchange.getIn().getMandatoryBody(InputStream.class)) {
        cdrCache.load(dropKey, file.getFileLength(), file.getLastModified(), csv);
      }
      set(exchange, new IngestOutcome(Disposition.KEEP, null, "CDR loaded", java.util.List.of()));
      return;
    }
    IngestOutcome outcome = pipeline.ingest(drop, cdrCache.index(dropKey),
        () -> body(exchange));
    set(exchange, outcome);
  }

  private static InputStream body(Exchange exchange) throws java.io.IOException {
    try {
      return exchange.getIn().getMandatoryBody(InputStream.class);
    } catch (org.apache.camel.InvalidPayloadException e) {
      throw new java.io.IOException("the drop file has no readable content", e);
    }
  }

  private static void set(Exchange exchange, IngestOutcome outcome) {
    exchange.setProperty(DropProcessStrategy.DISPOSITION, outcome.disposition());
    exchange.setProperty(DropProcessStrategy.REASON, outcome.reason());
    if (outcome.recordingId() != null) {
      exchange.setProperty("callvault.recordingId", outcome.recordingId());
    }
  }
}
