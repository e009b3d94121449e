package io.callvault.ingest;

import io.callvault.crypto.RecordingEncryptor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * Reads the plaintext audio once and writes one OpenPGP ciphertext temp file per purpose (a tee).
 * Only ciphertext touches the disk; the plaintext exists in small buffers only.
 */
final class CopyWriter {
  private static final int BUFFER = 64 * 1024;

  private final RecordingEncryptor encryptor;
  private final Path tempDir;

  CopyWriter(RecordingEncryptor encryptor, Path tempDir) {
    this.encryptor = encryptor;
    this.tempDir = tempDir;
  }

  /** The ciphertext files of one recording, with the plaintext's digest and size. */
  record Written(Map<String, Path> ciphertextByPurpose, String plaintextSha256, long plaintextSize)
      implements AutoCloseable {
    @Override
    public void close() {
      for (Path p : ciphertextByPurpose.values()) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: it is ciphertext
        }
      }
    }
  }

  Written write(String recordingId, InputStream plaintext, Map<String, List<PGPPublicKey>> recipientsByPurpose)
      throws IOException {
    Files.createDirectories(tempDir);
    Map<String, Path> files = new LinkedHashMap<>();
    List<OutputStream> sinks = new ArrayList<>();
    List<OutputStream> encrypting = new ArrayList<>();
    boolean ok = false;
    try {
      for (Map.Entry<String, List<PGPPublicKey>> e : recipientsByPurpose.entrySet()) {
        Path file = Files.createTempFile(tempDir, recordingId + "-" + e.getKey() + "-", ".gpg.part");
        restrict(file);
        files.put(e.getKey(), file);
        OutputStream sink = new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
        sinks.add(sink);
        encrypting.add(encryptor.encrypt(sink, e.getValue(), recordingId));
      }
      MessageDigest sha256 = sha256();
      long size = 0;
      byte[] buf = new byte[BUFFER];
      try (InputStream in = new DigestInputStream(plaintext, sha256)) {
        int n;
        while ((n = in.read(buf)) > 0) {
          for (OutputStream out : encrypting) {
            out.write(buf, 0, n);
          }
          size += n;
        }
      }
      for (OutputStream out : encrypting) {
        out.close();
      }
      for (OutputStream sink : sinks) {
        sink.close();
      }
      ok = true;
      return new Written(files, HexFormat.of().formatHex(sha256.digest()), size);
    } finally {
      if (!ok) {
        for (OutputStream sink : sinks) {
          try {
            sink.close();
          } catch (IOException ignored) {
            // closing after a failure
          }
        }
        new Written(files, "", 0).close();
      }
    }
  }

  private static void restrict(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException ignored) {
      // non-POSIX file system
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
