package io.callvault.source;

/**
 * A recording whose metadata has not arrived yet (its sidecar, or its row in the drop's call records): it waits
 * in the drop, without counting as a failed attempt, until its metadata comes or callvault.pairing.wait ends.
 */
public final class MetadataPendingException extends UnidentifiableRecordingException {
  private static final long serialVersionUID = 1L;

  public MetadataPendingException(String reason) {
    super(reason);
  }
}
