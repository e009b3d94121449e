package io.callvault.camel;

import io.callvault.catalog.SubjectKeys;
import io.callvault.ingest.Redaction;
import io.callvault.source.PbxFormat;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drop's read lock when several hubs share one PostgreSQL catalog: Camel's idempotent read lock
 * ({@code readLock=idempotent}) for SFTP drops. Camel offers that option to its file component only, and a custom
 * {@code processStrategy} ({@link DropProcessStrategy}) turns the {@code readLock} option off anyway, so the process
 * strategy carries this lock itself ({@code exclusiveReadLockStrategy}). The idempotent repository is
 * {@link DropClaimRepository}, in the catalog (camel-sql's JDBC idempotent repository, orphan-aware). On H2, which one
 * hub alone opens, the claims are kept in memory, shared by the consumers of each drop (a source's
 * {@code concurrency}, {@link DropConsumers}).
 *
 * <p>A recording is claimed before it is opened, so one hub of the cluster works on it at a time; the claim is
 * released once the file's outcome is carried out, whatever it is (Camel's {@code readLockRemoveOnCommit=true} and
 * {@code readLockRemoveOnRollback=true}): a recording done has left the drop by then, one quarantined has moved, and
 * one kept (a dependency down, waiting for its metadata or consent) must be free for the next poll of any hub.
 * CDR files and metadata sidecars are not claimed: every hub reads them into its own caches and they leave the drop
 * only with their recording.
 */
final class DropClaims extends ServiceSupport implements GenericFileExclusiveReadLockStrategy<Object>, CamelContextAware {
  /** The exchange property holding what releases the exchange's claim. */
  static final String CLAIM = "callvault.dropClaim";
  private static final Logger LOG = LoggerFactory.getLogger(DropClaims.class);

  private final DataSource catalog;
  private final SubjectKeys refKeys;
  private final DropSources sources;
  private final Duration maxAge;
  private final Duration keepAlive;
  private CamelContext context;
  private volatile org.apache.camel.spi.IdempotentRepository claims;

  /** @param catalog the shared catalog's data source, or null for claims in this hub's memory */
  DropClaims(DataSource catalog, SubjectKeys refKeys, DropSources sources, Duration maxAge, Duration keepAlive) {
    this.catalog = catalog;
    this.refKeys = refKeys;
    this.sources = sources;
    this.maxAge = maxAge;
    this.keepAlive = keepAlive;
  }

  @Override
  public void setCamelContext(CamelContext camelContext) {
    this.context = camelContext;
  }

  @Override
  public CamelContext getCamelContext() {
    return context;
  }

  @Override
  protected void doStart() {
    if (claims == null) {
      // one hub alone on its catalog (H2): its consumers of one drop share claims in memory, written nowhere
      claims = catalog == null ? org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository
          .memoryIdempotentRepository(100_000) : new DropClaimRepository(catalog, context, maxAge, keepAlive);
      claims.start();
    }
  }

  @Override
  protected void doStop() {
    // the shared repository stays: every PBX source's consumer starts and stops the process strategy
  }

  @Override
  protected void doShutdown() {
    if (claims != null) {
      org.apache.camel.support.service.ServiceHelper.stopAndShutdownService(claims);
      claims = null;
    }
  }

  @Override
  public void prepareOnStartup(GenericFileOperations<Object> ops, GenericFileEndpoint<Object> endpoint) {
    // nothing: the claims live in the catalog
  }

  /**
   * Claims a recording for this hub: false when another hub holds a live claim on it, or when the catalog cannot
   * be asked (the file then waits, uncounted). Other kinds of drop file need no claim.
   */
  @Override
  public boolean acquireExclusiveReadLock(GenericFileOperations<Object> ops, GenericFile<Object> file,
      Exchange exchange) {
    if (DropFiles.kind(sources.formatOf(exchange), file) != PbxFormat.DropKind.RECORDING) {
      return true;
    }
    String key = DropFiles.ref(refKeys, DropFiles.sourceId(exchange), file);
    org.apache.camel.spi.IdempotentRepository repository = claims;
    boolean claimed;
    try {
      claimed = repository != null && repository.add(key);
    } catch (RuntimeException e) {
      LOG.debug("file {} cannot be claimed now ({}); tried again at the next poll", key, Redaction.reason(e));
      return false;
    }
    if (claimed) {
      exchange.setProperty(CLAIM, (Runnable) () -> release(repository, key));
    } else {
      LOG.debug("file {} is claimed by another hub", key);
    }
    return claimed;
  }

  private void release(org.apache.camel.spi.IdempotentRepository repository, String key) {
    try {
      repository.remove(key);
    } catch (RuntimeException e) {
      // the catalog is down (reported once as such): the claim turns orphan and is taken over after its max age
      LOG.debug("the claim on file {} could not be released ({}); another hub takes it after {}", key,
          Redaction.reason(e), maxAge);
    }
  }

  /** Releases the exchange's claim, if it holds one (also when Camel could not read the file it claimed). */
  static void releaseIfHeld(Exchange exchange) {
    Runnable release = exchange.getProperty(CLAIM, Runnable.class);
    if (release != null) {
      exchange.removeProperty(CLAIM);
      release.run();
    }
  }

  @Override
  public void releaseExclusiveReadLockOnAbort(GenericFileOperations<Object> ops, GenericFile<Object> file,
      Exchange exchange) {
    releaseIfHeld(exchange);
  }

  @Override
  public void releaseExclusiveReadLockOnRollback(GenericFileOperations<Object> ops, GenericFile<Object> file,
      Exchange exchange) {
    releaseIfHeld(exchange);
  }

  @Override
  public void releaseExclusiveReadLockOnCommit(GenericFileOperations<Object> ops, GenericFile<Object> file,
      Exchange exchange) {
    releaseIfHeld(exchange);
  }

  @Override
  public void setTimeout(long timeout) {
    // a claim never waits: a file another hub holds is skipped
  }

  @Override
  public void setCheckInterval(long checkInterval) {
    // as above
  }

  @Override
  public void setReadLockLoggingLevel(LoggingLevel level) {
    // claims log at DEBUG
  }

  @Override
  public void setMarkerFiler(boolean markerFile) {
    // no marker files
  }

  @Override
  public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
    // orphans are claims older than the max age, in the catalog
  }
}
