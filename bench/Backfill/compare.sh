#!/bin/bash
# Runs the backfill benchmark of an earlier revision and of the working tree alternately, on the same machine and
# the same settings, so that the machine's load weighs on both alike (these machines are shared and noisy).
# Usage: bench/Backfill/compare.sh <earlier-revision> [rounds]   (from the repository root)
set -euo pipefail
base=${1:?usage: bench/Backfill/compare.sh <earlier-revision> [rounds]}
rounds=${2:-2}
old=$(mktemp -d /tmp/safemigrate-bench-XXXXXX)
trap 'git worktree remove --force "$old" >/dev/null 2>&1 || true' EXIT
git worktree add -q --detach "$old" "$base"
dotnet build -c Release "$old/bench/Backfill" -v q >/dev/null
dotnet build -c Release bench/Backfill -v q >/dev/null
args=(--sizes 1000000 --batch-sizes 1000 --fixed-batch-sizes 1000 --runs 3 --contention-runs 1 --contention-targets 100)
for round in $(seq "$rounds"); do
  for which in "$base" working-tree; do
    tree=$([ "$which" = working-tree ] && echo . || echo "$old")
    echo "=== round $round: $which ($(uptime | sed 's/.*load average/load average/'))"
    "$tree/bench/Backfill/bin/Release/net10.0/SafeMigrate.Bench.Backfill" "${args[@]}" 2>&1 | grep -E '^1,000,000 rows|^contention'
  done
done
