package io.callvault.ingest;

import java.io.IOException;

/**
 * The drop's server refused to deliver this file's bytes (permission denied, a read error on its disk, the file
 * gone), while the connection itself works: a failure of this file, counted as an attempt of it, unlike a
 * broken connection, which is the server being unavailable.
 */
public final class UnreadableFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public UnreadableFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
