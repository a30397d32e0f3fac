#!/bin/sh
# Runs a sharded tcpsim study on the Kubernetes cluster of the current kubectl context (README "Running on a
# cluster"): the config as ConfigMap tcpsim-config, the shared volume, the Indexed Job of the shards, and once it is
# complete the merge Job.  Usage: experiments/deploy/kubernetes/run.sh CONFIG
# The image tcpsim:local must be where the nodes pull from (see experiments/deploy/Dockerfile); the number of
# shards is completions (and TCPSIM_SHARDS) in shards-job.yaml.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 CONFIG" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
kubectl create configmap tcpsim-config --from-file=study.yaml="$1" --dry-run=client -o yaml | kubectl apply -f -
kubectl apply -f "$here/pvc.yaml"
kubectl delete job tcpsim-shards tcpsim-merge --ignore-not-found
kubectl apply -f "$here/shards-job.yaml"
kubectl wait --for=condition=complete --timeout=24h job/tcpsim-shards
kubectl apply -f "$here/merge-job.yaml"
kubectl wait --for=condition=complete --timeout=2h job/tcpsim-merge
kubectl logs job/tcpsim-merge
echo "the study's results are in /study on the volume tcpsim-results (claim); shard folders in /work"
