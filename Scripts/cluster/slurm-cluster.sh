#!/usr/bin/env bash
# A throw-away one-node Slurm 22.05 cluster on this machine, for `make cluster-test`.
#
#   source Scripts/cluster/slurm-cluster.sh
#   slurm_install            # apt: slurmctld slurmd slurm-client munge (needs root)
#   slurm_start DIR          # config, state and logs under DIR; exports SLURM_CONF
#   slurm_stop               # stops exactly the daemons slurm_start started
#
# Facts for this kind of machine (a container, no systemd, no usable cgroup controllers):
#   slurm.conf:  ProctrackType=proctrack/linuxproc, TaskPlugin=task/none
#   cgroup.conf: CgroupPlugin=autodetect, IgnoreSystemd=yes
#   munge: a key in /etc/munge/munge.key, /run/munge owned by the munge user, munged run as munge.
# Everything listens on loopback only (127.0.0.1, ports SLURM_PORT_BASE and +1, default 16817).

SLURM_PORT_BASE=${SLURM_PORT_BASE:-16817}
_SLURM_STARTED_PIDS=()
_SLURM_STARTED_MUNGE=""

slurm_install() {
    if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null; then
        echo "==> slurm and munge already installed: $(slurmctld -V)"
        return 0
    fi
    echo "==> installing slurmctld slurmd slurm-client munge through apt"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null
    echo "==> installed $(slurmctld -V)"
}

slurm_munge() {
    if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
        echo "==> munged already running; using it"
        return 0
    fi
    install -d -o munge -g munge -m 0700 /etc/munge
    if [ ! -s /etc/munge/munge.key ]; then
        echo "==> creating a munge key"
        dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
    fi
    chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
    install -d -o munge -g munge -m 0755 /run/munge
    install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge
    echo "==> starting munged as the munge user"
    runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 1 50); do
        if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
            _SLURM_STARTED_MUNGE=$(cat /run/munge/munged.pid 2>/dev/null)
            return 0
        fi
        sleep 0.1
    done
    echo "munged did not come up" >&2
    return 1
}

slurm_start() {
    local dir=$1
    local host cpus
    host=$(hostname -s)
    cpus=$(nproc)
    mkdir -p "$dir/state" "$dir/spool"
    cat >"$dir/slurm.conf" <<CONF
ClusterName=scoringtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$SLURM_PORT_BASE
SlurmdPort=$((SLURM_PORT_BASE + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
MinJobAge=300
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1000 State=UNKNOWN
PartitionName=scoring Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
    cat >"$dir/cgroup.conf" <<CONF
CgroupPlugin=autodetect
IgnoreSystemd=yes
CONF
    export SLURM_CONF="$dir/slurm.conf"
    slurm_munge || return 1
    echo "==> starting slurmctld and slurmd (config $SLURM_CONF)"
    slurmctld -f "$SLURM_CONF" -i || { tail -20 "$dir/slurmctld.log" >&2; return 1; }
    for _ in $(seq 1 50); do [ -s "$dir/slurmctld.pid" ] && break; sleep 0.1; done
    _SLURM_STARTED_PIDS+=("$(cat "$dir/slurmctld.pid")")
    slurmd -f "$SLURM_CONF" || { tail -20 "$dir/slurmd.log" >&2; return 1; }
    for _ in $(seq 1 50); do [ -s "$dir/slurmd.pid" ] && break; sleep 0.1; done
    _SLURM_STARTED_PIDS+=("$(cat "$dir/slurmd.pid")")
    local state=""
    for _ in $(seq 1 120); do
        state=$(sinfo -h -N -o "%T" 2>/dev/null | head -1)
        case "$state" in idle|mixed|allocated) echo "==> node $host is $state"; return 0;; esac
        sleep 0.5
    done
    echo "the node did not become idle (state '$state')" >&2
    tail -20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2
    return 1
}

slurm_stop() {
    local pid
    for pid in "${_SLURM_STARTED_PIDS[@]}"; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null
    done
    for pid in "${_SLURM_STARTED_PIDS[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    if [ -n "$_SLURM_STARTED_MUNGE" ]; then
        kill "$_SLURM_STARTED_MUNGE" 2>/dev/null
    fi
    _SLURM_STARTED_PIDS=()
    _SLURM_STARTED_MUNGE=""
    echo "==> stopped the daemons this script started"
}

# Waits for Slurm job ids to leave the queue; fails unless each ended COMPLETED.
slurm_wait() {
    local id state
    for id in "$@"; do
        for _ in $(seq 1 2400); do
            squeue -h -j "$id" 2>/dev/null | grep -q . || break
            sleep 0.5
        done
    done
    local bad=0
    for id in "$@"; do
        # Without accounting, scontrol knows finished jobs for MinJobAge seconds; an array lists every task.
        state=$(scontrol show job "$id" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort | uniq -c | tr -s ' ' | tr '\n' ' ')
        echo "    job $id: ${state:-unknown}"
        if [ -z "$state" ] || scontrol show job "$id" | grep -o 'JobState=[A-Z_]*' | grep -qv 'JobState=COMPLETED'; then
            bad=1
        fi
    done
    return $bad
}
