package io.callvault.retention;

import java.time.Instant;

/**
 * A legal hold: while active (not released), no copy it covers is deleted or anonymised.
 *
 * @param target recording id, subject key or case id, by {@code scope}
 */
public record Hold(String id, HoldScope scope, String target, String reason, String placedBy, Instant placedAt,
    Instant reviewAt, String releasedBy, Instant releasedAt) {

  public boolean active() {
    return releasedAt == null;
  }

  /** Active and past its review date at {@code now}. */
  public boolean overdue(Instant now) {
    return active() && reviewAt.isBefore(now);
  }

  /** One line for reports and the CLI. */
  public String describe() {
    return id + " " + scope.name().toLowerCase(java.util.Locale.ROOT) + " " + target + " placed by " + placedBy
        + " at " + placedAt + ", review " + reviewAt
        + (active() ? "" : ", released by " + releasedBy + " at " + releasedAt) + ": " + reason;
  }
}
