-- callvault catalog, version 1.
-- Portable SQL: must run unchanged on H2 2.x and PostgreSQL 15.
-- No clear phone numbers or names anywhere: subjects are only referenced by subject_key (HMAC-SHA256, hex).

create table recordings (
  id               varchar(128)  not null,
  source_id        varchar(128)  not null,
  unique_id        varchar(128),
  call_type        varchar(32),
  direction        varchar(32),
  start_time       timestamp with time zone,
  duration_seconds integer,
  billsec          integer,
  disposition      varchar(32),
  subject_key      varchar(64),
  format           varchar(32),
  state            varchar(32)   not null,
  state_reason     varchar(1000),
  updated_at       timestamp with time zone not null,
  constraint pk_recordings primary key (id)
);

create index ix_recordings_subject_key on recordings (subject_key);

create table copies (
  recording_id      varchar(128)  not null,
  purpose           varchar(64)   not null,
  legal_basis       varchar(64)   not null,
  bucket            varchar(255)  not null,
  object_key        varchar(1024) not null,
  retain_until      timestamp with time zone not null,
  plaintext_sha256  varchar(64)   not null,
  plaintext_size    bigint        not null,
  ciphertext_sha256 varchar(64)   not null,
  ciphertext_size   bigint        not null,
  format            varchar(32)   not null,
  state             varchar(32)   not null,
  stored_at         timestamp with time zone not null,
  constraint pk_copies primary key (recording_id, purpose),
  constraint fk_copies_recording foreign key (recording_id) references recordings (id)
);

create index ix_copies_retain_until on copies (retain_until);

-- One row per (recording, purpose, outcome): re-processing the same outcome updates reason/decided_at
-- in place; a different outcome for the same purpose is a new row, so outcome changes stay visible.
create table decisions (
  recording_id varchar(128)  not null,
  purpose      varchar(64)   not null,
  outcome      varchar(16)   not null,
  reason       varchar(1000),
  decided_at   timestamp with time zone not null,
  constraint pk_decisions primary key (recording_id, purpose, outcome),
  constraint fk_decisions_recording foreign key (recording_id) references recordings (id)
);

-- file_ref is an opaque hash of the drop path, never the path itself.
create table drop_failures (
  file_ref     varchar(128)  not null,
  source_id    varchar(128)  not null,
  attempts     integer       not null,
  last_reason  varchar(1000),
  last_failed_at timestamp with time zone not null,
  constraint pk_drop_failures primary key (file_ref)
);

create table quarantine (
  file_ref       varchar(128)  not null,
  source_id      varchar(128)  not null,
  reason         varchar(1000) not null,
  quarantined_at timestamp with time zone not null,
  constraint pk_quarantine primary key (file_ref)
);
