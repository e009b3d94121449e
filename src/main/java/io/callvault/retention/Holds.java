package io.callvault.retention;

import io.callvault.catalog.Catalog;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Legal holds in the catalog (table {@code legal_holds}). A hold covers a recording directly, every
 * recording of a subject key, or every recording of a case id. Targets are opaque ids: a value that
 * looks like a phone number is refused. Thread-safe.
 */
public final class Holds {

  /** SQL condition "an active hold covers recording alias {@code r}" (columns id, subject_key, case_id). */
  static String heldCondition(String r) {
    return "exists (select 1 from legal_holds h where h.released_at is null and ("
        + "(h.scope = 'RECORDING' and h.target = " + r + ".id)"
        + " or (h.scope = 'SUBJECT' and h.target = " + r + ".subject_key)"
        + " or (h.scope = 'CASE' and h.target = " + r + ".case_id)))";
  }

  private static final Pattern SUBJECT_KEY = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern OPAQUE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String COLUMNS =
      "id, scope, target, reason, placed_by, placed_at, review_at, released_by, released_at";

  private static final Logger LOG = LoggerFactory.getLogger(Holds.class);

  private final Jdbc jdbc;
  private final Clock clock;
  private final List<Consumer<Hold>> afterRelease = new CopyOnWriteArrayList<>();

  public Holds(DataSource dataSource, Clock clock) {
    this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Holds(Catalog catalog, Clock clock) {
    this(catalog.dataSource(), clock);
  }

  /**
   * Places a hold and returns its id.
   *
   * @param target recording id, subject key (64 hex, see {@code SubjectKeys}) or case id
   * @param reviewAt when someone must decide whether the hold is still needed
   * @throws IllegalArgumentException on a missing field or a target that is not an opaque id
   */
  public String place(HoldScope scope, String target, String reason, String placedBy, Instant reviewAt) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(reviewAt, "a hold needs a review date");
    requireText(reason, "reason");
    requireText(placedBy, "placed-by");
    checkTarget(scope, target);
    String id = "hold_" + HexFormat.of().formatHex(randomBytes(8));
    Instant now = clock.instant();
    jdbc.inTransaction("place hold", c -> {
      try (PreparedStatement ps = c.prepareStatement("insert into legal_holds (id, scope, target, reason,"
          + " placed_by, placed_at, review_at) values (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, id);
        ps.setString(2, scope.name());
        ps.setString(3, target);
        ps.setString(4, Jdbc.cut(reason, 1000));
        ps.setString(5, Jdbc.cut(placedBy, 128));
        Jdbc.setInstant(ps, 6, now);
        Jdbc.setInstant(ps, 7, reviewAt);
        ps.executeUpdate();
      }
      return null;
    });
    return id;
  }

  /**
   * Releases an active hold and returns it as released; then runs the {@link #afterRelease} listeners.
   *
   * @throws IllegalArgumentException when no hold has this id
   * @throws IllegalStateException when it was already released
   */
  public Hold release(String id, String releasedBy) {
    requireText(releasedBy, "released-by");
    Instant now = clock.instant();
    Hold released = jdbc.inTransaction("release hold " + id, c -> {
      Hold hold = find(c, id).orElseThrow(() -> new IllegalArgumentException("no legal hold with id '" + id
          + "': list them with `./callvault hold list`"));
      if (!hold.active()) {
        throw new IllegalStateException("legal hold " + id + " was already released by " + hold.releasedBy()
            + " at " + hold.releasedAt());
      }
      try (PreparedStatement ps = c.prepareStatement(
          "update legal_holds set released_by = ?, released_at = ? where id = ? and released_at is null")) {
        ps.setString(1, Jdbc.cut(releasedBy, 128));
        Jdbc.setInstant(ps, 2, now);
        ps.setString(3, id);
        ps.executeUpdate();
      }
      return find(c, id).orElseThrow();
    });
    for (Consumer<Hold> listener : afterRelease) {
      try {
        listener.accept(released);
      } catch (RuntimeException e) {
        LOG.warn("after the release of legal hold {}: {}; the next retention sweep catches up", id, e.toString());
      }
    }
    return released;
  }

  /**
   * Calls {@code listener} with every hold released from now on, once the release is committed, so that what
   * the hold stopped happens now (erasures a hold deferred: see {@code Erasure}). A failing listener is
   * logged and the release stands.
   */
  public void afterRelease(Consumer<Hold> listener) {
    afterRelease.add(Objects.requireNonNull(listener, "listener"));
  }

  public Optional<Hold> find(String id) {
    return jdbc.inTransaction("find hold " + id, c -> find(c, id));
  }

  /** Holds by placement time; only the active ones when {@code activeOnly}. */
  public List<Hold> list(boolean activeOnly) {
    return query((activeOnly ? "where released_at is null " : "") + "order by placed_at, id");
  }

  /** Active holds whose review date is before {@code now}. */
  public List<Hold> overdue(Instant now) {
    return list(true).stream().filter(h -> h.overdue(now)).toList();
  }

  /** Whether an active hold covers the recording, directly, through its subject key or its case id. */
  public boolean isHeld(String recordingId) {
    return jdbc.inTransaction("check holds of " + recordingId, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "select 1 from recordings r where r.id = ? and " + heldCondition("r"))) {
        ps.setString(1, recordingId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return true;
          }
        }
      }
      // a hold placed on a recording id the catalog does not know (yet)
      try (PreparedStatement ps = c.prepareStatement("select 1 from legal_holds where released_at is null"
          + " and scope = 'RECORDING' and target = ?")) {
        ps.setString(1, recordingId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /** Which of these recordings an active hold covers now (one query; used just before deleting). */
  public Set<String> heldAmong(java.util.Collection<String> recordingIds) {
    if (recordingIds.isEmpty()) {
      return Set.of();
    }
    List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(recordingIds));
    return jdbc.inTransaction("check holds of a batch", c -> {
      Set<String> held = new java.util.HashSet<>();
      for (int from = 0; from < ids.size(); from += 500) {
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
        String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("select r.id from recordings r where r.id in (" + marks + ") and "
            + heldCondition("r"))) {
          for (int i = 0; i < chunk.size(); i++) {
            ps.setString(i + 1, chunk.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              held.add(rs.getString(1));
            }
          }
        }
      }
      return held;
    });
  }

