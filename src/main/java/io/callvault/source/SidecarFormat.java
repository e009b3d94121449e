package io.callvault.source;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the recorders that write one metadata file per recording have in common (Avaya, SIPREC, generic with a
 * sidecar): audio files by extension ({@code audio-extensions}, default {@code wav,mp3}), the sidecar by its own
 * extension next to the audio with the same base name, no drop-wide call records. A recording waits for its
 * sidecar, whichever arrives first.
 */
abstract class SidecarFormat implements PbxFormat {
  private final List<String> audioExtensions;
  private final String sidecarExtension;
  final MetadataRecording recordings;

  SidecarFormat(PbxFormats.Setup setup, FormatOptions options, String sidecarExtension) {
    this.audioExtensions = Arrays.stream(options.get("audio-extensions", "wav,mp3").split(","))
        .map(e -> e.strip().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty()).toList();
    this.sidecarExtension = sidecarExtension;
    this.recordings = new MetadataRecording(setup.numbers(), options);
  }

  @Override
  public DropKind kind(String relativePath) {
    return extension(relativePath).equals(sidecarExtension) ? DropKind.SIDECAR : DropKind.RECORDING;
  }

  @Override
  public CallIndex readCdr(InputStream in) {
    return CallIndex.EMPTY;
  }

  @Override
  public boolean needsSidecar() {
    return true;
  }

  @Override
  public List<String> sidecarPaths(String recordingPath) {
    return List.of(pairKey(recordingPath) + "." + sidecarExtension);
  }

  @Override
  public Recording identify(Identification f) throws UnidentifiableRecordingException {
    if (f.sidecar().isEmpty()) {
      throw new MetadataPendingException("its ." + sidecarExtension + " sidecar has not arrived");
    }
    if (!audioExtensions.contains(extension(f.relativePath()))) {
      throw new UnidentifiableRecordingException("not a recording of this drop (audio-extensions: "
          + String.join(", ", audioExtensions) + ")");
    }
    return recordings.build(f.sourceId(), f.relativePath(), f.pbxZone(), f.sidecar());
  }

  static String extension(String relativePath) {
    int slash = relativePath.lastIndexOf('/');
    int dot = relativePath.lastIndexOf('.');
    return dot > slash ? relativePath.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }
}
