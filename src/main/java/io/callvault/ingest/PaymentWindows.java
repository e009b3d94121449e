package io.callvault.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.audio.MarkedInterval;
import java.util.ArrayList;
import java.util.List;

/**
 * Payment windows as platforms mark them (pause/resume of recording-worthy content): a JSON list of
 * {@code {"start": 12.5, "end": 31.0}} in seconds from the start of the recording. Shared by the
 * sidecar and CRM sources.
 */
public final class PaymentWindows {
  private PaymentWindows() {}

  /** The windows at {@code pointer} in {@code doc}; empty when absent. */
  public static List<MarkedInterval> parse(JsonNode doc, String pointer) throws InvalidWindowsException {
    JsonNode list = doc.at(pointer);
    if (list.isMissingNode() || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new InvalidWindowsException(pointer + " is not a list of {start, end}");
    }
    List<MarkedInterval> out = new ArrayList<>();
    for (JsonNode w : list) {
      if (!w.path("start").isNumber() || !w.path("end").isNumber() || w.get("end").asDouble() <= w.get("start").asDouble()) {
        throw new InvalidWindowsException("a window without numeric start < end (seconds)");
      }
      out.add(MarkedInterval.ofMillis(Math.round(w.get("start").asDouble() * 1000), Math.round(w.get("end").asDouble() * 1000)));
    }
    return List.copyOf(out);
  }

  /** The windows cannot be trusted; the message says why and holds no personal data. */
  public static class InvalidWindowsException extends Exception {
    public InvalidWindowsException(String message) {
      super(message);
    }
  }
}
