package io.callvault.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.audio.CardCall;
import io.callvault.audio.MaskSettings;
import io.callvault.audio.WavFormat;
import io.callvault.audio.WavLayout;
import io.callvault.crypto.KeyPairs;
import io.callvault.crypto.PublicKeys;
import io.callvault.crypto.RecordingDecryptor;
import io.callvault.crypto.RecordingEncryptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyWriterTest {
  @TempDir static Path keys;
  static List<PGPPublicKey> recipient;

  @BeforeAll
  static void key() throws Exception {
    KeyPairs.generate("cw", "copy writer test <cw@callvault.invalid>", keys);
    recipient = PublicKeys.encryptionKeys(keys.resolve("cw.pub.asc"));
  }

  @Test
  void onePassWritesOneCiphertextPerPurposeAndOnlyCiphertextTouchesTheDisk(@TempDir Path temp) throws Exception {
    byte[] plaintext = new byte[300_000];
    new Random(7).nextBytes(plaintext);
    Map<String, List<PGPPublicKey>> purposes = new LinkedHashMap<>();
    purposes.put("training", recipient);
    purposes.put("legal", recipient);
    CopyWriter writer = new CopyWriter(new RecordingEncryptor(), temp);

    try (CopyWriter.Written w = writer.write("rec_test", new ByteArrayInputStream(plaintext), purposes, null)) {
      assertThat(w.plaintextSize()).isEqualTo(plaintext.length);
      assertThat(w.plaintextSha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plaintext)));
      assertThat(w.ciphertextByPurpose()).containsOnlyKeys("training", "legal");
      try (Stream<Path> files = Files.list(temp)) {
        for (Path f : files.toList()) {
          byte[] onDisk = Files.readAllBytes(f);
          assertThat(indexOf(onDisk, Arrays.copyOfRange(plaintext, 1000, 1064))).as("plaintext bytes on disk in " + f).isEqualTo(-1);
        }
      }
      for (Path f : w.ciphertextByPurpose().values()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(f)) {
          RecordingDecryptor.decrypt(in, keys.resolve("cw.sec.asc"), null, out);
        }
        assertThat(out.toByteArray()).isEqualTo(plaintext);
      }
    }
    try (Stream<Path> left = Files.list(temp)) {
      assertThat(left).as("temp files are removed after use").isEmpty();
    }
  }

  @Test
  void aCardKeyedAfterTheDeclaredEndOfTheWavDataReachesNoCiphertextAndIsCounted(@TempDir Path temp) throws Exception {
    CardCall call = CardCall.hidden(WavLayout.AFTER_DECLARED_END, WavFormat.Encoding.PCM_16, 8000, 1, 23);
    assertThat(call.digitsIn(call.wav())).contains(CardCall.CARD);
    Map<String, List<PGPPublicKey>> purposes = new LinkedHashMap<>();
    purposes.put("training", recipient);
    purposes.put("legal", recipient);
    CopyWriter writer = new CopyWriter(new RecordingEncryptor(), temp);

    try (CopyWriter.Written w = writer.write("rec_lying", new ByteArrayInputStream(call.wav()), purposes,
        MaskSettings.defaults())) {
      assertThat(w.masking().tonesMasked()).isEqualTo(CardCall.CARD.length());
      assertThat(w.masking().note()).contains("more follow");
      assertThat(w.plaintextSize()).isEqualTo(call.wav().length);
      for (Path f : w.ciphertextByPurpose().values()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(f)) {
          RecordingDecryptor.decrypt(in, keys.resolve("cw.sec.asc"), null, out);
        }
        assertThat(call.digitsIn(out.toByteArray())).as("digits in the decrypted copy " + f.getFileName()).isEmpty();
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
