package io.callvault.source;

import java.time.LocalDateTime;

/**
 * One row of Asterisk {@code cdr_csv} (Master.csv). Times are PBX-local, as Asterisk writes them.
 *
 * @param src caller id number
 * @param dst destination extension or dialled number
 * @param dcontext destination dialplan context
 * @param channel calling channel
 * @param dstchannel called channel, may be empty
 * @param start call start
 * @param answer answer time, null when the call was not answered
 * @param end call end, null when missing
 * @param duration seconds from start to end
 * @param billsec seconds from answer to end
 * @param disposition ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION
 * @param uniqueid Asterisk uniqueid, null in the 16-column form
 * @param userfield user field, null when not logged
 */
public record CdrRecord(
    String src,
    String dst,
    String dcontext,
    String channel,
    String dstchannel,
    LocalDateTime start,
    LocalDateTime answer,
    LocalDateTime end,
    int duration,
    int billsec,
    String disposition,
    String uniqueid,
    String userfield) {

  /** True when the disposition is ANSWERED. */
  public boolean answered() {
    return "ANSWERED".equalsIgnoreCase(disposition);
  }

  /**
   * True when this row is a better description of the call than {@code other}: answered beats
   * unanswered, then the longer billsec wins, then the longer duration.
   */
  public boolean betterThan(CdrRecord other) {
    if (answered() != other.answered()) {
      return answered();
    }
    if (billsec != other.billsec) {
      return billsec > other.billsec;
    }
    return duration > other.duration;
  }
}
