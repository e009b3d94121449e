package io.callvault.camel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Audio and gpg helpers for the integration tests. */
final class TestAudio {
  private TestAudio() {}

  /** A valid 8 kHz 16-bit mono PCM WAV with a tone and some noise. */
  static byte[] wav(double seconds, long seed) {
    int samples = (int) (8000 * seconds);
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
        .putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt(samples * 2);
    Random r = new Random(seed);
    for (int i = 0; i < samples; i++) {
      double v = 6000 * Math.sin(2 * Math.PI * 440 * i / 8000.0) + r.nextGaussian() * 500;
      b.putShort((short) v);
    }
    return b.array();
  }

  /** Decrypts a file with the real gpg binary and the given secret key; skips loudly without gpg. */
  static byte[] gpgDecrypt(Path ciphertext, Path secretKey, Path workDir) throws IOException, InterruptedException {
    if (!gpgAvailable()) {
      System.err.println("*** GPG NOT FOUND: skipping the real-gpg decryption check (CI installs gpg) ***");
      Assumptions.abort("gpg not on PATH");
    }
    Path home = Files.createDirectories(workDir.resolve("gnupg-" + System.nanoTime()));
    home.toFile().setReadable(false, false);
    home.toFile().setReadable(true, true);
    home.toFile().setExecutable(false, false);
    home.toFile().setExecutable(true, true);
    run(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty", "--import", secretKey.toString()), null);
    Path out = workDir.resolve("plain-" + System.nanoTime());
    run(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty", "--pinentry-mode", "loopback",
        "--output", out.toString(), "--decrypt", ciphertext.toString()), null);
    return Files.readAllBytes(out);
  }

  static boolean gpgAvailable() {
    try {
      return new ProcessBuilder("gpg", "--version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void run(List<String> cmd, Path ignored) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
    byte[] output;
    try (InputStream in = p.getInputStream()) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      output = buf.toByteArray();
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("gpg failed: " + cmd + "\n" + new String(output));
    }
  }
}
