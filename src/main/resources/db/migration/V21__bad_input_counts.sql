-- Bad input that is reported but leaves no quarantine row of its own (hidden files, refused reads, malformed CDR
-- rows, recordings that lost their CDR row), counted by kind across restarts, for ./callvault status.
create table bad_input_counts (
  kind          varchar(64) not null,
  total         bigint      not null,
  last_seen_at  timestamp with time zone not null,
  constraint pk_bad_input_counts primary key (kind)
);
