/**
 * The catalog database, the one owner of its schema: every SQL statement callvault runs against it is in this
 * package (migrations in {@code src/main/resources/db/migration}).
 *
 * <ul>
 *   <li>{@link io.callvault.catalog.Catalog} opens the database (H2 file by default, or PostgreSQL), migrates it,
 *       and is the repository of recordings, copies, decisions, drop failures and quarantine.</li>
 *   <li>One repository per group of tables, each built on a {@code Catalog}: {@link io.callvault.catalog.LegalHolds}
 *       (legal holds), {@link io.callvault.catalog.SweepLedger} (the retention sweep's intents, batches,
 *       tombstones, statistics and pseudonymisation), {@link io.callvault.catalog.SweepReports},
 *       {@link io.callvault.catalog.AuditLog} (the audit trail's rows and head) and
 *       {@link io.callvault.catalog.ErasureLedger} (erasure requests, certificates and consent events),
 *       {@link io.callvault.catalog.PairingWaits} (recordings and metadata files waiting for each other).</li>
 *   <li>{@link io.callvault.catalog.Transactions} is the one transaction helper: every repository uses it. It
 *       retries conflicts with concurrent transactions, tells an unreachable database
 *       ({@link io.callvault.catalog.CatalogUnavailableException}) from other failures
 *       ({@link io.callvault.catalog.CatalogException}), and on H2 returns from a commit only once it is on disk
 *       ({@link io.callvault.catalog.SyncOnCommit}). A step that must commit the changes of several repositories
 *       together (an ingest outcome and its audit entry) runs them in one {@code write} and passes its
 *       {@link io.callvault.catalog.Tx} on.</li>
 * </ul>
 *
 * <p>The steps keep their rules and call the repositories: {@code RetentionSweeper} its phases, {@code Holds} what a
 * hold may target, {@code Erasure} what is erased, kept or deferred, {@code AuditTrail} the hash chain. Repositories
 * speak in the steps' value types ({@code Hold}, {@code SweepReport}, {@code AuditEntry}) and plain values; none of
 * them knows Camel.
 */
package io.callvault.catalog;
