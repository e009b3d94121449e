package io.callvault.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.audio.MarkedInterval;
import io.callvault.source.CallFields;
import io.callvault.source.PbxFormat;
import io.callvault.source.UnidentifiableRecordingException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the sidecar next to a recording says, read when the drop lists it (sidecars are claimed before the
 * recordings of a poll, and stay in the drop until their recording leaves it): the call's metadata as the
 * source's format reads it (an Avaya or SIPREC XML file, a generic JSON file...), and payment windows from a
 * {@code .json} sidecar, {@code {"payment_windows": [{"start": 12.5, "end": 31.0}]}} (seconds from the start of
 * the recording; the JSON Pointer is {@code callvault.masking.sidecar-pointer}). A sidecar that cannot be read is
 * remembered as broken, so that its recording is quarantined rather than stored without it. Entries live in
 * memory for the poll that pairs them; when the recording and the sidecar wait for each other is in the catalog
 * ({@link Pairing}).
 */
public final class SidecarCache {
  /** The largest sidecar read: metadata files are small, anything larger is refused. */
  public static final int MAX_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_SUFFIX = ".json";

  /**
   * One sidecar: where it is, the call's fields, its payment windows, or why it cannot be used.
   *
   * @param path its path below the drop directory (it leaves the drop with its recording)
   */
  public record Entry(String path, CallFields fields, List<MarkedInterval> windows, String problem) {}

  private final String pointer;
  private final Map<String, Entry> byRecording = new ConcurrentHashMap<>();

  public SidecarCache(String pointer) {
    this.pointer = pointer;
  }

  /** The ingest route's sidecar step: reads the claimed sidecar and keeps what it says for its recording. */
  public void load(Ingest sidecar) throws IOException {
    byte[] content;
    try (InputStream in = sidecar.open()) {
      content = in.readNBytes(MAX_BYTES + 1);
    }
    String path = sidecar.file().relativePath();
    byRecording.put(key(sidecar.dropKey(), sidecar.format().pairKey(path)), parse(sidecar.format(), path, content));
  }

  /** The key a recording and its sidecar share in one drop. */
  public static String key(String dropKey, String pairKey) {
    return dropKey + "|" + pairKey;
  }

  Entry parse(PbxFormat format, String path, byte[] content) {
    if (content.length > MAX_BYTES) {
      return new Entry(path, CallFields.EMPTY, List.of(), "sidecar is larger than " + MAX_BYTES + " bytes");
    }
    CallFields fields;
    try {
      fields = format.readSidecar(path, content);
    } catch (UnidentifiableRecordingException e) {
      return new Entry(path, CallFields.EMPTY, List.of(), e.getMessage());
    }
    if (!path.endsWith(JSON_SUFFIX)) {
      return new Entry(path, fields, List.of(), null);
    }
    try {
      return new Entry(path, fields, PaymentWindows.parse(JSON.readTree(content), pointer), null);
    } catch (PaymentWindows.InvalidWindowsException e) {
      return new Entry(path, fields, List.of(), "sidecar " + e.getMessage());
    } catch (IOException e) {
      return new Entry(path, fields, List.of(), "sidecar is not valid JSON");
    }
  }

  /** Remembers that a recording's sidecar exists but cannot be used (it was not read), so the recording is quarantined. */
  public void refuse(String key, String path, String problem) {
    byRecording.put(key, new Entry(path, CallFields.EMPTY, List.of(), problem));
  }

  /** Removes and returns what the sidecar of a recording said; null when it had none. */
  public Entry take(String key) {
    return byRecording.remove(key);
  }
}
