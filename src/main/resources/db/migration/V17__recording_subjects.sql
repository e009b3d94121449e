-- The other data subjects of a recording (GDPR: employees are data subjects too). The customer stays in
-- recordings.subject_key; each employee the PBX names (the agent's extension, looked up in the employee
-- directory at the call's time) gets a row here, keyed like customers by HMAC-SHA256 (hex) of
-- "employee:<employee id>". No employee id and no extension is stored in clear.
create table recording_subjects (
  recording_id varchar(128) not null,
  subject_key  varchar(64)  not null,
  role         varchar(16)  not null,
  constraint pk_recording_subjects primary key (recording_id, subject_key),
  constraint fk_recording_subjects_recording foreign key (recording_id) references recordings (id)
);

create index ix_recording_subjects_subject_key on recording_subjects (subject_key);
