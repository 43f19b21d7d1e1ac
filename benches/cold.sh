#!/usr/bin/env bash
# cold.sh — time commands on a cold page cache: the cache is emptied
# before every run, the commands take turns, and each one's median wall
# time is printed with its ratio to the first command's.
#
# usage: sudo benches/cold.sh [-n RUNS] 'COMMAND' ['COMMAND' ...]
#   -n RUNS   timed runs of each command (default 3)
#   COMMAND   one shell command line, run with its output thrown away
#
# Needs root (it writes /proc/sys/vm/drop_caches). Run it from the tree
# to search, e.g. in the corpus of ../shared/bench/corpus.sh:
#   cd ~/.cache/grep-bench/linux
#   sudo benches/cold.sh 'rg -c zqzqzqzq .' 'lode -c zqzqzqzq .'
# Not part of `cargo test` or CI: each run reads the tree from the disk.
set -euo pipefail

runs=3
if [[ ${1:-} == -n ]]; then
    runs=$2
    shift 2
fi
(($# > 0)) || { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 1; }
[[ -w /proc/sys/vm/drop_caches ]] || { echo "cold.sh: needs root to drop the page cache" >&2; exit 1; }

declare -A times
for ((run = 1; run <= runs; run++)); do
    for ((i = 1; i <= $#; i++)); do
        sync
        echo 3 >/proc/sys/vm/drop_caches
        start=$(date +%s.%N)
        bash -c "${!i}" >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        times[$i]+="$(printf '%.2f' "$(echo "$end - $start" | bc)") "
    done
done

median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
first=$(echo "${times[1]}" | median)
printf '| command | runs (s) | median (s) | ratio to the first |\n|---|---|---:|---:|\n'
for ((i = 1; i <= $#; i++)); do
    m=$(echo "${times[$i]}" | median)
    printf '| `%s` | %s| %.2f | %.2f |\n' "${!i}" "${times[$i]}" "$m" "$(echo "$m / $first" | bc -l)"
done
