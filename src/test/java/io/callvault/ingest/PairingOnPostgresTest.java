package io.callvault.ingest;

import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.TestPostgres;
import org.junit.jupiter.api.BeforeEach;

/** Pairing waits on PostgreSQL, where several hubs share one catalog. */
class PairingOnPostgresTest extends PairingContract {
  private CatalogSettings schema;

  @BeforeEach
  void freshSchema() {
    schema = TestPostgres.get().freshSchema();
  }

  @Override
  CatalogSettings settings() {
    return schema;
  }
}
