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
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The drop claims of the hubs that share a PostgreSQL catalog, in the table {@code drop_claims} (migration V16): the
 * scheme of camel-sql's {@code JdbcOrphanLockAwareIdempotentRepository} on its base, {@link JdbcMessageIdRepository}
 * (same table shape, same queries). A claim is renewed every {@code keepAlive} while its hub works on the file, and is
 * an orphan, free to take, once it is older than {@code maxAge} (its hub was killed).
 *
 * <p>Camel's orphan-aware class itself is not used, because in camel-sql 4.18:
 * <ul>
 *   <li>it takes an orphan over with an UPDATE of its timestamp but does not renew the claim it took, so that claim
 *       turns orphan again after {@code maxAge} while its new owner still works on the file;</li>
 *   <li>its insert falls back to that UPDATE whenever the row exists, so two hubs taking one orphan over at the same
 *       moment both win. Here an orphan is deleted (only while it is still one) and the claim is an INSERT, which the
 *       primary key lets one hub win; the loser gets {@code false}, not the key's exception;</li>
 *   <li>its keep-alive asks the database every interval even when the hub holds no claim, and logs an ERROR with a
 *       stack trace each time while the catalog is down. Here a failed renewal is logged once per outage (at INFO: the catalog's
 *       outage itself is the hub's warning).</li>
 * </ul>
 * The times are each hub's clock: keep the hubs' clocks in sync (NTP), well within {@code maxAge}.
 */
final class DropClaimRepository extends JdbcMessageIdRepository {
  static final String TABLE = "drop_claims";
  static final String PROCESSOR = "callvault-drop";

  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final Duration maxAge;
  private final Duration keepAlive;
  private final CamelContext context;
  private ScheduledExecutorService renewer;
  private volatile boolean renewalFailed;

  DropClaimRepository(DataSource dataSource, CamelContext context, Duration maxAge, Duration keepAlive) {
    super(dataSource, PROCESSOR);
    this.context = context;
    this.maxAge = maxAge;
    this.keepAlive = keepAlive;
    setTableName(TABLE);
    setCreateTableIfNotExists(false); // Flyway owns the table
  }

  /** Live claims only: one older than the max age is an orphan. */
  @Override
  protected int queryForInt(String key) {
    return jdbcTemplate.queryForObject(getQueryString() + " AND createdAt >= ?", Integer.class, processorName, key,
        new Timestamp(System.currentTimeMillis() - maxAge.toMillis()));
  }

  /** The claim's maximum age. */
  Duration maxAge() {
    return maxAge;
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

  /** Renews every claim this hub holds; a failure is logged once per outage and retried at the next interval. */
  private void renew() {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    List<Object[]> rows = held.stream().map(k -> new Object[] {now, processorName, k}).toList();
    if (rows.isEmpty()) {
      return;
    }
    try {
      transactionTemplate.execute(status -> jdbcTemplate.batchUpdate(
          "UPDATE " + TABLE + " SET createdAt = ? WHERE processorName = ? AND messageId = ?", rows));
      renewalFailed = false;
    } catch (RuntimeException e) {
      if (!renewalFailed) {
        renewalFailed = true;
        log.info("the hub's drop claims cannot be renewed ({}); one not renewed within {} may be taken over by another"
            + " hub", io.callvault.ingest.Redaction.reason(e), maxAge);
      }
    }
  }

  @Override
  protected void doShutdown() throws Exception {
    if (renewer != null) {
      context.getExecutorServiceManager().shutdownNow(renewer);
    }
    super.doShutdown();
  }

  @Override
  protected void doInit() throws Exception {
    super.doInit();
    if (maxAge.compareTo(keepAlive) <= 0) {
      throw new IllegalStateException("the claims' max age must be longer than their keep-alive interval");
    }
    renewer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "DropClaimsKeepAlive");
    renewer.scheduleWithFixedDelay(this::renew, keepAlive.toMillis(), keepAlive.toMillis(), TimeUnit.MILLISECONDS);
  }
}
