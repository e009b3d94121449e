package io.callvault.source;

import io.callvault.source.Recording.Direction;
import java.util.Locale;
import java.util.Optional;

/**
 * How callvault decides a call's direction, in order of trust.
 *
 * <ol>
 *   <li>{@link #fromCallType}: the FreePBX file-name type when it is unambiguous: {@code in},
 *       {@code q}, {@code rg} inbound; {@code out} outbound; {@code internal}, {@code exten}
 *       internal. ({@code external}, {@code ondemand}, {@code force} and {@code auto} say nothing.)
 *   <li>{@link #fromCdr}: the CDR destination context. Trunk contexts ({@code from-trunk*},
 *       {@code from-pstn*}, {@code from-did*}, {@code ext-did*}, {@code from-sip-external},
 *       {@code from-dahdi*}) are inbound. Internal-origin contexts ({@code from-internal*},
 *       {@code macro-dialout*}, {@code outbound-allroutes}, {@code outrt-*}) are outbound when the
 *       destination is an external number, otherwise internal. Any other context (queues, ring
 *       groups, follow-me...) is read from the parties as below, using src/dst.
 *   <li>{@link #fromParties}: extension to extension is internal; extension to external number is
 *       outbound; an external or withheld caller is inbound.
 * </ol>
 */
public final class CallDirections {

  private CallDirections() {}

  /** Direction implied by a file-name call type, when unambiguous. */
  public static Optional<Direction> fromCallType(String callType) {
    switch (callType == null ? "" : callType.toLowerCase(Locale.ROOT)) {
      case "in":
      case "q":
      case "rg":
        return Optional.of(Direction.INBOUND);
      case "out":
        return Optional.of(Direction.OUTBOUND);
      case "internal":
      case "exten":
        return Optional.of(Direction.INTERNAL);
      default:
        return Optional.empty();
    }
  }

  /** Direction implied by a CDR row. */
  public static Optional<Direction> fromCdr(CdrRecord cdr, PhoneNumbers numbers) {
    String ctx = cdr.dcontext() == null ? "" : cdr.dcontext().trim().toLowerCase(Locale.ROOT);
    if (ctx.startsWith("from-trunk")
        || ctx.startsWith("from-pstn")
        || ctx.startsWith("from-did")
        || ctx.startsWith("ext-did")
        || ctx.equals("from-sip-external")
        || ctx.startsWith("from-dahdi")) {
      return Optional.of(Direction.INBOUND);
    }
    if (ctx.startsWith("from-internal")
        || ctx.startsWith("macro-dialout")
        || ctx.equals("outbound-allroutes")
        || ctx.startsWith("outrt-")) {
      return Optional.of(
          numbers.e164(cdr.dst()).isPresent() ? Direction.OUTBOUND : Direction.INTERNAL);
    }
    return fromParties(cdr.src(), cdr.dst(), numbers);
  }

  /** Direction implied by the parties alone; empty when they do not tell. */
  public static Optional<Direction> fromParties(
      String caller, String callee, PhoneNumbers numbers) {
    boolean callerExt = numbers.isExtension(caller);
    boolean calleeExt = numbers.isExtension(callee);
    boolean callerOutside = numbers.e164(caller).isPresent() || numbers.isWithheld(caller);
    boolean calleeExternal = numbers.e164(callee).isPresent();
    if (callerExt && calleeExt) {
      return Optional.of(Direction.INTERNAL);
    }
    if (callerExt && calleeExternal) {
      return Optional.of(Direction.OUTBOUND);
    }
    if (callerOutside && (calleeExt || calleeExternal || numbers.isWithheld(callee))) {
      return Optional.of(Direction.INBOUND);
    }
    return Optional.empty();
  }
}
