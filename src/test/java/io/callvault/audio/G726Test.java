package io.callvault.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class G726Test {
  private static byte[] resource(String name) throws Exception {
    try (InputStream in = G726Test.class.getResourceAsStream("/audio/g726/" + name)) {
      return in.readAllBytes();
    }
  }

  private static short[] shorts(byte[] le) {
    short[] s = new short[le.length / 2];
    ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
    return s;
  }

  @Test
  void encodesAndDecodesBitForBitAsTheSpandspImplementationOfTheStandard() throws Exception {
    short[] pcm = shorts(resource("pcm.raw"));
    byte[] codes = resource("codes.raw");
    short[] decoded = shorts(resource("dec.raw"));
    G726 encoder = new G726();
    G726 decoder = new G726();
    for (int i = 0; i < pcm.length; i++) {
      assertThat(encoder.encode(pcm[i])).as("code of sample %d", i).isEqualTo(codes[i]);
      assertThat(decoder.decode(codes[i])).as("sample %d", i).isEqualTo(decoded[i]);
    }
  }

  @Test
  void loudAudioSaturatesInsteadOfWrappingAround() {
    G726 encoder = new G726();
    G726 decoder = new G726();
    for (int i = 0; i < 4000; i++) {
      short s = (short) (i % 16 < 8 ? 32000 : -32000);
      short out = decoder.decode(encoder.encode(s));
      if (i > 200 && i % 16 == 7) {
        assertThat(out).as("sample %d", i).isPositive();
      }
    }
  }

  @Test
  void aG726WavIsReadAsPcmWavWithEightTimesTheBytesAndTheSameSound() throws Exception {
    short[] tone = new short[8000];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
    }
    byte[] g726 = G726Files.wav(tone);
    G726Wav.View view = G726Wav.pcmView(new ByteArrayInputStream(g726));
    byte[] pcm = view.audio().readAllBytes();

    assertThat(view.decoded()).isTrue();
    assertThat(pcm.length).isEqualTo(44 + 8 * (g726.length - G726Files.HEADER));
    WavHeaderReader.Probe probe = WavHeaderReader.probe(pcm, pcm.length, true, 1 << 20);
    assertThat(probe.maskable()).isTrue();
    assertThat(probe.header().format()).isEqualTo(WavFormat.of(WavFormat.Encoding.PCM_16, 8000, 1));
    assertThat(probe.header().dataLength()).isEqualTo(8L * (g726.length - G726Files.HEADER));
    short[] samples = shorts(java.util.Arrays.copyOfRange(pcm, 44, pcm.length));
    assertThat(samples).containsExactly(G726Files.decode(g726));
    double error = 0;
    double signal = 0;
    for (int i = 400; i < tone.length; i++) {
      error += Math.pow(samples[i] - tone[i], 2);
      signal += Math.pow(tone[i], 2);
    }
    assertThat(10 * Math.log10(signal / error)).as("SNR in dB after G.726 at 16 kbit/s").isGreaterThan(8);
  }

  @Test
  void otherAudioPassesThroughUntouched() throws Exception {
    byte[] pcm = TestWav.wav(WavFormat.Encoding.PCM_16, 8000, new short[] {1, 2, 3, 4});
    G726Wav.View view = G726Wav.pcmView(new ByteArrayInputStream(pcm));
    assertThat(view.decoded()).isFalse();
    assertThat(view.audio().readAllBytes()).isEqualTo(pcm);
    byte[] g726at32k = G726Files.wav(new short[400]);
    g726at32k[34] = 4; // 4 bits per sample: 32 kbit/s, not decoded (the masker then says why it cannot mask it)
    view = G726Wav.pcmView(new ByteArrayInputStream(g726at32k));
    assertThat(view.decoded()).isFalse();
    assertThat(view.audio().readAllBytes()).isEqualTo(g726at32k);
  }

  @Test
  void cardDigitsKeyedInAG726RecordingAreHeardAfterDecodingAndMaskedInThePcmCopy() throws Exception {
    byte[] g726 = G726Files.cardCall(41);
    assertThat(G726Files.digitsInG726(g726, 41)).as("the test decoder hears the card through G.726").contains(CardCall.CARD);

    G726Wav.View view = G726Wav.pcmView(new ByteArrayInputStream(g726));
    java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
    MaskingOutputStream masking = DtmfMasker.maskingStream(copy, MaskSettings.defaults());
    view.audio().transferTo(masking);
    masking.finish();

    assertThat(masking.result().masked()).isTrue();
    assertThat(masking.result().tonesMasked()).isEqualTo(16);
    assertThat(G726Files.digitsInPcm(copy.toByteArray(), 41)).isEmpty();
  }
}
