#!/bin/sh
# The image's entry point, like ./callvault without the build: files the hub makes (temp files, keys,
# state) are for its own account only.
set -eu
umask 077
# shellcheck disable=SC2086 # CALLVAULT_JAVA_OPTS holds several options
exec java ${CALLVAULT_JAVA_OPTS:-} -jar /opt/callvault/callvault.jar "$@"
