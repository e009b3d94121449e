package io.callvault.audit;

import java.util.List;

/** A place outside the catalog database where anchors are written and read back: a directory or an S3 bucket. */
public interface AnchorSink {

  /** Where this sink keeps anchors, for people: a directory or {@code s3://bucket/prefix}. */
  String place();

  /**
   * Writes one new anchor document under {@code fileName}; never overwrites one.
   *
   * @return where it was written
   * @throws RuntimeException saying why it could not be written
   */
  String write(String fileName, byte[] json);

  /** Every anchor document kept here, each with where it was found, or why it could not be read. */
  List<Stored> readAll();

  /** One anchor document as found: its bytes, or (when {@code bytes} is null) why it could not be read. */
  record Stored(String location, byte[] bytes, String unreadable) {

    static Stored of(String location, byte[] bytes) {
      return new Stored(location, bytes, null);
    }

    static Stored failed(String location, String why) {
      return new Stored(location, null, why);
    }
  }
}
