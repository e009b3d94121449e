package io.callvault.retention;

/** What a legal hold covers. */
public enum HoldScope {
  /** One recording, by its catalog id. */
  RECORDING,
  /** Every recording of one subject, by subject key (the HMAC, never a phone number). */
  SUBJECT,
  /** Every recording ingested with this case id. */
  CASE
}
