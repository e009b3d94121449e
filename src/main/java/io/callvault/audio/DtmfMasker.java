package io.callvault.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Removes card data from call audio before it is stored: replaces DTMF tones (plus guards) and
 * marked intervals with silence or comfort noise, leaving every other byte of the WAV file as it
 * was. Streaming, in bounded memory. See {@link MaskSettings} for the options.
 */
public final class DtmfMasker {
  private DtmfMasker() {}

  /**
   * Copies {@code wav} to {@code out}, masked. Neither stream is closed.
   *
   * <p>When the audio cannot be masked (GSM, MP3, unknown coding, truncated header) nothing is
   * written, the result gives the reason, and {@code wav} is reset to where it was provided it
   * supports {@link InputStream#mark} (as {@link AudioSniffer#check}'s stream does), so the caller
   * can apply its rule for unmasked audio (store flagged, or quarantine).
   */
  public static MaskResult mask(InputStream wav, OutputStream out, MaskSettings settings) throws IOException {
    InputStream in = wav.markSupported() ? wav : new BufferedInputStream(wav, 64 * 1024);
    WavHeaderReader.Probe probe = WavHeaderReader.peek(in, settings.maxHeaderBytes());
    if (!probe.maskable()) {
      return MaskResult.notMasked(probe.notMaskableReason());
    }
    MaskingOutputStream masking = maskingStream(out, settings);
    in.transferTo(masking);
    masking.finish();
    return masking.result();
  }

  /**
   * Returns a stream to write the WAV file into; it writes the masked file to {@code downstream}
   * and closes it on close. Audio it cannot decode passes through unchanged. Read
   * {@link MaskingOutputStream#result()} after closing it.
   */
  public static MaskingOutputStream maskingStream(OutputStream downstream, MaskSettings settings) {
    return new MaskingOutputStream(downstream, settings);
  }
}
