package io.callvault.camel;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The drop claims of the hubs that share a PostgreSQL catalog: camel-sql's
 * {@link JdbcOrphanLockAwareIdempotentRepository} on the table {@code drop_claims} (migration V16), where a claim is
 * renewed every {@code keepAlive} while its hub works on the file and is an orphan, free to take, once it is older
 * than {@code maxAge} (its hub was killed).
 *
 * <p>Two things are done differently from camel-sql 4.18, because two hubs could otherwise process one file:
 * <ul>
 *   <li>Camel takes an orphan over with an UPDATE of its timestamp, but does not renew the claim it took, so it turns
 *       orphan again after {@code maxAge} while the new owner still works; and its insert falls back to that UPDATE
 *       whenever the row exists, so two hubs taking the same orphan both think they won. Here an orphan is deleted
 *       (only while it is still an orphan) and claimed by an INSERT, which the primary key lets one hub win.</li>
 *   <li>A hub that loses that race gets {@code false}, not the primary key's exception.</li>
 * </ul>
 * The times are each hub's clock: keep the hubs' clocks in sync (NTP), well within {@code maxAge}.
 */
final class DropClaimRepository extends JdbcOrphanLockAwareIdempotentRepository {
  static final String TABLE = "drop_claims";
  static final String PROCESSOR = "callvault-drop";

  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final Duration maxAge;
  private final Duration keepAlive;
  private final CamelContext context;
  private ScheduledExecutorService renewer;

  DropClaimRepository(DataSource dataSource, CamelContext context, Duration maxAge, Duration keepAlive) {
    super(dataSource, PROCESSOR, context);
    this.context = context;
    this.maxAge = maxAge;
    this.keepAlive = keepAlive;
    setTableName(TABLE);
    setCreateTableIfNotExists(false); // Flyway owns the table
    setLockMaxAgeMillis(maxAge.toMillis());
    setLockKeepAliveIntervalMillis(keepAlive.toMillis());
  }

  /** False, not an exception, when another hub claimed the file in the same instant. */
  @Override
  public boolean add(String key) {
    try {
      return super.add(key);
    } catch (DataIntegrityViolationException e) {
      return false;
    }
  }

  /** Runs in {@link #add}'s transaction once no live claim was found: an orphan is removed, then the claim inserted. */
  @Override
  protected int insert(String key) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    jdbcTemplate.update(getDeleteString() + " AND createdAt < ?", processorName, key,
        new Timestamp(now.getTime() - maxAge.toMillis()));
    int inserted = jdbcTemplate.update(getInsertString(), processorName, key, now);
    held.add(key);
    return inserted;
  }

  @Override
  protected int delete(String key) {
    try {
      return super.delete(key);
    } finally {
      held.remove(key); // a claim that could not be deleted turns orphan after maxAge
    }
  }

  /** The claims this hub holds now. */
  Set<String> held() {
    return Set.copyOf(held);
  }

  @Override
  protected void doInit() throws Exception {
    super.doInit();
    renewer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "DropClaimsKeepAlive");
    renewer.scheduleWithFixedDelay(this::renew, keepAlive.toMillis(), keepAlive.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Renews every claim this hub holds; a failure is logged and retried at the next interval. */
  private void renew() {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    List<Object[]> rows = held.stream().map(k -> new Object[] {now, processorName, k}).toList();
    if (rows.isEmpty()) {
      return;
    }
    try {
      transactionTemplate.execute(status -> jdbcTemplate.batchUpdate(getUpdateTimestampQuery(), rows));
    } catch (RuntimeException e) {
      log.warn("the hub's drop claims could not be renewed ({}); a claim not renewed within {} may be taken over by"
          + " another hub", io.callvault.ingest.Redaction.reason(e), maxAge);
    }
  }

  @Override
  protected void doShutdown() throws Exception {
    if (renewer != null) {
      context.getExecutorServiceManager().shutdownNow(renewer);
    }
    super.doShutdown();
  }
}
