package io.callvault.api;

import java.util.Set;

/**
 * Who is calling the API, and in which roles. Roles: {@code dpo} (everything a DPO does: read all
 * purposes, export, erase, holds, audit), {@code auditor} (the audit trail only) and
 * {@code <purpose>-reviewer} (read that purpose's copies and audio only).
 */
public record Principal(String actor, Set<String> roles) {
  public Principal {
    roles = Set.copyOf(roles);
  }

  public boolean isDpo() {
    return roles.contains("dpo");
  }

  public boolean canReadAudit() {
    return isDpo() || roles.contains("auditor");
  }

  public boolean canRead(String purpose) {
    return isDpo() || roles.contains(purpose + "-reviewer");
  }

  /** True when the caller may read at least one purpose. */
  public boolean readsAnyPurpose() {
    return isDpo() || roles.stream().anyMatch(r -> r.endsWith("-reviewer"));
  }
}
