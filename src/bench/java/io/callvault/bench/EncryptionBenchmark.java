package io.callvault.bench;

import io.callvault.crypto.GeneratedKey;
import io.callvault.crypto.KeyPairs;
import io.callvault.crypto.PublicKeys;
import io.callvault.crypto.RecordingEncryptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * OpenPGP encryption of a 64 MiB buffer, single thread, streamed in 64 KiB writes (as the ingest's
 * CopyWriter does) into a null sink, against the format's limit in the same run: JDK AES-256-CFB
 * plus SHA-1 (the MDC) over the same buffer. MiB/s = 64 000 / (ms per operation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EncryptionBenchmark {
  static final int SIZE = 64 << 20;
  static final int CHUNK = 64 << 10;

  private byte[] plaintext;
  private byte[] cipherOut;
  private List<PGPPublicKey> recipients;
  private RecordingEncryptor encryptor;
  private SecretKeySpec aesKey;
  private byte[] iv;

  @Setup
  public void setUp() throws IOException {
    plaintext = new byte[SIZE];
    new Random(1).nextBytes(plaintext);
    cipherOut = new byte[CHUNK + 16];
    Path dir = Files.createTempDirectory("bench-keys");
    GeneratedKey key = KeyPairs.generate("bench", "bench <bench@callvault.invalid>", dir);
    recipients = PublicKeys.encryptionKeys(key.publicKeyFile());
    encryptor = new RecordingEncryptor();
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    aesKey = new SecretKeySpec(k, "AES");
    iv = new byte[16];
  }

  /** The real encryptor: PKESK for one RSA-3072 recipient, SEIPD v1 + MDC, literal packet. */
  @Benchmark
  public long openpgp() throws IOException {
    CountingSink sink = new CountingSink();
    try (OutputStream out = encryptor.encrypt(sink, recipients, "rec_bench")) {
      for (int off = 0; off < SIZE; off += CHUNK) {
        out.write(plaintext, off, CHUNK);
      }
    }
    return sink.count;
  }

  /** The limit of the packet format: AES-256-CFB over the data, SHA-1 over the same data. */
  @Benchmark
  public void jdkCfbSha1(Blackhole bh) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/CFB/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(iv));
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    for (int off = 0; off < SIZE; off += CHUNK) {
      sha1.update(plaintext, off, CHUNK);
      bh.consume(cipher.update(plaintext, off, CHUNK, cipherOut, 0));
    }
    bh.consume(sha1.digest());
  }

  /** The cipher alone, to split the baseline. */
  @Benchmark
  public void jdkCfbOnly(Blackhole bh) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/CFB/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(iv));
    for (int off = 0; off < SIZE; off += CHUNK) {
      bh.consume(cipher.update(plaintext, off, CHUNK, cipherOut, 0));
    }
  }

  /** SHA-1 alone, to split the baseline. */
  @Benchmark
  public byte[] jdkSha1Only() throws GeneralSecurityException {
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    for (int off = 0; off < SIZE; off += CHUNK) {
      sha1.update(plaintext, off, CHUNK);
    }
    return sha1.digest();
  }

  /** Discards what it is given, counting bytes. */
  static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
