#!/bin/sh
# Starts sshd with the host key the sftp-init service made, and the login's password from PBX1_PASSWORD.
set -eu
: "${PBX1_PASSWORD:?set PBX1_PASSWORD (see .env.example)}"
if [ ! -s /etc/ssh/hostkeys/ssh_host_ed25519_key ]; then
  echo "no host key in /etc/ssh/hostkeys: the sftp-init service makes it (docker compose up runs it first)" >&2
  exit 1
fi
echo "callvault:${PBX1_PASSWORD}" | chpasswd
exec /usr/sbin/sshd -D -e
