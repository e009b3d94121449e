package io.callvault.rights;

import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.TestPostgres;

/** Checked erasure on PostgreSQL 15 (a throwaway server, see {@link TestPostgres}); one schema per test. */
class ErasureOnPostgresTest extends ErasureContract {

  @Override
  CatalogSettings freshSettings() {
    return TestPostgres.get().freshSchema();
  }
}
