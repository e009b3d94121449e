package io.callvault.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a recorder's metadata says about one call, by callvault's field names, as read from a sidecar (XML, CSV,
 * JSON), a CSV export or a file name. Values are the strings as found: {@link MetadataRecording} reads them. The
 * parties' numbers and names are personal data: they are used to find the subject and never stored.
 *
 * @param values field name to value; fields the metadata does not have are absent
 */
public record CallFields(Map<String, String> values) {
  /** The recorder's id of the call (becomes the recording's PBX unique id). Required. */
  public static final String CALL_REFERENCE = "call-reference";
  /** When the call (or its recording) started. Required. */
  public static final String START = "start";
  /** Seconds, or {@code [H:]MM:SS}. */
  public static final String DURATION = "duration";
  /** in/out/internal, or a value mapped by the format's {@code directions}. */
  public static final String DIRECTION = "direction";
  public static final String CALLER_NUMBER = "caller-number";
  public static final String CALLER_NAME = "caller-name";
  public static final String CALLEE_NUMBER = "callee-number";
  public static final String CALLEE_NAME = "callee-name";
  /** The owner's or agent's extension. */
  public static final String AGENT = "agent";
  /** The queue or hunt group. */
  public static final String QUEUE = "queue";
  /** A case id, for legal holds by case. */
  public static final String CASE_ID = "case-id";

  /** Every field a mapping may name. */
  public static final List<String> NAMES = List.of(CALL_REFERENCE, START, DURATION, DIRECTION, CALLER_NUMBER,
      CALLER_NAME, CALLEE_NUMBER, CALLEE_NAME, AGENT, QUEUE, CASE_ID);

  public static final CallFields EMPTY = new CallFields(Map.of());

  public CallFields {
    Map<String, String> kept = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (v != null && !v.isBlank()) {
        kept.put(k, v.strip());
      }
    });
    values = Map.copyOf(kept);
  }

  /** The value, or null when absent or blank. */
  public String get(String field) {
    return values.get(field);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** These fields, completed by {@code more} where these have none. */
  public CallFields orElse(CallFields more) {
    Map<String, String> all = new LinkedHashMap<>(more.values);
    all.putAll(values);
    return new CallFields(all);
  }
}
