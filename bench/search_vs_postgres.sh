#!/bin/bash
# search_vs_postgres.sh KIT [N] [CLIENTS] [SECONDS]
#
# The hub's free-text search against a plain PostgreSQL design, in one
# invocation, on the same entries and the same query terms. KIT is a
# checkout of the PostgreSQL search kit (its run.sh generates the data,
# loads PostgreSQL, runs pgbench and prints "SUMMARY ... median_ms= p99_ms=
# qps="). Then, over the kit's entries.jsonl and lib/terms.txt, the hub's
# index is served by `search_bench serve` and loaded by `search_bench load`
# (a separate process, CLIENTS clients, a page of 20 plus the exact total as
# the kit's default mode), REPS runs (default 3) against one loaded server,
# each in relevance order (the hub's default) and in agency order (the
# kit's), and once with a word nothing matches (the floor: what gRPC and
# the closed loop cost on this machine with no search work at all). Then
# one client alone, each term in turn (200 searches each: its single-client
# p99), and CLIENTS clients again while the server re-indexes every entry
# (as after a change of index format). Prints every summary, the medians
# over the repeats, the ratios PostgreSQL / hub (above 1: the hub is
# faster), the targets, and one line "TARGETS single_p99_ms_max= qps=
# floor_qps= idle_p99_ms= reindex_p99_ms= pg_qps=" (qps and idle_p99_ms:
# relevance order, median of the repeats). Defaults: N=100000, 32 clients,
# 10 s.
#
# Env: REPS (3); SEARCH_BENCH (default build/bench/search_bench);
#      SB_DIR as the kit's (default /tmp/search-baseline-work).
set -euo pipefail
kit=${1:?usage: search_vs_postgres.sh KIT [N] [CLIENTS] [SECONDS]}
n=${2:-100000}
clients=${3:-32}
secs=${4:-10}
reps=${REPS:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${SEARCH_BENCH:-$root/build/bench/search_bench}
sb_dir=${SB_DIR:-/tmp/search-baseline-work}
[[ -x $bench ]] || { echo "no $bench: build first (cmake --build build)" >&2; exit 2; }
[[ -x $kit/run.sh ]] || { echo "$kit/run.sh: not the PostgreSQL search kit" >&2; exit 2; }

echo "== PostgreSQL ($kit/run.sh $n $clients $secs)"
pg_log=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$work" "$pg_log"' EXIT
"$kit/run.sh" "$n" "$clients" "$secs" | tee "$pg_log"
pg=$(grep '^SUMMARY' "$pg_log" | tail -1)
data=$(ls -d "$sb_dir"/data/N"$n"-* 2>/dev/null | head -1)
[[ -s $data/entries.jsonl ]] || { echo "no entries.jsonl under $sb_dir/data/N$n-*" >&2; exit 1; }

echo "== hub index ($bench: one server, a 3 s warm-up, $reps runs of $secs s per order)"
# As the PostgreSQL kit does: one server, loaded once, then the runs. The
# server lives while its standard input (a fifo we hold open) is open. Its
# search index is on disk in $work (deleted at the end).
port_file=$work/port
mkfifo "$work/stdin"
"$bench" serve --entries "$data/entries.jsonl" --agencies "$data/agencies.jsonl" \
  --index_dir "$work/search" --port_file "$port_file" < "$work/stdin" &
server=$!
exec {hold}> "$work/stdin"
for _ in $(seq 3600); do [[ -s $port_file ]] && break; sleep 0.5; done
[[ -s $port_file ]] || { echo "the index server did not start" >&2; exit 1; }
target=127.0.0.1:$(cat "$port_file")
echo "server RSS: $(( $(awk '/VmRSS/ {print $2}' /proc/$server/status) / 1024 )) MiB; index on disk: $(du -sh "$work/search" | cut -f1)"
load() { "$bench" load --target "$target" --clients "$clients" "$@"; }
load --terms "$kit/lib/terms.txt" --seconds 3 > /dev/null  # warm-up, not counted
# The floor: a word no entry contains, so the index does no work and what
# is left is gRPC and the closed loop of CLIENTS clients on this machine.
printf 'zqxjzqxj\n' > "$work/nothing.txt"
floor=$(load --terms "$work/nothing.txt" --seconds "$secs")
echo "floor (a word nothing matches): $floor"
relevance=()
agency=()
for ((r = 1; r <= reps; r++)); do
  line=$(load --terms "$kit/lib/terms.txt" --seconds "$secs" --order relevance)
  echo "run $r: $line"
  relevance+=("$line")
  line=$(load --terms "$kit/lib/terms.txt" --seconds "$secs" --order agency)
  echo "run $r: $line"
  agency+=("$line")
done
per_term=$("$bench" load --target "$target" --per_term --terms "$kit/lib/terms.txt")
printf '%s\n' "$per_term"
single=$(grep '^SUMMARY' <<< "$per_term")
echo "one client, each term alone: $single"
# A full re-index under the same load: the server indexes every entry
# again in the background while the clients search.
rm -f "$port_file.reindexed"
echo reindex >&"$hold"
sleep 1
reindex=$(load --terms "$kit/lib/terms.txt" --seconds "$secs" --order relevance)
echo "during the re-index: $reindex"
if [[ -e $port_file.reindexed ]]; then
  echo "warning: the re-index ended before the run did ($(cat "$port_file.reindexed") s); its figure is partly idle" >&2
fi
for _ in $(seq 3600); do [[ -e $port_file.reindexed ]] && break; sleep 0.5; done
exec {hold}>&-
wait "$server"

/usr/bin/python3 - "$pg" "$floor" "$reps" "$single" "$reindex" "${relevance[@]}" "${agency[@]}" <<'PY'
import re, statistics, sys
def fields(line):
    return {k: float(v) for k, v in re.findall(r'(median_ms|p99_ms|qps)=([0-9.]+)', line)}
pg, floor, reps = fields(sys.argv[1]), fields(sys.argv[2]), int(sys.argv[3])
single = re.search(r'single_p99_ms_max=([0-9.]+) term=(\S*)', sys.argv[4])
reindex = fields(sys.argv[5])
lines = sys.argv[6:]
def med(runs):
    return {k: statistics.median(r[k] for r in runs) for k in ('median_ms', 'p99_ms', 'qps')}
rel = med([fields(l) for l in lines[:reps]])
agy = med([fields(l) for l in lines[reps:]])
print('\n                            median ms    p99 ms   queries/s')
row = '%-26s %11.2f %9.2f %11.1f%s'
print(row % ('PostgreSQL (agency order)', pg['median_ms'], pg['p99_ms'], pg['qps'], ''))
print(row % ('hub, relevance order', rel['median_ms'], rel['p99_ms'], rel['qps'], '   (median of %d runs)' % reps))
print(row % ('hub, agency order', agy['median_ms'], agy['p99_ms'], agy['qps'], '   (median of %d runs)' % reps))
print(row % ('floor: empty answers', floor['median_ms'], floor['p99_ms'], floor['qps'], ''))
for name, hub in (('relevance', rel), ('agency', agy)):
    print('ratio PostgreSQL/hub (%s): median %.1fx, p99 %.1fx; throughput hub/PostgreSQL %.1fx' % (
        name, pg['median_ms'] / hub['median_ms'], pg['p99_ms'] / hub['p99_ms'], hub['qps'] / pg['qps']))
print(row % ('hub, during a re-index', reindex['median_ms'], reindex['p99_ms'], reindex['qps'], ''))
clients = int(re.search(r'clients=(\d+)', sys.argv[2]).group(1))
single_max, single_term = float(single.group(1)), single.group(2)
def met(ok):
    return 'met' if ok else 'NOT met'
print('targets: single-client p99 <= 5 ms for every term: %.2f ms at worst (%s): %s' % (
    single_max, single_term, met(single_max <= 5)))
print('         %d clients: %.1f searches/s >= 25%% of the floor\'s %.1f (%.0f%%): %s' % (
    clients, rel['qps'], floor['qps'], 100 * rel['qps'] / floor['qps'],
    met(rel['qps'] >= 0.25 * floor['qps'])))
print('         p99 during a re-index %.2f ms <= 2x the idle p99 %.2f ms (%.2fx): %s' % (
    reindex['p99_ms'], rel['p99_ms'], reindex['p99_ms'] / rel['p99_ms'],
    met(reindex['p99_ms'] <= 2 * rel['p99_ms'])))
print('floor: with %d clients in closed loop, a search that does no work already takes %.2f ms (median), %.2f ms (p99)' % (
    int(re.search(r'clients=(\d+)', sys.argv[2]).group(1)), floor['median_ms'], floor['p99_ms']))
print('TARGETS single_p99_ms_max=%.3f qps=%.1f floor_qps=%.1f idle_p99_ms=%.3f reindex_p99_ms=%.3f pg_qps=%.1f' % (
    single_max, rel['qps'], floor['qps'], rel['p99_ms'], reindex['p99_ms'], pg['qps']))
PY
