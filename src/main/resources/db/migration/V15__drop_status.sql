-- What each PBX drop's last successful poll saw, for ./callvault status (written by the hub that polled it,
-- at most every few seconds while nothing changes). One row per source; on several nodes the latest poll wins.
create table drop_status (
  source_id         varchar(128) not null,
  last_poll_at      timestamp with time zone not null,
  files_waiting     integer      not null,
  oldest_waiting_at timestamp with time zone,
  constraint pk_drop_status primary key (source_id)
);
