package io.callvault.catalog;

/** A catalog operation failed; the transaction it belonged to was rolled back. */
public class CatalogException extends RuntimeException {
  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }

  public CatalogException(String message) {
    super(message);
  }
}
