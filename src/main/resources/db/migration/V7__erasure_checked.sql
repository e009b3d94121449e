-- callvault catalog, version 7: erasures are checked, not assumed.
-- Portable SQL: must run unchanged on H2 2.x and PostgreSQL 15. No clear personal data.
--
-- An erasure (a request, or a consent withdrawal or objection from the CRM) that could not be finished
-- leaves one row per copy and request here:
--   PENDING   the copy is in state ERASE_PENDING: its deletion was sent (or is about to be) but S3 has not
--             confirmed that nothing is left; `reason` says what the last check found. The retention sweep
--             retries it.
--   DEFERRED  a legal hold kept the copy (Art. 17(3)(e)); it is erased when no hold covers it any more
--             (on the release of the hold, else by the next sweep).
-- The row goes when the copy is confirmed erased (or turned out to be gone already), and the request's
-- certificate is then issued again with the copy's new outcome.
create table unfinished_erasures (
  request_id      varchar(40)   not null,
  recording_id    varchar(128)  not null,
  purpose         varchar(64)   not null,
  status          varchar(16)   not null,
  grounds         varchar(1000) not null,
  reason          varchar(1000) not null,
  since           timestamp with time zone not null,
  attempts        integer       not null,
  last_attempt_at timestamp with time zone,
  constraint pk_unfinished_erasures primary key (request_id, recording_id, purpose),
  constraint ck_unfinished_erasures_status check (status in ('PENDING', 'DEFERRED'))
);

create index ix_unfinished_erasures_copy on unfinished_erasures (recording_id, purpose);

-- One erasure request may get several certificates: the first, and one more each time an unfinished copy
-- is finished. request_id is the first certificate's id; superseded_by points to the next one; event_id is
-- the consent event that the request answers, if any (its stored result is the newest certificate).
alter table erasure_certificates add column request_id varchar(40);
alter table erasure_certificates add column event_id varchar(128);
alter table erasure_certificates add column superseded_by varchar(40);
update erasure_certificates set request_id = id;
alter table erasure_certificates alter column request_id set not null;

create index ix_erasure_certificates_request on erasure_certificates (request_id);
