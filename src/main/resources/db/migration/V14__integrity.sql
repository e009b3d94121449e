-- callvault catalog, version 14: what was wrong with a recording's WAV header when it arrived (e.g. "truncated:
-- header says 96,044 bytes, data has 32,000"), its copies stored with the sizes repaired. Sizes only, no personal data.
alter table recordings add column integrity_note varchar(1000);
