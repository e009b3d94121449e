package io.callvault.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import io.callvault.catalog.AuditLog;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.Transactions;
import io.callvault.catalog.Tx;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The tamper-evident audit trail in the catalog database (tables {@code audit_log} and {@code audit_head},
 * migration V3). Entries are appended, never changed: each carries the hash of the previous one, so
 * {@link #verify()} detects an altered, removed or reordered entry. Appends lock the single
 * {@code audit_head} row, so concurrent appends (threads or nodes) form one chain without sequence gaps.
 * The rows are {@link AuditLog}'s; this class keeps the chain's rules. Thread-safe.
 *
 * <p>No personal data in clear: targets are recording ids, subject keys (HMAC) or hold ids; a target or
 * reason that holds a free-standing run of 7 or more digits (a phone number) is refused.
 */
public final class AuditTrail {

  public static final int MAX_ACTOR = 255;
  public static final int MAX_ACTION = 64;
  public static final int MAX_TARGET = 1024;
  /** Longest reason kept; longer reasons are cut before hashing. */
  public static final int MAX_REASON = 2000;

  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_.:-]+");

  private final Transactions transactions;
  private final AuditLog log;
  private final Clock clock;
  private final Supplier<AnchorSet> anchors;
  private final JsonFactory json = JsonFactory.builder()
      .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();

  public AuditTrail(Catalog catalog, Clock clock) {
    this(catalog.transactions(), new AuditLog(catalog), clock, () -> AnchorSet.NONE);
  }

  private AuditTrail(Transactions transactions, AuditLog log, Clock clock, Supplier<AnchorSet> anchors) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.log = Objects.requireNonNull(log, "audit log");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.anchors = Objects.requireNonNull(anchors, "anchors");
  }

  /**
   * The same trail, whose {@link #verify()} also checks it against the anchors {@code anchors} supplies
   * (signed checkpoints kept outside the database, see {@link AuditAnchors}).
   */
  public AuditTrail checkedAgainst(Supplier<AnchorSet> anchors) {
    return new AuditTrail(transactions, log, clock, anchors);
  }

  // ---------------------------------------------------------------- append

  /**
   * Appends one entry in its own transaction and returns it. Retries when another writer holds the head
   * ({@link Transactions}).
   *
   * @throws IllegalArgumentException when a field is missing, too long, or looks like personal data
   * @throws io.callvault.catalog.CatalogException when the database fails
   */
  public AuditEntry append(String actor, String action, String target, String reason) {
    String keptReason = checked(actor, action, target, reason);
    return transactions.write("append " + action + " audit entry",
        tx -> appendChecked(tx, actor, action, target, keptReason));
  }

  /**
   * Appends one entry inside the caller's transaction {@code tx}, so the entry is written if and only if the
   * caller's own change commits. The trail stays locked for other writers until the caller's transaction ends.
   *
   * @throws IllegalArgumentException when a field is missing, too long, or looks like personal data
   */
  public AuditEntry append(Tx tx, String actor, String action, String target, String reason) {
    Objects.requireNonNull(tx, "transaction");
    String keptReason = checked(actor, action, target, reason);
    return appendChecked(tx, actor, action, target, keptReason);
  }

  private AuditEntry appendChecked(Tx tx, String actor, String action, String target, String reason) {
    Head head = log.head(tx, true).orElseThrow(() -> new AuditException("audit: the audit_head row is missing: the"
        + " catalog schema is not migrated to V3 (audit) or the row was deleted; restore it from the last audit_log"
        + " entry", null));
    long seq = head.seq() + 1;
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String hash = ChainHash.of(seq, at, actor, action, target, reason, head.hash());
    AuditEntry entry = new AuditEntry(seq, at, actor, action, target, reason, head.hash(), hash);
    log.append(tx, entry);
    return entry;
  }

  /** Validates the fields (never echoing them) and returns the reason as it will be kept. */
  private static String checked(String actor, String action, String target, String reason) {
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("audit entry needs an actor (who acted: a user, token id or 'system')");
    }
    if (actor.length() > MAX_ACTOR) {
      throw new IllegalArgumentException("audit actor is longer than " + MAX_ACTOR + " characters");
    }
    if (action == null || !ACTION.matcher(action).matches() || action.length() > MAX_ACTION) {
      throw new IllegalArgumentException("audit action must be 1 to " + MAX_ACTION
          + " characters of letters, digits, '_', '.', ':' or '-' (see AuditAction)");
    }
    if (target != null && target.length() > MAX_TARGET) {
      throw new IllegalArgumentException("audit target is longer than " + MAX_TARGET + " characters");
    }
    refusePhoneLike("target", target);
    refusePhoneLike("reason", reason);
    return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
  }

  private static void refusePhoneLike(String field, String value) {
    // the log filter's rule (io.callvault.privacy.PersonalData): callvault's own ids pass, numbers do not
    if (io.callvault.privacy.PersonalData.looksLikePhoneNumber(value)) {
      throw new IllegalArgumentException("audit " + field + " looks like it holds a phone number (a run of 7"
          + " or more digits); the audit trail must not hold personal data: use a recording id, subject key"
          + " or hold id");
    }
  }

  // ---------------------------------------------------------------- verify

  /**
   * Recomputes the whole chain, streaming, and names the first broken link: an altered entry, a missing
   * one (a sequence gap, or a trail shorter than its head), a swapped or re-hashed one; then checks it
   * against the anchors of {@link #checkedAgainst} (none by default).
   *
   * @throws io.callvault.catalog.CatalogException when the database fails
   */
  public VerifyResult verify() {
    return verify(anchors.get());
  }

  /**
   * Like {@link #verify()}, and compares the trail with {@code anchorSet}, read beforehand: an entry whose hash
   * differs from its anchor's was rewritten and the chain re-hashed; an anchor beyond the last entry means
   * entries were cut or the trail deleted, even when the head row was moved to hide it; an anchor whose
   * signature does not verify is reported and not trusted. The anchor contradicted is named.
   *
   * @throws io.callvault.catalog.CatalogException when the database fails
   */
  public VerifyResult verify(AnchorSet anchorSet) {
    AnchorCheck check = new AnchorCheck(Objects.requireNonNull(anchorSet, "anchors"));
    return check.conclude(transactions.read("verify the audit trail", tx -> verifyChain(tx, check)));
  }

  private VerifyResult verifyChain(Tx tx, AnchorCheck check) {
    Head head = log.head(tx, false).orElseThrow(AuditTrail::missingHead);
    ChainWalk walk = new ChainWalk(check);
    log.scan(tx, head.seq(), walk::next);
    return walk.broken != null ? walk.broken : walk.end(head);
  }

  /** The verification's walk along the chain, one entry at a time, until the first broken link. */
  private static final class ChainWalk {
    private final AnchorCheck check;
    private long expected = 1;
    private String previousHash = ChainHash.GENESIS;
    private long checked;
    private VerifyResult broken;

    ChainWalk(AnchorCheck check) {
      this.check = check;
    }

    /** Checks the next entry; false once a link is broken ({@link #broken} says how). */
    boolean next(AuditEntry e) {
      checked++;
      broken = brokenLink(e);
      if (broken != null) {
        return false;
      }
      previousHash = e.hash();
      expected++;
      return true;
    }

    private VerifyResult brokenLink(AuditEntry e) {
      if (e.seq() != expected) {
        return VerifyResult.broken(checked, expected, missing(expected, e.seq() - 1,
            expected == 1 ? "sequence starts at " + e.seq()
                : "sequence jumps from " + (expected - 1) + " to " + e.seq()));
      }
      if (!e.computeHash().equals(e.hash())) {
        return VerifyResult.broken(checked, e.seq(), "entry " + e.seq() + ": hash does not match its content");
      }
      if (!previousHash.equals(e.prevHash())) {
        return VerifyResult.broken(checked, e.seq(), e.seq() == 1
            ? "entry 1: previous-hash is not the start-of-chain value (64 zeros)"
            : "entry " + e.seq() + ": previous-hash does not match entry " + (e.seq() - 1));
      }
      if (!check.agrees(e)) {
        return VerifyResult.broken(checked, e.seq(), "contradicts an anchor");
      }
      return null;
    }

    /** The verdict after the last entry: the trail must reach its head, and end with the head's hash. */
    VerifyResult end(Head head) {
      long last = expected - 1;
      if (last < head.seq()) {
        return VerifyResult.broken(checked, expected, missing(expected, head.seq(),
            "the trail ends at " + last + " but its head records " + head.seq()));
      }
      if (!previousHash.equals(head.hash())) {
        return VerifyResult.broken(checked, last, "entry " + last + ": hash does not match the head of the trail");
      }
      return VerifyResult.ok(checked);
    }
  }

  private static String missing(long from, long to, String why) {
    return (from == to ? "entry " + from + " missing: " : "entries " + from + " to " + to + " missing: ") + why;
  }

  // ---------------------------------------------------------------- export and read

  /**
   * Writes every entry, oldest first, as one JSON object per line (UTF-8): {@code seq, at, actor, action,
   * target, reason, prev_hash, hash}. Streams; does not close {@code out}. Returns the number of lines.
   */
  public long exportJsonLines(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "output");
    try (JsonGenerator g = json.createGenerator(out)) {
      long lines = transactions.read("export the audit trail", tx -> {
        long[] n = {0};
        log.scan(tx, log.head(tx, false).orElseThrow(AuditTrail::missingHead).seq(), e -> {
          write(g, e);
          n[0]++;
          return true;
        });
        return n[0];
      });
      g.flush();
      return lines;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void write(JsonGenerator g, AuditEntry e) {
    try {
      g.writeStartObject();
      g.writeNumberField("seq", e.seq());
      g.writeStringField("at", e.at().toString());
      g.writeStringField("actor", e.actor());
      g.writeStringField("action", e.action());
      g.writeStringField("target", e.target());
      g.writeStringField("reason", e.reason());
      g.writeStringField("prev_hash", e.prevHash());
      g.writeStringField("hash", e.hash());
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  /** Up to {@code limit} entries from sequence number {@code fromSeq} on, oldest first (for paging). */
  public List<AuditEntry> read(long fromSeq, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    return log.page(fromSeq, limit);
  }

  /** The most entries {@link #latest} answers. */
  public static final int MAX_LATEST = 1000;

  /**
   * The last {@code limit} (1 to {@value #MAX_LATEST}) entries, newest first, whose actor contains
   * {@code actorPart} (ignoring case; null for any) and whose action is {@code action} (null for any); the
   * database stops at {@code limit} rows, so a long trail costs no more than a short one to answer.
   */
  public List<AuditEntry> latest(int limit, String actorPart, String action) {
    if (limit < 1 || limit > MAX_LATEST) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LATEST);
    }
    return log.latest(limit, actorPart, action);
  }

  /** Sequence number of the last entry; 0 when the trail is empty. */
  public long lastSeq() {
    return head().seq();
  }

  // ---------------------------------------------------------------- helpers

  /** The head of the trail as the database records it: the last entry's sequence number (0 when empty) and hash. */
  public record Head(long seq, String hash) {
  }

  /** The head row: sequence number and hash of the last entry, as the database says. */
  public Head head() {
    return log.head().orElseThrow(AuditTrail::missingHead);
  }

  private static AuditException missingHead() {
    return new AuditException("audit: the audit_head row is missing: the catalog schema is not migrated to"
        + " V3 (audit) or the row was deleted", null);
  }
}
