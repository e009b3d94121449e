package io.callvault.bench;

import io.callvault.audio.DtmfMasker;
import io.callvault.audio.MaskResult;
import io.callvault.audio.MaskSettings;
import io.callvault.audio.MaskingOutputStream;
import io.callvault.audio.TestAudio;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DTMF masking throughput on 60 s of 8 kHz mono 16-bit PCM (speech-like audio, noise and a keyed
 * 16-digit card number). Seconds of audio per second of CPU = 60 000 / (ms per operation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DtmfMaskingBenchmark {
  static final int RATE = 8000;
  static final int SECONDS = 60;

  private byte[] wav;
  private final MaskSettings settings = MaskSettings.defaults();

  @Setup
  public void setUp() {
    double[] audio = new double[RATE * SECONDS];
    TestAudio.addSpeechLike(audio, RATE, 0, audio.length, -18, 1);
    TestAudio.KeyedCard card = TestAudio.keyedCard(RATE, "4556737586899855", 2);
    double[] keyed = card.audio();
    for (int i = 0; i < keyed.length; i++) {
      audio[RATE * 20 + i] = keyed[i];
    }
    TestAudio.addNoise(audio, -50, 3);
    short[] samples = TestAudio.toShorts(audio);
    ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length * 2)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
        .putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * 2);
    for (short s : samples) {
      b.putShort(s);
    }
    wav = b.array();
    MaskResult check = mask();
    if (check.tonesMasked() != 16) {
      throw new IllegalStateException("benchmark audio should hold 16 tones, masker found " + check.tonesMasked());
    }
  }

  /** {@link DtmfMasker#mask}: input stream to output stream. */
  @Benchmark
  public MaskResult mask() {
    try {
      return DtmfMasker.mask(new ByteArrayInputStream(wav), OutputStream.nullOutputStream(), settings);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The pipeline's form: the masking output stream, written in 8 KiB pieces. */
  @Benchmark
  public MaskResult maskingStream() throws IOException {
    MaskingOutputStream out = DtmfMasker.maskingStream(OutputStream.nullOutputStream(), settings);
    for (int at = 0; at < wav.length; at += 8192) {
      out.write(wav, at, Math.min(8192, wav.length - at));
    }
    out.close();
    return out.result();
  }
}
