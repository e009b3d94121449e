-- Several hubs on one catalog: which hub is working on which drop file right now (README, "Running several nodes").
-- The table of camel-sql's JdbcOrphanLockAwareIdempotentRepository (processorName, messageId, createdAt), named
-- for what it holds. A row is a claim: made before a hub opens a recording, removed once the file's outcome is
-- carried out (deleted, kept for a later poll, quarantined). The hub holding it renews createdAt every
-- callvault.drop.claim-keep-alive; a claim older than callvault.drop.claim-max-age is an orphan (its hub was
-- killed) and the next hub takes it over. messageId is the file's opaque ref (a keyed hash), never its name,
-- which may hold phone numbers. On H2 (one hub) the table stays empty: claims are kept in memory there.
create table drop_claims (
  processorName varchar(255) not null,
  messageId     varchar(100) not null,
  createdAt     timestamp with time zone not null,
  constraint pk_drop_claims primary key (processorName, messageId)
);
