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
# the kit's default mode), REPS runs (default 3) against one loaded server. Prints both summaries,
# the medians over the repeats, and the ratios PostgreSQL / hub (above 1:
# the hub is faster). Defaults: N=100000, 32 clients, 10 s.
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

echo "== hub index ($bench: one server, a 3 s warm-up, $reps runs of $secs s)"
# As the PostgreSQL kit does: one server, loaded once, then the runs. The
# server lives while its standard input (a fifo we hold open) is open.
port_file=$work/port
mkfifo "$work/stdin"
"$bench" serve --entries "$data/entries.jsonl" --agencies "$data/agencies.jsonl" \
  --port_file "$port_file" < "$work/stdin" &
server=$!
exec {hold}> "$work/stdin"
for _ in $(seq 600); do [[ -s $port_file ]] && break; sleep 0.5; done
[[ -s $port_file ]] || { echo "the index server did not start" >&2; exit 1; }
target=127.0.0.1:$(cat "$port_file")
echo "server RSS: $(( $(awk '/VmRSS/ {print $2}' /proc/$server/status) / 1024 )) MiB"
"$bench" load --target "$target" --terms "$kit/lib/terms.txt" \
  --clients "$clients" --seconds 3 > /dev/null  # warm-up, not counted
summaries=()
for ((r = 1; r <= reps; r++)); do
  line=$("$bench" load --target "$target" --terms "$kit/lib/terms.txt" \
    --clients "$clients" --seconds "$secs")
  echo "run $r: $line"
  summaries+=("$line")
done
exec {hold}>&-
wait "$server"

/usr/bin/python3 - "$pg" "${summaries[@]}" <<'PY'
import re, statistics, sys
def fields(line):
    return {k: float(v) for k, v in re.findall(r'(median_ms|p99_ms|qps)=([0-9.]+)', line)}
pg = fields(sys.argv[1])
runs = [fields(l) for l in sys.argv[2:]]
hub = {k: statistics.median(r[k] for r in runs) for k in ('median_ms', 'p99_ms', 'qps')}
print('\n               median ms    p99 ms      queries/s')
print('PostgreSQL  %11.2f %10.2f %12.1f' % (pg['median_ms'], pg['p99_ms'], pg['qps']))
print('hub index   %11.2f %10.2f %12.1f   (median of %d runs)' % (hub['median_ms'], hub['p99_ms'], hub['qps'], len(runs)))
print('ratio PostgreSQL/hub: median %.1fx, p99 %.1fx; throughput hub/PostgreSQL %.1fx' % (
    pg['median_ms'] / hub['median_ms'], pg['p99_ms'] / hub['p99_ms'], hub['qps'] / pg['qps']))
print('targets (issue 12): median <= 1 ms: %s; p99 <= 5 ms: %s' % (
    'met' if hub['median_ms'] <= 1 else 'NOT met', 'met' if hub['p99_ms'] <= 5 else 'NOT met'))
PY
