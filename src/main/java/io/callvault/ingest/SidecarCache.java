package io.callvault.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.audio.MarkedInterval;
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

  /** The ingest route's sidecar step: reads the claimed sidecar and keeps its windows for its recording. */
  public void load(Ingest sidecar) throws IOException {
    try (InputStream json = sidecar.open()) {
      byRecording.put(recordingKey(sidecar.dropKey(), sidecar.file().relativePath()), parse(json));
    }
  }

  /** The key a recording and its sidecar ({@code <recording>.json}) share. */
  public static String recordingKey(String dropKey, String relativePath) {
    String rel = relativePath.endsWith(SUFFIX) ? relativePath.substring(0, relativePath.length() - SUFFIX.length())
        : relativePath;
    return dropKey + "|" + rel;
  }

  /** A sidecar's name: {@code <recording file name>.json}. */
  public static final String SUFFIX = ".json";

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
