package io.callvault.ingest;

import io.callvault.policy.Purpose;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.Recording;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The call metadata a purpose keeps with its copy ({@code metadata:} in policies.yaml); every other field is
 * dropped before the copy is written. Phone numbers are never among the fields, and neither are extensions or
 * employee ids: {@code agent} is the catalog key (HMAC) of the call's employees, or, when the employee directory
 * names none, the keyed hash of the agent's extension ({@code extension:<source>:<extension>}).
 */
public final class CallMetadata {
  private final PhoneNumbers numbers;
  private final UnaryOperator<String> keyed;

  /** @param keyed the catalog's keyed hash ({@code SubjectKeys::keyOf}) */
  public CallMetadata(PhoneNumbers numbers, UnaryOperator<String> keyed) {
    this.numbers = numbers;
    this.keyed = keyed;
  }

  /** The fields {@code purpose} keeps of a call whose employees' keys are {@code employeeKeys}. */
  public Map<String, String> of(Recording r, Purpose purpose, List<String> employeeKeys) {
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
        case "agent" -> employeeKeys.isEmpty() ? keyedAgent(r) : String.join(",", employeeKeys);
        default -> null;
      };
      if (value != null) {
        out.put(field, value);
      }
    }
    return out;
  }

  private String keyedAgent(Recording r) {
    String extension = agent(r);
    return extension == null ? null : keyed.apply("extension:" + r.sourceId() + ":" + extension);
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
