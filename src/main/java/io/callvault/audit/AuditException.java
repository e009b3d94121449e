package io.callvault.audit;

/** The audit trail could not be read or written (database trouble). */
public class AuditException extends RuntimeException {

  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
