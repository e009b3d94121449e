package io.callvault.consent;

/** The state of one consent flag for one subject, as the consent source answered it. */
public enum ConsentStatus {
  GRANTED,
  DENIED,
  /** The source answered, but holds nothing for this flag. Unknown is not consent. */
  UNKNOWN
}
