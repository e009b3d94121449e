package io.callvault.rights;

import io.callvault.catalog.CatalogSettings;
import java.util.UUID;

/** Checked erasure on an in-memory H2 catalog. */
class ErasureOnH2Test extends ErasureContract {

  @Override
  CatalogSettings freshSettings() {
    return new CatalogSettings("jdbc:h2:mem:erasure-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
  }
}
