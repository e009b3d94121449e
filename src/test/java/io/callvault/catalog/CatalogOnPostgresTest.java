package io.callvault.catalog;

/** The catalog contract on PostgreSQL 15 (a throwaway server, see {@link TestPostgres}); one schema per test. */
class CatalogOnPostgresTest extends CatalogContract {

  @Override
  CatalogSettings freshSettings() {
    return TestPostgres.get().freshSchema();
  }
}
