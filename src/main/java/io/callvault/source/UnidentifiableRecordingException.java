package io.callvault.source;

/**
 * A drop file that callvault cannot turn into a {@link Recording}. It is quarantined with this
 * message as the reason, so the message must say what is wrong and must not contain a phone number.
 */
public class UnidentifiableRecordingException extends Exception {
  public UnidentifiableRecordingException(String reason) {
    super(reason);
  }
}
