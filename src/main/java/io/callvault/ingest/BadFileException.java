package io.callvault.ingest;

/**
 * The drop file itself cannot be ingested (unidentifiable name, unusable audio or sidecar, audio that must
 * be masked but cannot be): it is quarantined with this reason. The message is free of personal data.
 */
public final class BadFileException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadFileException(String reason) {
    super(reason);
  }

  public BadFileException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
