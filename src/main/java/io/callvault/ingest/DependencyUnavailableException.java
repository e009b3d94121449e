package io.callvault.ingest;

/**
 * Something the ingest needs is down or failing (S3, the catalog database, the SFTP download, the CRM's
 * payment windows, the temp folder): the file stays in the drop and the failure never counts as an attempt
 * of that file. The message names the dependency and is free of personal data.
 */
public final class DependencyUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String dependency;

  public DependencyUnavailableException(String dependency, String reason, Throwable cause) {
    super(dependency + " unavailable: " + reason, cause);
    this.dependency = dependency;
  }

  /** Which dependency: {@code s3}, {@code catalog}, {@code sftp}, {@code crm}, {@code temp-dir}, {@code consent}. */
  public String dependency() {
    return dependency;
  }
}
