package io.callvault.retention;

import io.callvault.catalog.CatalogSettings;
import java.util.UUID;

/** The retention sweep on an in-memory H2 catalog. */
class RetentionSweeperOnH2Test extends RetentionSweeperContract {

  @Override
  CatalogSettings freshSettings() {
    return new CatalogSettings("jdbc:h2:mem:retention-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
  }
}
