#!/bin/bash
# The example files of scripts/shard/ run: GNU parallel (on this machine, as
# the SSH login `:`), the Slurm array script (its tasks run by hand with the
# variables Slurm sets) and the Kubernetes Indexed Job (each pod's shell command
# taken from the YAML, run with JOB_COMPLETION_INDEX set and /data in a scratch
# folder). Each merged result must be byte-identical to one `hyoka build`.
#   usage: shard_scripts.sh PATH/TO/hyoka
set -u
HYOKA=${1:?usage: shard_scripts.sh HYOKA}
SRC=${HYOKA_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-shard-scripts.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1719792000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
mkdir -p "$TMP/bin"
ln -s "$(cd "$(dirname "$HYOKA")" && pwd)/$(basename "$HYOKA")" "$TMP/bin/hyoka"
export PATH="$TMP/bin:$PATH" HYOKA="$TMP/bin/hyoka"
cp -r "$SRC/input" "$TMP/input"
rm -rf "$TMP/input/asahikawa" "$TMP/input/saitama" "$TMP/input/yoy"
cd "$TMP"

hyoka build input -o one -q || fail "one build"
same_tree() {
    diff <(cd "$1" && find . -type f | LC_ALL=C sort) <(cd "$2" && find . -type f | LC_ALL=C sort) >/dev/null ||
        { echo "  $2: not the same files as $1"; return 1; }
    local bad=0 f
    while read -r f; do cmp -s "$1/$f" "$2/$f" || { echo "  differs: $f"; bad=1; }; done \
        < <(cd "$1" && find . -type f)
    return $bad
}

# ---- GNU parallel, 3 shards on `:` ----
if command -v parallel >/dev/null; then
    bash "$SRC/scripts/shard/parallel-ssh.sh" input par 3 : </dev/null >par.log 2>&1 ||
        { fail "parallel-ssh.sh"; tail -5 par.log; }
    [ "$(ls -d par.parts/part-* | wc -l)" -eq 3 ] || fail "parallel-ssh.sh: not 3 parts"
    same_tree one par || fail "parallel-ssh.sh: merged outputs differ from one build"
else
    fail "GNU parallel is not installed (scripts/install-deps installs it)"
fi

# ---- Slurm: tasks 1..4 of an array of 4 ----
for k in 1 2 3 4; do
    SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=4 SLURM_ARRAY_TASK_MIN=1 \
        bash "$SRC/scripts/shard/slurm.sbatch" input slurm 2>slurm.err || { fail "slurm task $k"; cat slurm.err; }
done
SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=4 SLURM_ARRAY_TASK_MIN=0 \
    bash "$SRC/scripts/shard/slurm.sbatch" input slurm0 2>/dev/null && fail "slurm: an array from 0 was accepted"
hyoka merge slurm.parts/part-* -o slurm -q || fail "merging the slurm parts"
same_tree one slurm || fail "slurm.sbatch: merged outputs differ from one build"

# ---- Kubernetes: every index of the Indexed Job, then the merge Job ----
mkdir -p data && cp -r input data/input
/usr/bin/python3 - "$SRC/scripts/shard/k8s-indexed-job.yaml" "$TMP" <<'PY' || fail "reading the Job file"
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
tmp = sys.argv[2]
shards, merge = docs
spec = shards["spec"]
assert spec["completionMode"] == "Indexed"
c = spec["template"]["spec"]["containers"][0]
env = {e["name"]: e["value"] for e in c["env"]}
assert int(env["SHARDS"]) == spec["completions"], "SHARDS is not completions"
with open(tmp + "/k8s-shard.sh", "w") as f:
    for k, v in env.items():
        f.write("export %s='%s'\n" % (k, v))
    f.write(c["args"][0].replace("/data", tmp + "/data"))
with open(tmp + "/k8s-n", "w") as f:
    f.write(str(spec["completions"]))
mc = merge["spec"]["template"]["spec"]
with open(tmp + "/k8s-wait.sh", "w") as f:
    f.write("SHARDS=%s\n" % mc["initContainers"][0]["env"][0]["value"])
    f.write(mc["initContainers"][0]["args"][0].replace("/data", tmp + "/data"))
with open(tmp + "/k8s-merge.sh", "w") as f:
    f.write(mc["containers"][0]["args"][0].replace("/data", tmp + "/data"))
PY
n=$(cat k8s-n)
for ((i = 0; i < n; i++)); do
    JOB_COMPLETION_INDEX=$i sh k8s-shard.sh 2>k8s.err || { fail "k8s index $i"; cat k8s.err; }
done
timeout 20 sh k8s-wait.sh || fail "k8s: the merge Job's wait does not see every part"
sh k8s-merge.sh 2>/dev/null || fail "k8s merge"
# the parts name /data/input as the pods saw it, here $TMP/data/input: the same bytes
same_tree one data/out || fail "k8s-indexed-job.yaml: merged outputs differ from one build"

[ $failures -eq 0 ] && echo "shard scripts: parallel, Slurm and Kubernetes examples merge to one build's bytes"
exit $((failures > 0))
