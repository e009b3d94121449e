package io.callvault.source;

import io.callvault.source.Recording.Direction;

/**
 * Who the data subject of a call is: the external party, whichever direction the call went. An inbound call's
 * customer is its caller, an outbound call's its callee; but recorders do not all put the parties the same way
 * round (a FreePBX {@code ondemand-}/{@code external-} name whose CDR marks the call outbound, an Avaya owner
 * recorded as the caller), so when the party where the customer should be is an extension, the other party is
 * the customer if it is external. A withheld customer stays unknown: the company's own number on the other side
 * is never taken for them. Internal calls have no subject.
 */
public final class Subjects {
  private Subjects() {}

  /** The subject as {@link PhoneNumbers#subject} keys it, or null. */
  public static String of(Direction direction, String caller, String callee, PhoneNumbers numbers) {
    if (direction == Direction.INTERNAL) {
      return null;
    }
    String expected = direction == Direction.OUTBOUND ? callee : caller;
    String other = direction == Direction.OUTBOUND ? caller : callee;
    if (numbers.isExtension(expected)) {
      return numbers.subject(other);
    }
    return numbers.subject(expected);
  }
}
