package io.callvault.camel;

import io.callvault.catalog.SubjectKeys;
import io.callvault.ingest.DropFile;
import io.callvault.ingest.Ingest;
import io.callvault.source.PbxFormats;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.file.GenericFile;

/**
 * The first step of routes/ingest.camel.yaml: turns the file a PBX source claimed into the {@link Ingest}
 * the other steps work on, with its source, format and time zone (set by the source template), its opaque
 * reference, and a way to open the download. The download stays a stream: nothing is read here.
 */
public final class ClaimedFiles {
  /** Exchange properties set by the PBX source template, and the Ingest for the error and outcome routes. */
  public static final String SOURCE_ID = "callvault.sourceId";
  public static final String FORMAT = "callvault.format";
  public static final String FORMAT_CONFIG = "callvault.formatConfig";
  public static final String TIMEZONE = "callvault.timezone";
  public static final String INGEST = "callvault.ingest";

  private final PbxFormats formats;
  private final SubjectKeys refKeys;

  public ClaimedFiles(PbxFormats formats, SubjectKeys refKeys) {
    this.formats = formats;
    this.refKeys = refKeys;
  }

  public Ingest claim(Exchange exchange) {
    @SuppressWarnings("unchecked")
    GenericFile<Object> file = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
    if (file == null) {
      throw new IllegalStateException("the ingest route must follow a PBX file consumer (routes/pbx-*.camel.yaml)");
    }
    String sourceId = exchange.getProperty(SOURCE_ID, "unknown", String.class);
    String ref = DropFiles.ref(refKeys, sourceId, file);
    exchange.setProperty(DropProcessStrategy.FILE_REF, ref);
    Object download = exchange.getIn().getBody();
    DropFile drop = new DropFile(sourceId, file.getRelativeFilePath(),
        ZoneId.of(exchange.getProperty(TIMEZONE, "UTC", String.class)), ref);
    Ingest ingest = new Ingest(drop, formats.forSource(exchange.getProperty(FORMAT, "freepbx", String.class),
        exchange.getProperty(FORMAT_CONFIG, "", String.class)),
        DropFiles.dropKey(file), file.getFileLength(), file.getLastModified(), () -> open(exchange, download));
    exchange.setProperty(INGEST, ingest);
    return ingest;
  }

  private static InputStream open(Exchange exchange, Object download) throws IOException {
    InputStream in = exchange.getContext().getTypeConverter().convertTo(InputStream.class, exchange, download);
    if (in == null) {
      throw new IOException("the drop file has no readable content");
    }
    return new SftpDownload(in, () -> connected(exchange));
  }

  /** Whether the PBX source's SFTP session is still up (after a read failed). */
  private static boolean connected(Exchange exchange) {
    return exchange.getProperty(DropProcessStrategy.OPERATIONS) instanceof
        org.apache.camel.component.file.remote.RemoteFileOperations<?> ops && ops.isConnected();
  }

  /**
   * Tells a refusal of this file (the server answered the read with an error status: it cannot deliver its
   * bytes) from a broken connection, which the ingest treats as the server being unavailable. JSch reports both
   * as a bare IOException, so the session decides: still connected means the server answered.
   */
  private static final class SftpDownload extends java.io.FilterInputStream {
    private final java.util.function.BooleanSupplier connected;

    SftpDownload(InputStream in, java.util.function.BooleanSupplier connected) {
      super(in);
      this.connected = connected;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw classified(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw classified(e);
      }
    }

    private IOException classified(IOException e) {
      return connected.getAsBoolean()
          ? new io.callvault.ingest.UnreadableFileException("the drop's server cannot deliver this file", e) : e;
    }
  }
}
