package io.callvault.retention;

import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.TestPostgres;

/** The retention sweep on PostgreSQL 15 (a throwaway server, see {@link TestPostgres}); one schema per test. */
class RetentionSweeperOnPostgresTest extends RetentionSweeperContract {

  @Override
  CatalogSettings freshSettings() {
    return TestPostgres.get().freshSchema();
  }
}
