package io.callvault.employees;

import java.time.Instant;
import java.util.Optional;

/**
 * Who held an extension when: the map from a PBX extension to an employee id (a CSV file or an HR directory over
 * HTTP, configured like the consent sources: {@link EmployeeSettings}). Extensions change hands, so the answer
 * depends on the call's time.
 */
public interface EmployeeDirectory {

  /** No directory configured: no agent is ever an employee the rights API can name. */
  EmployeeDirectory NONE = (source, extension, at) -> Optional.empty();

  /**
   * The employee id of whoever held {@code extension} of PBX source {@code sourceId} at {@code at}.
   *
   * @return empty when the directory knows no one for that extension then (not an error)
   * @throws DirectoryUnavailableException when it could not answer; the message names no extension or employee
   */
  Optional<String> employeeAt(String sourceId, String extension, Instant at) throws DirectoryUnavailableException;

  /** The directory could not give a trustworthy answer (down, unreadable, malformed); free of personal data. */
  final class DirectoryUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public DirectoryUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }

    public DirectoryUnavailableException(String message) {
      super(message);
    }
  }
}
