-- callvault catalog, version 4: consent events received from the CRM webhook (idempotency, and so that
-- ingest never stores a copy under a consent that was withdrawn), and erasure certificates.
-- No clear personal data: subjects are subject keys (HMAC).
create table consent_events (
  event_id     varchar(128)  not null,
  subject_key  varchar(64)   not null,
  event_type   varchar(16)   not null,
  flag         varchar(64),
  received_at  timestamp with time zone not null,
  result       varchar,
  constraint pk_consent_events primary key (event_id)
);

create index ix_consent_events_subject on consent_events (subject_key);

create table erasure_certificates (
  id           varchar(40)   not null,
  subject_key  varchar(64)   not null,
  issued_at    timestamp with time zone not null,
  content_hash varchar(64)   not null,
  certificate  varchar       not null,
  constraint pk_erasure_certificates primary key (id)
);
