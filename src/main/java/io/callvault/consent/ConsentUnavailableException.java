package io.callvault.consent;

/** The consent source gave no usable answer. Unknown is not a "no", and not a "yes" either. */
public class ConsentUnavailableException extends Exception {
  public ConsentUnavailableException(String message) {
    super(message);
  }

  public ConsentUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
