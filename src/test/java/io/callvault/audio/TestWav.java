package io.callvault.audio;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Writes WAV files for tests (with chunk layouts of choice) and reads them back through Java
 * Sound, which shares no code with the production reader and codecs.
 */
final class TestWav {
  private final WavFormat.Encoding encoding;
  private final int rate;
  private final short[][] channels;
  private final List<byte[]> before = new ArrayList<>();
  private final List<byte[]> after = new ArrayList<>();
  private Long dataSizeField;
  private int formatTag = -1;
  private boolean extensible;

  private TestWav(WavFormat.Encoding encoding, int rate, short[][] channels) {
    this.encoding = encoding;
    this.rate = rate;
    this.channels = channels;
  }

  static TestWav of(WavFormat.Encoding encoding, int rate, short[]... channels) {
    return new TestWav(encoding, rate, channels);
  }

  static byte[] wav(WavFormat.Encoding encoding, int rate, short[]... channels) {
    return of(encoding, rate, channels).build();
  }

  /** Adds a chunk before the data chunk (odd sizes get their pad byte). */
  TestWav chunkBeforeData(String id, byte[] body) {
    before.add(chunk(id, body));
    return this;
  }

  TestWav chunkAfterData(String id, byte[] body) {
    after.add(chunk(id, body));
    return this;
  }

  /** Appends bytes as they are after the last chunk: no chunk header, no pad byte (a lying or broken file). */
  TestWav rawAfterData(byte[] bytes) {
    after.add(bytes.clone());
    return this;
  }

  /** Writes this value as the data chunk size (0 or 0xFFFFFFFF for streamed files). */
  TestWav dataSizeField(long size) {
    dataSizeField = size;
    return this;
  }

  /** Overrides the format tag (for formats the masker must refuse). */
  TestWav formatTag(int tag) {
    formatTag = tag;
    return this;
  }

  TestWav extensible() {
    extensible = true;
    return this;
  }

  byte[] samples() {
    return encode(encoding, rate, channels);
  }

  byte[] build() {
    byte[] data = samples();
    int nch = channels.length;
    int bytesPerSample = encoding == WavFormat.Encoding.PCM_16 ? 2 : 1;
    int tag = formatTag >= 0 ? formatTag : switch (encoding) {
      case PCM_16, PCM_U8 -> 1;
      case ALAW -> 6;
      case MULAW -> 7;
    };
    ByteBuffer fmt = ByteBuffer.allocate(extensible ? 40 : 16).order(ByteOrder.LITTLE_ENDIAN);
    fmt.putShort((short) (extensible ? 0xFFFE : tag)).putShort((short) nch).putInt(rate)
        .putInt(rate * nch * bytesPerSample).putShort((short) (nch * bytesPerSample)).putShort((short) (8 * bytesPerSample));
    if (extensible) {
      fmt.putShort((short) 22).putShort((short) (8 * bytesPerSample)).putInt(nch == 1 ? 4 : 3);
      fmt.putShort((short) tag).put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(chunk("fmt ", fmt.array()));
    before.forEach(body::writeBytes);
    body.writeBytes("data".getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(le32(dataSizeField != null ? dataSizeField : data.length));
    body.writeBytes(data);
    if ((data.length & 1) == 1) {
      body.write(0);
    }
    after.forEach(body::writeBytes);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
    file.writeBytes(le32(body.size()));
    file.writeBytes(body.toByteArray());
    return file.toByteArray();
  }

  /** Offset of the first audio byte in what {@link #build()} returns. */
  int dataOffset() {
    int offset = 12 + 8 + (extensible ? 40 : 16);
    for (byte[] c : before) {
      offset += c.length;
    }
    return offset + 8;
  }

  static byte[] chunk(String id, byte[] body) {
    ByteArrayOutputStream c = new ByteArrayOutputStream();
    c.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
    c.writeBytes(le32(body.length));
    c.writeBytes(body);
    if ((body.length & 1) == 1) {
      c.write(0);
    }
    return c.toByteArray();
  }

  static byte[] le32(long v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
  }

  /** Interleaves and encodes; G.711 through Java Sound's encoders. */
  static byte[] encode(WavFormat.Encoding encoding, int rate, short[][] channels) {
    int nch = channels.length;
    int frames = channels[0].length;
    ByteBuffer pcm = ByteBuffer.allocate(frames * nch * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int f = 0; f < frames; f++) {
      for (short[] ch : channels) {
        pcm.putShort(ch[f]);
      }
    }
    switch (encoding) {
      case PCM_16:
        return pcm.array();
      case PCM_U8: {
        byte[] out = new byte[frames * nch];
        for (int i = 0; i < out.length; i++) {
          out[i] = (byte) ((pcm.getShort(2 * i) >> 8) + 128);
        }
        return out;
      }
      default: {
        AudioFormat.Encoding target = encoding == WavFormat.Encoding.MULAW ? AudioFormat.Encoding.ULAW : AudioFormat.Encoding.ALAW;
        AudioFormat source = new AudioFormat(rate, 16, nch, true, false);
        AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm.array()), source, frames);
        try {
          return AudioSystem.getAudioInputStream(new AudioFormat(target, rate, 8, nch, nch, rate, false), in).readAllBytes();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /**
   * Decodes {@code frames} frames of raw audio starting at byte {@code from} of {@code file} (wherever
   * the header says the audio is) through Java Sound, into 16-bit linear samples per channel.
   */
  static short[][] readRaw(byte[] file, int from, int frames, WavFormat.Encoding encoding, int rate, int channels) {
    int bytesPerSample = encoding.bytesPerSample();
    int length = Math.min(frames, (file.length - from) / (bytesPerSample * channels)) * bytesPerSample * channels;
    AudioFormat.Encoding coding = switch (encoding) {
      case PCM_16 -> AudioFormat.Encoding.PCM_SIGNED;
      case PCM_U8 -> AudioFormat.Encoding.PCM_UNSIGNED;
      case MULAW -> AudioFormat.Encoding.ULAW;
      case ALAW -> AudioFormat.Encoding.ALAW;
    };
    AudioFormat raw = new AudioFormat(coding, rate, 8 * bytesPerSample, channels, bytesPerSample * channels, rate, false);
    AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(file, from, length), raw, length / raw.getFrameSize());
    return toChannels(AudioSystem.getAudioInputStream(new AudioFormat(rate, 16, channels, true, false), in));
  }

  private static short[][] toChannels(AudioInputStream linear) {
    try (linear) {
      byte[] bytes = linear.readAllBytes();
      int nch = linear.getFormat().getChannels();
      int frames = bytes.length / (2 * nch);
      short[][] out = new short[nch][frames];
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < frames; i++) {
        for (int c = 0; c < nch; c++) {
          out[c][i] = b.getShort();
        }
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a WAV file through Java Sound into 16-bit linear samples per channel. */
  static short[][] read(byte[] wav) {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
      AudioFormat f = in.getFormat();
      AudioFormat linear = new AudioFormat(f.getSampleRate(), 16, f.getChannels(), true, false);
      return toChannels(AudioSystem.getAudioInputStream(linear, in));
    } catch (IOException | UnsupportedAudioFileException e) {
      throw new IllegalStateException(e);
    }
  }
}
