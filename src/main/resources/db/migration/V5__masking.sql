-- callvault catalog, version 5: what the minimise step did to a recording's audio. Counts only:
-- the masked digits are never recorded anywhere.
alter table recordings add column masking_ran boolean;
alter table recordings add column tones_masked integer;
alter table recordings add column masked_millis bigint;
alter table recordings add column masking_note varchar(1000);
