#!/bin/bash
# harvest_vs_baseline.sh KIT [N] [E]
#
# The hub's harvest against the plain design (nginx mutual TLS + curl +
# openssl + SQLite), in one invocation, on the same number of agencies and
# entries. KIT is a checkout of the harvest baseline kit (its run.sh sets
# up nginx and N signed snapshot files, runs a warm-up and REPS pairs of
# full and unchanged rounds, and prints "SUMMARY ... full_median_s=
# unchanged_median_s="). Then build/bench/harvest_bench runs N
# disclosure-node processes of E databases each and REPS hubs, each
# harvesting into an empty store (full) and once more (unchanged). Prints
# both summaries and the ratios baseline / hub (above 1: the hub is
# faster), and last one line for scripts: "TARGETS full_ratio=
# unchanged_over_full=". Defaults: N=200, E=500, REPS=5.
#
# Env: REPS (5); HARVEST_BENCH (default build/bench/harvest_bench);
#      NODES_PER_PROCESS (1: a disclosure-node process per agency; more,
#      e.g. 500 for N=2000, serves that many nodes from each
#      build/bench/node_host process, since 2,000 node processes do not
#      fit in this machine's memory);
#      NODE_BINARY (default build/node/disclosure-node, or
#      build/bench/node_host with NODES_PER_PROCESS); HB_* as the kit's.
set -euo pipefail
kit=${1:?usage: harvest_vs_baseline.sh KIT [N] [E]}
n=${2:-200}
e=${3:-500}
reps=${REPS:-5}
per_process=${NODES_PER_PROCESS:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${HARVEST_BENCH:-$root/build/bench/harvest_bench}
default_node=$root/build/node/disclosure-node
(( per_process > 1 )) && default_node=$root/build/bench/node_host
node=${NODE_BINARY:-$default_node}
[[ -x $bench && -x $node ]] || { echo "no $bench or $node: build first (cmake --build build)" >&2; exit 2; }
[[ -x $kit/run.sh ]] || { echo "$kit/run.sh: not the harvest baseline kit" >&2; exit 2; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "== baseline ($kit/run.sh $n $e, $reps repetitions)"
HB_REPS=$reps "$kit/run.sh" "$n" "$e" | tee "$log"
base=$(grep '^SUMMARY' "$log" | tail -1)

echo "== hub ($bench: $n nodes, $per_process per process, $reps repetitions)"
"$bench" --node_binary "$node" --nodes "$n" --entries "$e" --repeat "$reps" \
  --nodes_per_process "$per_process" \
  2> "$log.err" | tee "$log" || { tail -20 "$log.err" >&2; exit 1; }
rm -f "$log.err"
hub=$(grep '^SUMMARY' "$log" | tail -1)

/usr/bin/python3 - "$base" "$hub" <<'PY'
import re, sys
def fields(line):
    return {k: float(v) for k, v in re.findall(r'(\w+_s)=([0-9.]+)', line)}
base, hub = fields(sys.argv[1]), fields(sys.argv[2])
print('\n                          full s   unchanged s   unchanged/full')
row = '%-24s %8.3f %13.3f %15.1f%%'
for name, f in (('baseline (nginx+curl)', base), ('hub', hub)):
    print(row % (name, f['full_median_s'], f['unchanged_median_s'],
                 100 * f['unchanged_median_s'] / f['full_median_s']))
full_ratio = base['full_median_s'] / hub['full_median_s']
print('ratio baseline/hub: full %.2fx, unchanged %.2fx' % (
    full_ratio, base['unchanged_median_s'] / hub['unchanged_median_s']))
print('hub CPU in a full round: hub %.2f s, nodes %.2f s; search index complete %.1f s after the round began' % (
    hub['hub_cpu_s'], hub['nodes_cpu_s'], hub['index_complete_s']))
unchanged_over_full = hub['unchanged_median_s'] / hub['full_median_s']
print('targets: full >= 2x faster: %s; unchanged <= 5%% of full: %s' % (
    'met' if full_ratio >= 2 else 'NOT met',
    'met' if unchanged_over_full <= 0.05 else 'NOT met'))
print('TARGETS full_ratio=%.2f unchanged_over_full=%.3f' % (
    full_ratio, unchanged_over_full))
PY
