#!/bin/sh
# Run once before the SFTP server (docker compose service sftp-init): makes the server's Ed25519 host key
# if the volume has none yet (kept across restarts, so the hub's known_hosts stays true), and writes the
# hub's known_hosts line for host "sftp" (port 22) from it. Host-key checking stays on in the hub.
set -eu
key=/etc/ssh/hostkeys/ssh_host_ed25519_key
if [ ! -s "$key" ]; then
  ssh-keygen -q -t ed25519 -N '' -C sftp -f "$key"
  echo "made the SFTP host key $key"
fi
umask 022
printf 'sftp %s\n' "$(cut -d' ' -f1,2 "$key.pub")" > /known-hosts/known_hosts.tmp
mv /known-hosts/known_hosts.tmp /known-hosts/known_hosts
echo "wrote /known-hosts/known_hosts: $(cat /known-hosts/known_hosts)"
