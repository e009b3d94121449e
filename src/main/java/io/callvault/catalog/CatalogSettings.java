package io.callvault.catalog;

/**
 * Where the catalog lives. {@code user} and {@code password} may be null when the JDBC URL carries them
 * (or none are needed, as for the embedded H2 default).
 */
public record CatalogSettings(String jdbcUrl, String user, String password) {

  /** The zero-setup default: an H2 file database under {@code ./data/catalog}. */
  public static final String DEFAULT_URL = "jdbc:h2:file:./data/catalog/callvault";

  public CatalogSettings {
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      throw new IllegalArgumentException(
          "catalog JDBC URL is empty: set it (e.g. " + DEFAULT_URL + ") or leave the default");
    }
    if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "catalog JDBC URL must start with jdbc:h2: or jdbc:postgresql: (the only supported databases)");
    }
  }

  /** H2 file database at {@link #DEFAULT_URL}. */
  public static CatalogSettings defaults() {
    return new CatalogSettings(DEFAULT_URL, null, null);
  }

  /** The JDBC URL for messages and logs: a password written into it is masked. */
  public String safeUrl() {
    return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  @Override
  public String toString() {
    return "CatalogSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password="
        + (password == null ? "null" : "***") + "]";
  }
}
