package io.callvault.audio;

/**
 * A call in which a card number is keyed as DTMF, as a WAV file in a given format, and the test's
 * own FFT decoder (not the production detector) to look for the digits in what callvault stored.
 */
public final class CardCall {
  public static final String CARD = "4111111111111111";

  private final TestAudio.KeyedCard card;
  private final byte[] wav;

  private CardCall(TestAudio.KeyedCard card, byte[] wav) {
    this.card = card;
    this.wav = wav;
  }

  /** encoding: PCM_16, MULAW or ALAW; channels 1 or 2 (the keypad on the first channel). */
  public static CardCall of(WavFormat.Encoding encoding, int rate, int channels, long seed) {
    TestAudio.KeyedCard card = TestAudio.keyedCard(rate, CARD, seed);
    short[] caller = TestAudio.toShorts(card.audio());
    byte[] wav;
    if (channels == 1) {
      wav = TestWav.wav(encoding, rate, caller);
    } else {
      double[] agent = new double[card.audio().length];
      TestAudio.addSpeechLike(agent, rate, 0, agent.length, -22, seed + 7);
      wav = TestWav.wav(encoding, rate, caller, TestAudio.toShorts(agent));
    }
    return new CardCall(card, wav);
  }

  public byte[] wav() {
    return wav;
  }

  /** The digits the test decoder hears in the keyed stretch of {@code stored}, on any channel. */
  public String digitsIn(byte[] stored) {
    StringBuilder all = new StringBuilder();
    for (short[] channel : TestWav.read(stored)) {
      all.append(FftDtmfDecoder.decode(card.keyedPart(channel), card.rate()));
    }
    return all.toString();
  }
}
