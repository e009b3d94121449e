package io.callvault.ingest;

import io.callvault.policy.Purpose;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.Recording;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The call metadata a purpose keeps with its copy ({@code metadata:} in policies.yaml); every other field is
 * dropped before the copy is written. Phone numbers are never among the fields.
 */
public final class CallMetadata {
  private final PhoneNumbers numbers;

  public CallMetadata(PhoneNumbers numbers) {
    this.numbers = numbers;
  }

  public Map<String, String> of(Recording r, Purpose purpose) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String field : purpose.metadata()) {
      String value = switch (field) {
        case "direction" -> r.direction().name().toLowerCase(Locale.ROOT);
        case "call-type" -> r.callType();
        case "call-day" -> r.start().atZone(ZoneOffset.UTC).toLocalDate().toString();
        case "call-start" -> r.start().toString();
        case "duration" -> r.durationSeconds() == null ? null : r.durationSeconds().toString();
        case "disposition" -> r.disposition();
        case "source" -> r.sourceId();
        case "agent" -> agent(r);
        default -> null;
      };
      if (value != null) {
        out.put(field, value);
      }
    }
    return out;
  }

  private String agent(Recording r) {
    if (r.context().agent() != null) {
      return r.context().agent();
    }
    for (String party : new String[] {r.callee(), r.caller()}) {
      if (party != null && numbers.isExtension(party)) {
        return party;
      }
    }
    return null;
  }
}
