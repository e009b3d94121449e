package io.callvault.health;

/**
 * A dependency cannot be used now but may come back by itself (unreachable, answering 5xx, not created yet):
 * the hub runs on, reports it down and checks again. Configuration errors are
 * {@link io.callvault.config.ConfigException}s instead, and stop the start. The message says what failed and
 * which setting to check; it holds no secret.
 */
public class DependencyDownException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DependencyDownException(String message) {
    super(message);
  }

  public DependencyDownException(String message, Throwable cause) {
    super(message, cause);
  }
}
