#!/bin/sh
# test_slurm.sh -- the README's Slurm recipe on a real scheduler: a
# throwaway single-node Slurm (Debian's slurm-wlm and munge, installed when
# missing) runs the recipe's Fig. 1 job array and its dependent merge job,
# as written in README.md but with 3 shards of 24 points; the merged files
# must equal an unsharded run byte for byte. Skips, saying why, where the
# packages cannot be installed or the daemons cannot start. Every daemon it
# starts is stopped on exit. Bounded: 30 s for the cluster to come up,
# 100 s for the jobs.
T_NAME=cli_slurm
HERE=$(dirname "$0")
. "$HERE/lib.sh"
. "$HERE/../cluster/common.sh"
. "$HERE/../cluster/slurm-local.sh"
TMP=$(mktemp -d)
trap 'slurm_stop; rm -rf "$TMP" "$OUT" "$ERR"' EXIT
trap 'exit 130' INT TERM HUP
N=3; POINTS=24
BIN=$(abs_path "$BIN")

# the recipe as README.md gives it (docs/usage.md repeats it), made small:
# only the number of shards, the points and the cores per shard change
r=$(recipe slurm README.md)
[ -n "$r" ] && ok || { bad "README.md has no '<!-- recipe: slurm -->' block"; finish; exit $?; }
[ "$(recipe slurm docs/usage.md)" = "$r" ] && ok || bad "docs/usage.md's Slurm recipe differs from README.md's"
small=$(shrink "$r" "--array=1-8" "--array=1-$N") \
    && small=$(shrink "$small" "--shard \$SLURM_ARRAY_TASK_ID/8" "--shard \$SLURM_ARRAY_TASK_ID/$N") \
    && small=$(shrink "$small" "--points 2000" "--points $POINTS") \
    && small=$(shrink "$small" "--cpus-per-task=4" "--cpus-per-task=1") \
    && ok || { bad "the Slurm recipe no longer has --array=1-8, --shard .../8, --points 2000, --cpus-per-task=4 once each; update this test"; finish; exit $?; }

if ! ensure_packages slurm-wlm munge; then
    skip "no Slurm: $PKG_WHY"; finish; exit $?
fi
if ! slurm_start "$TMP/cluster"; then
    skip "the throwaway Slurm cluster did not start (no root, or a container without what slurmd needs): $SLURM_WHY"
    finish; exit $?
fi
ok

# the recipe calls `axsterile`: the program under test
mkdir -p "$TMP/bin" "$TMP/work"
ln -s "$BIN" "$TMP/bin/axsterile"
PATH="$TMP/bin:$PATH"; export PATH
cd "$TMP/work" || exit 1
mid=$(timeout 30 sh -e -c "$small" 2>"$TMP/submit.err")
rc=$?
case "$mid" in
    [0-9]*) ok ;;
    *) bad "the recipe did not submit (exit $rc): $(head -c 400 "$TMP/submit.err")"; finish; exit $? ;;
esac

# job_field JOB KEY: KEY=value from `scontrol show job` (one line per job;
# an array gives one line per task)
job_field() {
    timeout 10 scontrol -o show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p"
}
# wait for the merge job to end (100 s at most)
n=0; state=""
while [ $n -lt 200 ]; do
    state=$(job_field "$mid" JobState)
    case "$state" in
        PENDING|RUNNING|CONFIGURING|COMPLETING|"") ;;
        *) break ;;
    esac
    n=$((n + 1)); sleep 0.5
done
logs() { for f in slurm-*.out; do [ -s "$f" ] && { echo "[$f]"; tail -n 4 "$f"; }; done | tr '\n' ' ' | cut -c 1-800; }
if [ "$state" != COMPLETED ]; then
    bad "merge job $mid ended $state ($(job_field "$mid" Reason)), want COMPLETED: $(logs)"
    finish; exit $?
fi
ok

# the array: N tasks, each its own job with its own shard, all completed
# before the merge job started (afterok)
aid=$(job_field "$mid" Dependency | sed -n 's/^afterok:\([0-9]*\).*/\1/p')
[ -z "$aid" ] && aid=$(timeout 10 scontrol -o show job 2>/dev/null | tr ' ' '\n' | sed -n 's/^ArrayJobId=//p' | sort -u | head -n 1)
tasks=$(timeout 10 scontrol -o show job "$aid" 2>/dev/null)
nt=$(printf '%s\n' "$tasks" | grep -c 'ArrayTaskId=[0-9]*')
[ "$nt" -eq $N ] && ok || bad "the array job $aid has $nt tasks, want $N"
ndone=$(printf '%s\n' "$tasks" | grep -c 'JobState=COMPLETED')
[ "$ndone" -eq $N ] && ok || bad "$ndone of the $N array tasks completed"
last_end=$(printf '%s\n' "$tasks" | tr ' ' '\n' | sed -n 's/^EndTime=//p' | sort | tail -n 1)
start=$(job_field "$mid" StartTime)
[ -n "$last_end" ] && ! expr "$start" \< "$last_end" >/dev/null && ok \
    || bad "the merge job started at $start, before the last shard ended ($last_end)"
k=1
while [ $k -le $N ]; do
    [ -f "slurm-${aid}_$k.out" ] && ok || bad "no output of array task $k (slurm-${aid}_$k.out)"
    grep -q "\"$k/$N\"" "fig1.shard$k/scan.json" 2>/dev/null && ok || bad "fig1.shard$k does not hold shard $k/$N"
    k=$((k + 1))
done

# the merged scan equals one unsharded run
timeout 120 "$BIN" scan fig1 --points $POINTS -o "$TMP/whole" >/dev/null 2>"$TMP/whole.err" && ok \
    || bad "the unsharded scan failed: $(head -c 300 "$TMP/whole.err")"
check_merged "$TMP/work/fig1" "$TMP/whole"
cd / || exit 1
finish
