package io.callvault.ingest;

import io.callvault.audio.DtmfMasker;
import io.callvault.audio.MaskResult;
import io.callvault.audio.MaskSettings;
import io.callvault.audio.MaskingOutputStream;
import io.callvault.crypto.RecordingEncryptor;
import io.callvault.store.FileDigest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  /** The ciphertext files of one recording (with their digests, taken while writing), the plaintext's digest and size. */
  record Written(Map<String, Path> ciphertextByPurpose, Map<String, FileDigest> digestByPurpose, String plaintextSha256,
      long plaintextSize, MaskResult masking) implements AutoCloseable {
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

  /**
   * Reads the plaintext once: through the DTMF masker when {@code mask} is given, then into one
   * OpenPGP encryptor per purpose. The digest and size are those of the (masked) audio that is stored.
   */
  Written write(String recordingId, InputStream plaintext, Map<String, List<PGPPublicKey>> recipientsByPurpose,
      MaskSettings mask) throws IOException {
    return write(recordingId, plaintext, recipientsByPurpose, mask, java.util.Set.copyOf(recipientsByPurpose.keySet()));
  }

  /** Like the other, with the MD5 of the ciphertext taken only for {@code md5Purposes} (Content-MD5 targets). */
  Written write(String recordingId, InputStream plaintext, Map<String, List<PGPPublicKey>> recipientsByPurpose,
      MaskSettings mask, java.util.Set<String> md5Purposes) throws IOException {
    io.callvault.config.PrivateFiles.directories(tempDir);
    Map<String, Path> files = new LinkedHashMap<>();
    List<OutputStream> sinks = new ArrayList<>();
    Map<String, FileDigest.Digesting> digests = new LinkedHashMap<>();
    List<OutputStream> encrypting = new ArrayList<>();
    boolean ok = false;
    try {
      for (Map.Entry<String, List<PGPPublicKey>> e : recipientsByPurpose.entrySet()) {
        Path file = Files.createTempFile(tempDir, recordingId + "-" + e.getKey() + "-", ".gpg.part");
        restrict(file);
        files.put(e.getKey(), file);
        OutputStream sink = new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
        sinks.add(sink);
        FileDigest.Digesting digesting = FileDigest.digesting(sink, md5Purposes.contains(e.getKey()));
        digests.put(e.getKey(), digesting);
        encrypting.add(encryptor.encrypt(digesting, e.getValue(), recordingId));
      }
      Tee tee = new Tee(encrypting);
      MaskingOutputStream masking = mask == null ? null : DtmfMasker.maskingStream(tee, mask);
      OutputStream into = masking == null ? tee : masking;
      byte[] buf = new byte[BUFFER];
      try (InputStream in = plaintext) {
        int n;
        while ((n = in.read(buf)) > 0) {
          into.write(buf, 0, n);
        }
      }
      if (masking != null) {
        masking.finish();
      }
      for (OutputStream out : encrypting) {
        out.close();
      }
      for (OutputStream sink : sinks) {
        sink.close();
      }
      ok = true;
      Map<String, FileDigest> digestByPurpose = new LinkedHashMap<>();
      digests.forEach((purpose, d) -> digestByPurpose.put(purpose, d.digest()));
      return new Written(files, digestByPurpose, HexFormat.of().formatHex(tee.sha256.digest()), tee.size,
          masking == null ? null : masking.result());
    } finally {
      if (!ok) {
        for (OutputStream sink : sinks) {
          try {
            sink.close();
          } catch (IOException ignored) {
            // closing after a failure
          }
        }
        new Written(files, Map.of(), "", 0, null).close();
      }
    }
  }

  /** Writes the same bytes to every encryptor, and digests them. */
  private static final class Tee extends OutputStream {
    private final List<OutputStream> outs;
    private final MessageDigest sha256 = sha256();
    private long size;

    Tee(List<OutputStream> outs) {
      this.outs = outs;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      for (OutputStream out : outs) {
        out.write(b, off, len);
      }
      sha256.update(b, off, len);
      size += len;
    }

    @Override
    public void close() {
      // the encryptors are closed by the writer, in order
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
