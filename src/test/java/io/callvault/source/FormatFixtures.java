package io.callvault.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The format fixtures of src/test/resources/formats (sources in its README) and a way to identify with them. */
final class FormatFixtures {
  static final PbxFormats FORMATS = PbxFormats.standard(new PhoneNumbers("GB"));
  static final ZoneId UTC = ZoneOffset.UTC;

  private FormatFixtures() {}

  static byte[] fixture(String path) {
    try (InputStream in = FormatFixtures.class.getResourceAsStream("/formats/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@code sidecar} (a fixture) as the sidecar of {@code audio} and identifies the audio. */
  static Recording withSidecar(PbxFormat format, String audio, String sidecarPath, String fixture)
      throws UnidentifiableRecordingException {
    CallFields fields = format.readSidecar(sidecarPath, fixture(fixture));
    return format.identify(new PbxFormat.Identification("src", audio, UTC, CallIndex.EMPTY, fields, s -> "0".repeat(64)));
  }

  static Recording byName(PbxFormat format, String path, CallIndex index) throws UnidentifiableRecordingException {
    return format.identify(new PbxFormat.Identification("src", path, UTC, index, CallFields.EMPTY,
        s -> "0".repeat(64)));
  }
}
