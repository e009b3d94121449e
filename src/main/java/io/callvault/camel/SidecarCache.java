package io.callvault.camel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.audio.MarkedInterval;
import io.callvault.ingest.PaymentWindows;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Payment windows from sidecar files: {@code <recording>.json} next to a recording, holding
 * {@code {"payment_windows": [{"start": 12.5, "end": 31.0}]}} (seconds from the start of the
 * recording; the JSON Pointer is {@code callvault.masking.sidecar-pointer}). A sidecar that cannot be
 * read is remembered as broken, so that its recording is quarantined rather than stored unmasked.
 */
public final class SidecarCache {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The windows of one recording, or why its sidecar cannot be used. */
  public record Windows(List<MarkedInterval> windows, String problem) {}

  private final String pointer;
  private final Map<String, Windows> byRecording = new ConcurrentHashMap<>();

  public SidecarCache(String pointer) {
    this.pointer = pointer;
  }

  public void load(String recordingKey, InputStream json) {
    byRecording.put(recordingKey, parse(json));
  }

  Windows parse(InputStream json) {
    try {
      return new Windows(PaymentWindows.parse(JSON.readTree(json), pointer), null);
    } catch (PaymentWindows.InvalidWindowsException e) {
      return new Windows(List.of(), "sidecar " + e.getMessage());
    } catch (IOException e) {
      return new Windows(List.of(), "sidecar is not valid JSON");
    }
  }

  /** Remembers that a recording's sidecar exists but cannot be used (it was not read), so the recording is quarantined. */
  public void refuse(String recordingKey, String problem) {
    byRecording.put(recordingKey, new Windows(List.of(), problem));
  }

  /** Removes and returns what the sidecar of a recording said; null when it had none. */
  public Windows take(String recordingKey) {
    return byRecording.remove(recordingKey);
  }
}
