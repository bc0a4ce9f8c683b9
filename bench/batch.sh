#!/usr/bin/env bash
# Batch throughput: 200 prompts over two fake daemons with two slots each (every answer takes
# LATENCY ms in a slot, the rest queue, as OLLAMA_NUM_PARALLEL=2 does), done three ways, interleaved:
#   floor   xargs -P4 with curl, alternating the two hosts (no client work at all)
#   batch   jollama batch -j 4 with JOLLAMA_HOSTS=A,B
#   loop    a shell loop of `jollama run` (LOOP_N prompts, scaled to 200)
# Prints the medians and batch's throughput as a fraction of the floor's.
#
#   bench/batch.sh                 # RUNS=3, LATENCY=200, LOOP_N=20
#   RUNS=5 LATENCY=100 bench/batch.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-3}"
N="${N:-200}"
LATENCY="${LATENCY:-200}"
LOOP_N="${LOOP_N:-20}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "installing jollama into a scratch prefix..." >&2
PREFIX="$work/prefix" ./install.sh >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; exit 1; }
jollama="$work/prefix/bin/jollama"
java_bin="java"
[ -n "${JAVA_HOME:-}" ] && java_bin="$JAVA_HOME/bin/java"

start_fake() { # port-file; sets fake_host
  "$java_bin" -cp "core/target/test-classes:$work/prefix/lib/jollama/*" dev.jollama.core.fake.FakeOllama \
    --port 0 --port-file "$1" --slots 2 --latency "$LATENCY" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do [ -s "$1" ] && break; sleep 0.1; done
  fake_host="127.0.0.1:$(cat "$1")"
}
start_fake "$work/a.port"
a="$fake_host"
start_fake "$work/b.port"
b="$fake_host"

seq 1 "$N" | sed 's/.*/{"id": &, "prompt": "question &"}/' >"$work/in.jsonl"
cat >"$work/one.sh" <<SH
#!/bin/sh
if [ \$((\$1 % 2)) -eq 0 ]; then h=$a; else h=$b; fi
curl -s -o /dev/null -X POST "http://\$h/api/generate" \
  -d "{\"model\":\"llama3.2\",\"prompt\":\"question \$1\",\"stream\":false}"
SH
chmod +x "$work/one.sh"

ms() { date +%s%3N; }
floor() { seq 1 "$N" | xargs -P4 -n1 "$work/one.sh"; }
batch() { rm -f "$work/out.jsonl"; JOLLAMA_HOSTS="$a,$b" "$jollama" batch llama3.2 "$work/in.jsonl" -j 4 -o "$work/out.jsonl"; }
loop() { for i in $(seq 1 "$LOOP_N"); do OLLAMA_HOST="$a" "$jollama" run llama3.2 "question $i" >/dev/null; done; }

floor; batch # warm-up: page cache, the fakes' JIT
declare -a tf tb tl
for r in $(seq 1 "$RUNS"); do
  t=$(ms); floor; tf+=($(($(ms) - t)))
  t=$(ms); batch; tb+=($(($(ms) - t)))
  [ "$(wc -l <"$work/out.jsonl")" -eq "$N" ] || { echo "batch wrote $(wc -l <"$work/out.jsonl") lines, not $N" >&2; exit 1; }
  t=$(ms); loop; tl+=($(( ($(ms) - t) * N / LOOP_N )))
  echo "run $r: floor ${tf[-1]} ms, batch ${tb[-1]} ms, loop ${tl[-1]} ms (scaled)" >&2
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
mf=$(median "${tf[@]}"); mb=$(median "${tb[@]}"); ml=$(median "${tl[@]}")
floor_s=$(awk "BEGIN {print $N * $LATENCY / 4 / 1000}")
printf '\n%d prompts, 2 hosts x 2 slots, %d ms per answer (ideal %.1f s), medians of %d runs, %s\n' \
  "$N" "$LATENCY" "$floor_s" "$RUNS" "$("$java_bin" -version 2>&1 | head -1)"
printf '| way | time | prompts/s | vs floor |\n|---|---|---|---|\n'
for row in "xargs -P4 curl (floor):$mf" "jollama batch -j 4:$mb" "loop of jollama run (scaled from $LOOP_N):$ml"; do
  name="${row%:*}"; t="${row##*:}"
  awk -v n="$name" -v t="$t" -v N="$N" -v f="$mf" 'BEGIN {printf "| %s | %.2f s | %.1f | %.2fx |\n", n, t/1000, N/(t/1000), f/t}'
done