  /** The id of an active hold covering the recording (directly, by subject or by case), if any. */
  public Optional<String> activeHoldFor(String recordingId) {
    return jdbc.inTransaction("find hold of " + recordingId, c -> {
      try (PreparedStatement ps = c.prepareStatement("select h.id from legal_holds h left join recordings r on r.id = ?"
          + " where h.released_at is null and ((h.scope = 'RECORDING' and h.target = ?)"
          + " or (h.scope = 'SUBJECT' and h.target = r.subject_key) or (h.scope = 'CASE' and h.target = r.case_id))"
          + " order by h.placed_at")) {
        ps.setString(1, recordingId);
        ps.setString(2, recordingId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  private List<Hold> query(String tail) {
    return jdbc.inTransaction("list holds", c -> {
      List<Hold> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from legal_holds " + tail);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(hold(rs));
        }
      }
      return out;
    });
  }

  private static Optional<Hold> find(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from legal_holds where id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(hold(rs)) : Optional.empty();
      }
    }
  }

  private static Hold hold(ResultSet rs) throws SQLException {
    return new Hold(rs.getString(1), HoldScope.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
        rs.getString(5), Jdbc.instant(rs, 6), Jdbc.instant(rs, 7), rs.getString(8), Jdbc.instant(rs, 9));
  }

  private static void checkTarget(HoldScope scope, String target) {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("a " + scope.name().toLowerCase(java.util.Locale.ROOT)
          + " hold needs a target");
    }
    if (io.callvault.privacy.PersonalData.looksLikePhoneNumber(target)) {
      throw new IllegalArgumentException("the hold target looks like a phone number; holds name opaque ids only:"
          + " for a subject, give the subject key (derived from the number), not the number");
    }
    if (scope == HoldScope.SUBJECT && !SUBJECT_KEY.matcher(target).matches()) {
      throw new IllegalArgumentException("a subject hold needs the subject key (64 lower-case hex characters),"
          + " as derived by SubjectKeys from the normalised number or CRM id");
    }
    if (!OPAQUE_ID.matcher(target).matches()) {
      throw new IllegalArgumentException("hold target is not an id: use letters, digits, '.', '_', ':' or '-'"
          + " (at most 128)");
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a hold needs a " + what);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
