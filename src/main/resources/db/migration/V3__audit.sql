-- callvault audit trail, version 3 (V2 belongs to retention).
-- Portable SQL: must run unchanged on H2 2.x and PostgreSQL 15.
-- Append-only, hash-chained: hash = SHA-256 of the canonical encoding of
-- (seq, at, actor, action, target, reason, prev_hash); the first entry's prev_hash is 64 zeros.
-- No clear personal data: targets are recording ids, subject keys (HMAC) or hold ids.

create table audit_log (
  seq        bigint        not null,
  at         timestamp with time zone not null,
  actor      varchar(255)  not null,
  action     varchar(64)   not null,
  target     varchar(1024),
  reason     varchar(2000),
  prev_hash  varchar(64)   not null,
  hash       varchar(64)   not null,
  constraint pk_audit_log primary key (seq)
);

-- One row: the last appended entry. Appends lock it (select ... for update), so the chain never forks
-- and sequence numbers have no gaps.
create table audit_head (
  id    integer      not null,
  seq   bigint       not null,
  hash  varchar(64)  not null,
  constraint pk_audit_head primary key (id),
  constraint ck_audit_head_single check (id = 1)
);

insert into audit_head (id, seq, hash)
  values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
