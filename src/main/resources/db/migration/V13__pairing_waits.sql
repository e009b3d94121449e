-- callvault catalog, version 13: recordings and their metadata files (sidecars, CSV export rows) that wait for
-- each other. Portable SQL: must run unchanged on H2 2.x and PostgreSQL 15. No clear personal data: pair_ref is
-- a keyed hash of the source and the file name the recording and its sidecar share.
--
-- A recording whose metadata has not arrived stays in its drop (not counted as a failed attempt) from
-- audio_since; a sidecar whose recording has not arrived from metadata_since. Past callvault.pairing.wait,
-- either is an orphan and is quarantined. paired_at is set when the recording found its metadata, so that a
-- sidecar kept in the drop with a recording that waits for something else (consent) is no orphan. Several hubs
-- on one catalog share these times, and they survive a restart.
create table pairing_waits (
  source_id      varchar(128) not null,
  pair_ref       varchar(64)  not null,
  audio_since    timestamp with time zone,
  metadata_since timestamp with time zone,
  paired_at      timestamp with time zone,
  constraint pk_pairing_waits primary key (source_id, pair_ref)
);

create index ix_pairing_waits_paired on pairing_waits (paired_at);
