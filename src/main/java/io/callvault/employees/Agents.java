package io.callvault.employees;

import io.callvault.source.CdrRecord;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.Recording;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agents of a recording, as far as the PBX tells: the owner or agent of the recorder's metadata (Avaya's
 * {@code Owner}, the {@code agent} field of the generic, Oreka, SIPREC and 3CX formats), the extensions of the
 * Asterisk CDR's channels ({@code PJSIP/201-0000002a}, {@code Local/203@from-queue-...}: the queue member who
 * answered), and otherwise the parties that are extensions, except the queue or ring group a {@code q-}/{@code rg-}
 * name calls. Extensions only: never a customer's number.
 */
public final class Agents {
  private static final Pattern CHANNEL = Pattern.compile("^[A-Za-z0-9_]+/(\\d+)[-@;]");
  private static final Set<String> GROUP_CALLS = Set.of("q", "rg");

  private final PhoneNumbers numbers;

  public Agents(PhoneNumbers numbers) {
    this.numbers = numbers;
  }

  /** The agents' extensions, first the metadata's, then the CDR's, without repeats; empty when none is known. */
  public List<String> of(Recording r, CdrRecord cdr) {
    Set<String> out = new LinkedHashSet<>();
    add(out, r.context().agent());
    if (cdr != null) {
      add(out, channelExtension(cdr.channel()));
      add(out, channelExtension(cdr.dstchannel()));
    }
    if (out.isEmpty()) {
      add(out, r.caller());
      if (!GROUP_CALLS.contains(r.callType())) {
        add(out, r.callee());
      }
    }
    return new ArrayList<>(out);
  }

  private void add(Set<String> out, String candidate) {
    if (candidate != null && numbers.isExtension(candidate)) {
      out.add(candidate.strip());
    }
  }

  /** The extension a channel name carries ({@code SIP/201-00000012} gives 201), or null (a trunk). */
  static String channelExtension(String channel) {
    if (channel == null) {
      return null;
    }
    Matcher m = CHANNEL.matcher(channel.strip());
    return m.find() ? m.group(1) : null;
  }
}
