#!/bin/bash
# Submits a sharded tcpsim study to Slurm: a job array of N shards and a merge job that waits for all of them
# (--dependency=afterok). Run it on a login node from the folder the jobs should start in (paths recorded in the
# results are relative to it):
#   experiments/deploy/slurm/submit.sh CONFIG N WORK OUT [sbatch options, e.g. --partition=short --account=me]
# WORK (the shard folders) and OUT (the study's results folder) must be on a file system every node shares.
# The jar is TCPSIM_JAR (default: experiments/target/tcpsim.jar of this checkout; build it with
# mvn -B package -DskipTests). Extra run options: TCPSIM_OPTIONS="--set replications=30".
set -euo pipefail

if [ $# -lt 4 ]; then
    echo "usage: $0 CONFIG N WORK OUT [sbatch options...]" >&2
    exit 2
fi
deploy=$(cd "$(dirname "$0")/.." && pwd)
config=$1 n=$2 work=$3 out=$4
shift 4
case $n in
'' | *[!0-9]* | 0) echo "submit.sh: N must be a whole number of shards >= 1, got '$n'" >&2; exit 2 ;;
esac
mkdir -p "$work"
export TCPSIM_CONFIG=$config TCPSIM_SHARDS=$n TCPSIM_WORK=$work TCPSIM_OUT=$out TCPSIM_DEPLOY=$deploy
export TCPSIM_JAR=${TCPSIM_JAR:-$(cd "$deploy/../.." && pwd)/experiments/target/tcpsim.jar}

# a bad config or N fails here, on the login node, before anything is queued; it also shows the split
if [ -n "${TCPSIM:-}" ]; then
    # shellcheck disable=SC2086
    $TCPSIM validate "$config" --shards "$n" ${TCPSIM_OPTIONS:-}
else
    # shellcheck disable=SC2086
    "${JAVA:-java}" -jar "$TCPSIM_JAR" validate "$config" --shards "$n" ${TCPSIM_OPTIONS:-}
fi

array=$(sbatch --parsable --array=1-"$n" --export=ALL "$@" "$deploy/slurm/shard.sbatch")
array=${array%%;*} # --parsable prints "jobid" or "jobid;cluster"
merge=$(sbatch --parsable --dependency=afterok:"$array" --export=ALL "$@" "$deploy/slurm/merge.sbatch")
merge=${merge%%;*}
echo "submitted: shards 1-$n as job array $array, the merge as job $merge (after every shard succeeds)"
echo "results: $out (shard folders in $work); follow with: squeue -j $array,$merge"
