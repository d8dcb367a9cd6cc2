#!/bin/bash
# hyoka over SSH hosts with GNU parallel: shard K of N on whichever host is free,
# then `hyoka merge` here.
#
#   scripts/shard/parallel-ssh.sh INPUT OUT N [SSHLOGIN...]
#
# SSHLOGIN is parallel's (-S): `user@host`, `4/host` (4 jobs there), `:` (this
# machine). Default `:`, so the script runs as it is on one machine. Every host
# needs hyoka (the same version and templates) on its PATH, or HYOKA set to it.
#
# INPUT and OUT's parent must be the same path on every host (a shared file
# system: NFS, CephFS ...), or set HYOKA_SHARD_TRANSFER=1: parallel then copies
# INPUT to each host first (--basefile) and each part back (--return) with rsync,
# and removes both there afterwards (--cleanup). Give INPUT as a relative path
# then, as parallel recreates it below the remote login's home folder.
# SOURCE_DATE_EPOCH, when set here, is passed on (--env).
set -euo pipefail
INPUT=${1:?usage: parallel-ssh.sh INPUT OUT N [SSHLOGIN...]}
OUT=${2:?usage: parallel-ssh.sh INPUT OUT N [SSHLOGIN...]}
N=${3:?usage: parallel-ssh.sh INPUT OUT N [SSHLOGIN...]}
shift 3
HYOKA=${HYOKA:-hyoka}
logins=()
for l in "${@:-:}"; do logins+=(-S "$l"); done
PARTS="$OUT.parts"            # beside OUT: on the same file system, so merge links
mkdir -p "$PARTS"
transfer=()
if [ "${HYOKA_SHARD_TRANSFER:-0}" = 1 ]; then
    transfer=(--basefile "$INPUT" --return "$PARTS/part-{}" --cleanup)
fi
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-}
# --halt now,fail=1: one failed shard (an error in the data) stops the rest
seq 1 "$N" | parallel --halt now,fail=1 "${logins[@]}" --env SOURCE_DATE_EPOCH "${transfer[@]}" \
    "$HYOKA" build "$INPUT" -o "$PARTS/part-{}" --shard "{}/$N" -q
"$HYOKA" merge "$PARTS"/part-* -o "$OUT"
