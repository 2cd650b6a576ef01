# slurm-local.sh -- a throwaway single-node Slurm cluster on localhost
# (sourced, POSIX sh), for testing the README's job-array recipe against a
# real scheduler. Needs Debian's slurm-wlm and munge packages and root (the
# daemons run as root: SlurmUser=root).
#
#   slurm_start DIR   writes DIR/slurm.conf and a fresh MUNGE key, starts
#                     munged, slurmctld and slurmd (their PIDs in
#                     $SLURM_LOCAL_PIDS), exports SLURM_CONF, and waits up
#                     to 30 s for the node to be idle; returns 1 with the
#                     reason in $SLURM_WHY when the cluster does not come up
#   slurm_stop        cancels the cluster's jobs and stops every daemon that
#                     slurm_start started (TERM, then KILL after 10 s)
#
# Everything lives in DIR: configuration, state, spool, logs, the MUNGE key
# and socket. Nothing is written to /etc, no system service is touched, and
# the ports are chosen free at random, so two clusters can run side by side
# with each other and with a real one. Containers often lack a usable cgroup
# hierarchy, so the configuration uses no cgroup plugin: processes are
# tracked by parent PID (proctrack/linuxproc), tasks are not bound
# (task/none), no accounting.

SLURM_LOCAL_PIDS=""

# slurm_bin NAME: the path of a Slurm or MUNGE daemon (they live in /usr/sbin)
slurm_bin() {
    command -v "$1" 2>/dev/null || { [ -x "/usr/sbin/$1" ] && echo "/usr/sbin/$1"; }
}

slurm_start() {
    SL_DIR=$1
    mkdir -p "$SL_DIR/state" "$SL_DIR/spool" "$SL_DIR/munge" || { SLURM_WHY="cannot create $SL_DIR"; return 1; }
    chmod 700 "$SL_DIR" "$SL_DIR/munge"
    for d in munged slurmctld slurmd; do
        [ -n "$(slurm_bin $d)" ] || { SLURM_WHY="$d not found"; return 1; }
    done
    if [ "$(id -u)" -ne 0 ]; then SLURM_WHY="the throwaway cluster runs its daemons as root"; return 1; fi
    host=$(hostname -s 2>/dev/null || uname -n | cut -d . -f 1)
    cpus=$(nproc 2>/dev/null || echo 1)
    # shellcheck disable=SC2046
    set -- $(free_ports 2)
    [ $# -eq 2 ] || { SLURM_WHY="no free TCP port found"; return 1; }

    # MUNGE: a fresh key, and a daemon on a socket of our own
    dd if=/dev/urandom of="$SL_DIR/munge/munge.key" bs=1024 count=1 2>/dev/null
    chmod 400 "$SL_DIR/munge/munge.key"
    sock="$SL_DIR/munge/munge.socket"
    "$(slurm_bin munged)" --foreground --force --socket="$sock" \
        --key-file="$SL_DIR/munge/munge.key" --pid-file="$SL_DIR/munge/munged.pid" \
        --seed-file="$SL_DIR/munge/munged.seed" --log-file="$SL_DIR/munged.log" \
        >"$SL_DIR/munged.out" 2>&1 &
    SLURM_LOCAL_PIDS="$!"; SLURM_LOCAL_NAMES="munged"

    cat >"$SL_DIR/slurm.conf" <<EOF
# A throwaway single-node cluster on localhost (tests/cluster/slurm-local.sh)
ClusterName=axlocal
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$1
SlurmdPort=$2
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$SL_DIR/state
SlurmdSpoolDir=$SL_DIR/spool
SlurmctldPidFile=$SL_DIR/slurmctld.pid
SlurmdPidFile=$SL_DIR/slurmd.pid
SlurmctldLogFile=$SL_DIR/slurmctld.log
SlurmdLogFile=$SL_DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
DependencyParameters=kill_invalid_depend
ReturnToService=2
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=axnode NodeHostname=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=axlocal Nodes=axnode Default=YES MaxTime=10 State=UP
EOF
    SLURM_CONF="$SL_DIR/slurm.conf"; export SLURM_CONF

    # the MUNGE socket first: the Slurm daemons authenticate through it
    n=0
    while [ ! -S "$sock" ]; do
        n=$((n + 1))
        if [ $n -gt 50 ] || ! kill -0 "$SLURM_LOCAL_PIDS" 2>/dev/null; then
            SLURM_WHY="munged did not start: $(tail -n 3 "$SL_DIR/munged.out" "$SL_DIR/munged.log" 2>/dev/null | tr '\n' ' ')"
            return 1
        fi
        sleep 0.2
    done
    "$(slurm_bin slurmctld)" -D -i -f "$SLURM_CONF" >"$SL_DIR/slurmctld.out" 2>&1 &
    SLURM_LOCAL_PIDS="$SLURM_LOCAL_PIDS $!"; SLURM_LOCAL_NAMES="$SLURM_LOCAL_NAMES slurmctld"
    "$(slurm_bin slurmd)" -D -N axnode -f "$SLURM_CONF" >"$SL_DIR/slurmd.out" 2>&1 &
    SLURM_LOCAL_PIDS="$SLURM_LOCAL_PIDS $!"; SLURM_LOCAL_NAMES="$SLURM_LOCAL_NAMES slurmd"

    # up when the node is idle (30 s at most)
    n=0
    while :; do
        state=$(timeout 5 sinfo -h -n axnode -o %T 2>/dev/null)
        [ "$state" = idle ] && return 0
        i=0
        for p in $SLURM_LOCAL_PIDS; do
            i=$((i + 1))
            kill -0 "$p" 2>/dev/null && continue
            SLURM_WHY="$(echo "$SLURM_LOCAL_NAMES" | cut -d ' ' -f $i) exited: $(slurm_logs)"; return 1
        done
        n=$((n + 1))
        [ $n -gt 60 ] && { SLURM_WHY="node not idle after 30 s (state '$state'): $(slurm_logs)"; return 1; }
        sleep 0.5
    done
}

# slurm_logs: the last lines of the daemons' logs, on one line
slurm_logs() {
    for f in slurmctld.out slurmctld.log slurmd.out slurmd.log munged.log; do
        [ -s "$SL_DIR/$f" ] && { echo "[$f]"; tail -n 3 "$SL_DIR/$f"; }
    done 2>/dev/null | tr '\n' ' ' | cut -c 1-1200
}

slurm_stop() {
    [ -n "$SLURM_LOCAL_PIDS" ] || return 0
    if [ -n "${SLURM_CONF:-}" ]; then
        timeout 10 scancel --quiet --partition=axlocal 2>/dev/null
        # running jobs end before their slurmd goes (10 s at most)
        n=0
        while [ $n -lt 20 ] && [ -n "$(timeout 5 squeue -h -t running -o %i 2>/dev/null)" ]; do
            n=$((n + 1)); sleep 0.5
        done
    fi
    # slurmd, slurmctld, then munged, whose socket they use
    for p in $(echo "$SLURM_LOCAL_PIDS" | awk '{ for (i = NF; i >= 1; i--) print $i }'); do
        kill -TERM "$p" 2>/dev/null
        n=0
        while kill -0 "$p" 2>/dev/null && [ $n -lt 20 ]; do n=$((n + 1)); sleep 0.5; done
        kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    SLURM_LOCAL_PIDS=""
}
