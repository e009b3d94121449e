package io.callvault.audio;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A call in which a card number is keyed as DTMF, as a WAV file in a given format, and the test's
 * own FFT decoder (not the production detector) to look for the digits in what callvault stored.
 * The card sits either in the ordinary audio ({@link #of}) or where a lying or unusual header puts
 * it beyond what the header declares as the audio ({@link #hidden}).
 */
public final class CardCall {
  public static final String CARD = "4111111111111111";

  private final TestAudio.KeyedCard card;
  private final byte[] wav;
  private final WavFormat.Encoding encoding;
  private final int channels;
  /** Byte offset of the keyed audio in the file, or -1 when it is the audio the header declares. */
  private final int keyedOffset;

  private CardCall(TestAudio.KeyedCard card, byte[] wav, WavFormat.Encoding encoding, int channels, int keyedOffset) {
    this.card = card;
    this.wav = wav;
    this.encoding = encoding;
    this.channels = channels;
    this.keyedOffset = keyedOffset;
  }

  /** encoding: PCM_16, MULAW or ALAW; channels 1 or 2 (the keypad on the first channel). */
  public static CardCall of(WavFormat.Encoding encoding, int rate, int channels, long seed) {
    TestAudio.KeyedCard card = TestAudio.keyedCard(rate, CARD, seed);
    return new CardCall(card, TestWav.wav(encoding, rate, audio(card, channels, seed)), encoding, channels, -1);
  }

  /** The card keyed where {@code layout} puts it; 2 s of speech are the audio the header declares. */
  public static CardCall hidden(WavLayout layout, WavFormat.Encoding encoding, int rate, int channels, long seed) {
    TestAudio.KeyedCard card = TestAudio.keyedCard(rate, CARD, seed);
    byte[] keyed = TestWav.encode(encoding, rate, audio(card, channels, seed));
    int speechFrames = layout == WavLayout.ODD_SIZES_WITH_PAD_BYTE ? 2 * rate + 1 : 2 * rate;
    short[][] speech = speech(speechFrames, rate, channels, seed);
    int speechBytes = speechFrames * channels * encoding.bytesPerSample();
    TestWav wav = TestWav.of(encoding, rate, speech);
    int after = wav.dataOffset() + speechBytes + (speechBytes & 1);
    int offset = switch (layout) {
      case AFTER_DECLARED_END -> {
        wav.rawAfterData(keyed);
        yield after;
      }
      case DECLARED_END_INSIDE_THE_DIGITS -> {
        wav = TestWav.of(encoding, rate, concat(speech, audio(card, channels, seed)))
            .dataSizeField(speechBytes + keyed.length / 2 + 1);
        yield wav.dataOffset() + speechBytes;
      }
      case SECOND_DATA_CHUNK -> {
        wav.chunkAfterData("data", keyed);
        yield after + 8;
      }
      case LIST_AFTER_DATA -> {
        wav.chunkAfterData("fact", TestWav.le32(speechFrames)).chunkAfterData("LIST", keyed);
        yield after + 12 + 8;
      }
      case ODD_SIZES_WITH_PAD_BYTE -> {
        wav.chunkAfterData("LIST", new byte[] {'I', 'N', 'F', 'O', 0}).chunkAfterData("data", keyed);
        yield after + 8 + 6 + 8;
      }
      case ODD_SIZE_WITHOUT_PAD_BYTE -> {
        wav.dataSizeField(speechBytes + 1).rawAfterData(cat(new byte[1], TestWav.chunk("data", keyed)));
        yield after + 1 + 8;
      }
      case TRUNCATED -> {
        wav = TestWav.of(encoding, rate, concat(speech, audio(card, channels, seed)))
            .dataSizeField(speechBytes + keyed.length + 10_000_000L);
        yield wav.dataOffset() + speechBytes;
      }
      case STREAMED_SIZE_ZERO -> {
        wav.dataSizeField(0).chunkAfterData("LIST", keyed);
        yield after + 8;
      }
      case STREAMED_SIZE_FFFFFFFF -> {
        wav.dataSizeField(0xFFFFFFFFL).chunkAfterData("data", keyed);
        yield after + 8;
      }
      case CHUNK_BEFORE_DATA -> {
        wav.chunkBeforeData("LIST", keyed);
        yield 12 + 8 + 16 + 8;
      }
    };
    return new CardCall(card, wav.build(), encoding, channels, offset);
  }

  public byte[] wav() {
    return wav;
  }

  /** Where the keyed audio starts and ends in the file, {@code [from, to)}; the whole file for {@link #of}. */
  public int[] keyedBytes() {
    if (keyedOffset < 0) {
      return new int[] {0, wav.length};
    }
    return new int[] {keyedOffset, keyedOffset + card.audio().length * channels * encoding.bytesPerSample()};
  }

  /** The digits the test decoder hears in the keyed stretch of {@code stored}, on any channel. */
  public String digitsIn(byte[] stored) {
    short[][] decoded = keyedOffset < 0 ? TestWav.read(stored)
        : TestWav.readRaw(stored, keyedOffset, card.audio().length, encoding, card.rate(), channels);
    StringBuilder all = new StringBuilder();
    for (short[] channel : decoded) {
      all.append(FftDtmfDecoder.decode(card.keyedPart(channel), card.rate()));
    }
    return all.toString();
  }

  /** The keypad's side on the first channel, the other party's speech on the second. */
  private static short[][] audio(TestAudio.KeyedCard card, int channels, long seed) {
    short[] caller = TestAudio.toShorts(card.audio());
    if (channels == 1) {
      return new short[][] {caller};
    }
    double[] agent = new double[card.audio().length];
    TestAudio.addSpeechLike(agent, card.rate(), 0, agent.length, -22, seed + 7);
    return new short[][] {caller, TestAudio.toShorts(agent)};
  }

  private static short[][] speech(int frames, int rate, int channels, long seed) {
    short[][] out = new short[channels][];
    for (int c = 0; c < channels; c++) {
      double[] audio = new double[frames];
      TestAudio.addSpeechLike(audio, rate, 0, frames, -20, seed + 11 + c);
      TestAudio.addNoise(audio, -50, seed + 13 + c);
      out[c] = TestAudio.toShorts(audio);
    }
    return out;
  }

  private static short[][] concat(short[][] a, short[][] b) {
    short[][] out = new short[a.length][];
    for (int c = 0; c < a.length; c++) {
      out[c] = Arrays.copyOf(a[c], a[c].length + b[c].length);
      System.arraycopy(b[c], 0, out[c], a[c].length, b[c].length);
    }
    return out;
  }

  private static byte[] cat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
