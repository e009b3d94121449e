package io.callvault.consent;

/** Where consent flags come from (a CRM over HTTP, a CSV file...). */
public interface ConsentSource {

  /**
   * Looks up every consent flag of one subject.
   *
   * @param subject the subject's normalised phone number (E.164) or CRM id
   * @return the answer; an unknown subject is an answer with no flags, not an error
   * @throws ConsentUnavailableException when the source could not give a trustworthy answer (down,
   *     timeout, garbage); the message must not contain the subject
   */
  ConsentAnswer lookup(String subject) throws ConsentUnavailableException;
}
