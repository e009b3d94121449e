package io.callvault.catalog;

/**
 * The sizes of the catalog's columns that the ingest fills from what a drop file brings (its name, its CDR
 * row), as the migrations in db/migration declare them. A value that does not fit must be refused before
 * anything is uploaded (a recording whose catalog commit fails leaves its objects orphaned), or bounded.
 */
public final class ColumnSizes {
  /** {@code recordings.unique_id}: the PBX's uniqueid, from the file name. */
  public static final int UNIQUE_ID = 128;
  /** {@code recordings.source_id}, {@code quarantine.source_id}: the PBX source's id (configuration). */
  public static final int SOURCE_ID = 128;
  /** {@code recordings.queue}: a queue's or ring group's number, from the file name. */
  public static final int QUEUE = 64;
  /** {@code recordings.disposition}: from the CDR row. */
  public static final int DISPOSITION = 32;
  /** {@code recordings.case_id}: from the CDR userfield. */
  public static final int CASE_ID = 128;

  private ColumnSizes() {}

  /** {@code value} cut to {@code max} characters (null stays null). */
  public static String bounded(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
