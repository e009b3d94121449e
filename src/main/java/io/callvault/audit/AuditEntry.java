package io.callvault.audit;

import java.time.Instant;

/**
 * One link of the audit chain. {@code at} has microsecond precision; {@code target} and {@code reason} may
 * be null. {@code hash} is the hex SHA-256 of the entry's canonical encoding (see {@link #computeHash()}).
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String target, String reason,
    String prevHash, String hash) {

  /** The hash this entry's content (including {@code prevHash}) should carry. */
  public String computeHash() {
    return ChainHash.of(seq, at, actor, action, target, reason, prevHash);
  }
}
