package io.callvault.ingest;

import io.callvault.audio.AudioSniffer;
import io.callvault.audio.AudioSniffer.BadAudioException;
import io.callvault.audio.G726Wav;
import io.callvault.audio.MaskResult;
import io.callvault.audio.MaskSettings;
import io.callvault.audio.WavHeaderReader;
import io.callvault.audio.WavSizes;
import io.callvault.crypto.RecordingEncryptor;
import io.callvault.policy.Purpose;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * The minimise and encrypt steps, as one pass on purpose: the download is read once, through the DTMF masker
 * (tones and marked payment windows), into one OpenPGP encryptor per purpose, each writing a ciphertext temp
 * file. Plaintext never touches the disk (stream caching is off), and no byte reaches a copy unscanned. A WAV
 * whose header sizes disagree with the file is repaired on the way, or quarantined ({@link IntegrityRule}).
 */
public final class MinimiseAndEncrypt {
  private final CopyWriter writer;
  private final Map<String, List<PGPPublicKey>> recipientsByPurpose;
  private final MaskingPolicy masking;
  private final IntegrityRule integrity;
  private final java.util.Set<String> md5Purposes;
  /** Refs of files kept in the drop whose content matched their recording's copies: their size and time then. */
  private final Map<String, String> verified = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<String, String>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > 10_000;
        }
      });

  public MinimiseAndEncrypt(RecordingEncryptor encryptor, Path tempDir, Map<String, List<PGPPublicKey>> recipientsByPurpose,
      MaskingPolicy masking, IntegrityRule integrity) {
    this(encryptor, tempDir, recipientsByPurpose, masking, integrity, java.util.Set.of());
  }

  /** @param md5Purposes the purposes whose storage target checks uploads with Content-MD5 (their ciphertext's MD5 is taken) */
  public MinimiseAndEncrypt(RecordingEncryptor encryptor, Path tempDir, Map<String, List<PGPPublicKey>> recipientsByPurpose,
      MaskingPolicy masking, IntegrityRule integrity, java.util.Set<String> md5Purposes) {
    this.writer = new CopyWriter(encryptor, tempDir);
    this.recipientsByPurpose = Map.copyOf(recipientsByPurpose);
    this.masking = masking;
    this.integrity = integrity;
    this.md5Purposes = java.util.Set.copyOf(md5Purposes);
  }

  /**
   * Writes the ciphertexts of the purposes to write (none for a re-dropped name whose copies are all stored: its
   * content is then only read, through the masker, to compare it with theirs).
   *
   * @throws BadFileException for unusable audio or sidecar, or audio that must be masked but cannot be
   * @throws DependencyUnavailableException when the download, the CRM's payment windows or the temp folder fail
   */
  public void write(Ingest in) throws BadFileException {
    if (in.getToWrite().isEmpty() && in.isPending() && sameFileAsVerified(in)) {
      // a file kept in the drop while its recording waits for consent, compared already: not read at every poll;
      // a file about to leave the drop is always read (a same-sized new version within the same second)
      return;
    }
    if (in.sidecarProblem() != null) {
      throw new BadFileException("payment-window sidecar unusable: " + in.sidecarProblem());
    }
    Map<String, List<PGPPublicKey>> recipients = new LinkedHashMap<>();
    for (Purpose p : in.getToWrite()) {
      recipients.put(p.name(), recipientsByPurpose.get(p.name()));
    }
    MaskSettings mask = maskSettings(in);
    InputStream opened;
    try {
      opened = in.open();
    } catch (IOException e) {
      throw new DependencyUnavailableException("sftp", "cannot open the download: " + e.getMessage(), e);
    }
    try (InputStream raw = new Download(opened)) {
      InputStream audio = checkedSizes(in, AudioSniffer.check(raw, in.recording().format()));
      // G.726 (Avaya IP Office) is decoded to PCM so the masker can hear the tones; the copy is then PCM
      G726Wav.View view = mask == null ? new G726Wav.View(audio, false) : G726Wav.pcmView(audio);
      CopyWriter.Written written = writer.write(in.recording().id(), view.audio(), recipients, mask, md5Purposes);
      in.written(view.decoded() ? decodedFromG726(written) : written);
    } catch (WavSizes.ChangedWhileReadException e) {
      throw new java.io.UncheckedIOException(e); // this file's failure: counted as an attempt
    } catch (BadAudioException e) {
      throw new BadFileException("unusable audio: " + e.getMessage(), e);
    } catch (Download.Failed e) {
      if (e.getCause() instanceof UnreadableFileException unreadable) {
        throw new java.io.UncheckedIOException(unreadable); // this file's failure: counted as an attempt
      }
      throw new DependencyUnavailableException("sftp", "the download broke off: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new DependencyUnavailableException("temp-dir", "cannot write ciphertext: " + e.getMessage(), e);
    }
    MaskResult masked = in.written().masking();
    if (masked != null && !masked.masked() && masking.quarantineUnmaskable()) {
      throw new BadFileException("audio cannot be masked (" + masked.notMaskedReason()
          + ") and callvault.masking.unmaskable=quarantine");
    }
    sameContentAsStored(in);
  }

  /**
   * A WAV whose header disagrees with its data ({@link WavSizes}): under {@link IntegrityRule#QUARANTINE} refused
   * before a copy is written; else read with its sizes repaired, and the mismatch noted for the catalog and the
   * copies' metadata. Only the header is read here; the rest streams on.
   */
  private InputStream checkedSizes(Ingest in, InputStream audio) throws IOException, BadFileException {
    if (in.recording().format() == io.callvault.source.Recording.AudioFormat.MP3) {
      return audio;
    }
    WavSizes.Checked checked = WavSizes.check(audio, in.size(), WavHeaderReader.DEFAULT_MAX_HEADER_BYTES);
    if (checked.mismatch() != null && integrity == IntegrityRule.QUARANTINE) {
      throw new BadFileException("WAV header disagrees with its data (" + checked.mismatch() + ") and "
          + IntegrityRule.KEY + "=" + integrity.word());
    }
    in.integrityNote(checked.mismatch());
    return checked.stream();
  }

  /**
   * The same name dropped again must hold the same audio: its digest (of the audio as masked for a copy) must be
   * the stored copies'. A file with other bytes under a stored recording's name is a new version, or another call
   * misnamed: it is quarantined with the reason, never deleted as "already stored", and nothing stored is replaced.
   */
  void sameContentAsStored(Ingest in) throws BadFileException {
    java.util.Optional<io.callvault.catalog.CopyEntry> stored = in.existingCopies().stream()
        .filter(c -> c.state().equals(io.callvault.catalog.CopyEntry.STORED)).findFirst();
    if (stored.isPresent() && !stored.get().plaintextSha256().equals(in.written().plaintextSha256())) {
      throw new BadFileException("same name as recording " + in.recording().id() + " but different content (a new"
          + " version?): its audio's SHA-256 differs from the copies stored at " + stored.get().storedAt()
          + " (or its payment windows differ); not stored, nothing stored was replaced. To keep it as a recording"
          + " of its own, give it its own uniqueid in the name and drop it again");
    }
    if (stored.isPresent()) {
      verified.put(in.getRef(), in.size() + "/" + in.lastModified());
    }
  }

  /** The same file (ref, size, time) whose content was compared with its recording's copies before. */
  private boolean sameFileAsVerified(Ingest in) {
    return (in.size() + "/" + in.lastModified()).equals(verified.get(in.getRef()));
  }

  /** The catalog's masking note says the copy is PCM decoded from G.726, and what that costs. */
  private static CopyWriter.Written decodedFromG726(CopyWriter.Written w) {
    MaskResult m = w.masking();
    String note = "stored as 16-bit PCM decoded from G.726 16 kbit/s (8 times the size of the source)"
        + (m.note() == null ? "" : "; " + m.note());
    return new CopyWriter.Written(w.ciphertextByPurpose(), w.digestByPurpose(), w.plaintextSha256(), w.plaintextSize(),
        new MaskResult(m.tonesMasked(), m.maskedMillis(), m.masked(), m.notMaskedReason(), note));
  }

  private MaskSettings maskSettings(Ingest in) {
    if (!masking.enabled()) {
      return null;
    }
    try {
      return masking.forRecording(in.cdrRecord(), in.sidecarWindows(), in.recording().uniqueId());
    } catch (IOException e) {
      throw new DependencyUnavailableException("crm", "payment windows: " + e.getMessage(), e);
    }
  }

  /** The SFTP download; its read failures are the server's or the network's, not the file's. */
  private static final class Download extends FilterInputStream {
    static final class Failed extends IOException {
      private static final long serialVersionUID = 1L;

      Failed(IOException cause) {
        super(cause.getMessage(), cause);
      }
    }

    Download(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new Failed(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new Failed(e);
      }
    }
  }
}
