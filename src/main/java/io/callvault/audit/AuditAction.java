package io.callvault.audit;

/** Names of the actions the hub records. Actions are free strings; these are the ones issue 4 lists. */
public final class AuditAction {

  public static final String INGEST_DECISION = "INGEST_DECISION";
  public static final String DISCARD = "DISCARD";
  public static final String QUARANTINE = "QUARANTINE";
  /** A quarantined file is back in its drop: its failure count starts again. */
  public static final String QUARANTINE_RELEASED = "QUARANTINE_RELEASED";
  public static final String ACCESS = "ACCESS";
  public static final String EXPORT = "EXPORT";
  public static final String ERASURE = "ERASURE";
  public static final String HOLD_PLACED = "HOLD_PLACED";
  public static final String HOLD_RELEASED = "HOLD_RELEASED";
  /** An active hold was reviewed: its review date moved. */
  public static final String HOLD_REVIEWED = "HOLD_REVIEWED";
  public static final String SWEEP_DELETE = "SWEEP_DELETE";
  public static final String SWEEP_ANONYMISE = "SWEEP_ANONYMISE";
  public static final String DENIED_REQUEST = "DENIED_REQUEST";
  public static final String CONSENT_EVENT = "CONSENT_EVENT";
  /** A copy's purpose was met (on-fulfilment): its retain-until moved closer. */
  public static final String PURPOSE_FULFILLED = "PURPOSE_FULFILLED";

  /** Every action above, sorted (what an audit view offers to filter on). */
  public static java.util.List<String> all() {
    return java.util.Arrays.stream(AuditAction.class.getFields())
        .filter(f -> java.lang.reflect.Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
        .map(f -> {
          try {
            return (String) f.get(null);
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }).sorted().toList();
  }

  private AuditAction() {
  }
}
