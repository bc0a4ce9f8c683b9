#!/usr/bin/env bash
# Start-up, throughput and memory of jollama, side by side with curl (the floor) and the official
# `ollama` npm package under Node (the peer), all against the same in-repo fake daemon, interleaved
# A B C A B C … so that a noisy machine slows every contender alike. Prints one table.
#
#   bench/run.sh              # RUNS=10 interleaved runs per case after one warm-up
#   RUNS=20 bench/run.sh
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/run.sh
#   BASELINE=566cd0f bench/run.sh   # adds that commit's jollama, built in a worktree, to the same run
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-10}"
CHUNKS="${CHUNKS:-100000}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -d "$work/base" ] && git worktree remove --force "$work/base" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "installing jollama into a scratch prefix..." >&2
PREFIX="$work/prefix" ./install.sh >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; exit 1; }
jollama="$work/prefix/bin/jollama"
base_jollama=
if [ -n "${BASELINE:-}" ]; then
  echo "installing the baseline $BASELINE into another prefix..." >&2
  git worktree add -q --detach "$work/base" "$BASELINE"
  (cd "$work/base" && PREFIX="$work/base-prefix" ./install.sh >"$work/base-install.log" 2>&1) \
    || { cat "$work/base-install.log" >&2; exit 1; }
  base_jollama="$work/base-prefix/bin/jollama"
fi
java_bin="java"
[ -n "${JAVA_HOME:-}" ] && java_bin="$JAVA_HOME/bin/java"

start_fake() { # port-file, extra args…; sets fake_host
  local file="$1"
  shift
  "$java_bin" -cp "core/target/test-classes:$work/prefix/lib/jollama/*" dev.jollama.core.fake.FakeOllama \
    --port 0 --port-file "$file" "$@" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do [ -s "$file" ] && break; sleep 0.1; done
  fake_host="127.0.0.1:$(cat "$file")"
}
# Not in $(…): a subshell's pids+=() would be lost, and the fakes would outlive the bench.
start_fake "$work/small.port"
small="$fake_host"
start_fake "$work/many.port" --chunks "$CHUNKS"
many="$fake_host"

echo "installing the ollama npm package (the peer)..." >&2
node_ok=1
mkdir -p "$work/node"
(cd "$work/node" && npm init -y >/dev/null 2>&1 && npm install --silent --no-audit --no-fund ollama >/dev/null 2>&1) || node_ok=0
cat >"$work/node/peer.mjs" <<'JS'
import { Ollama } from 'ollama';
const ollama = new Ollama({ host: 'http://' + process.env.HOST });
const stream = await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: true });
for await (const part of stream) process.stdout.write(part.message.content);
process.stdout.write('\n');
JS

body='{"model":"llama3.2","messages":[{"role":"user","content":"hi"}]}'
declare -A cmd
cmd[jollama_run]="OLLAMA_HOST=$small '$jollama' run llama3.2 hi"
cmd[curl_run]="curl -sN -d '$body' http://$small/api/chat"
cmd[node_run]="HOST=$small node '$work/node/peer.mjs'"
cmd[jollama_version]="'$jollama' --version"
cmd[java_version]="'$java_bin' -version"
cmd[jollama_100k]="OLLAMA_HOST=$many '$jollama' run llama3.2 hi"
cmd[curl_100k]="curl -sN -d '$body' http://$many/api/chat"
order=(jollama_run curl_run node_run jollama_version java_version jollama_100k curl_100k)
if [ -n "$base_jollama" ]; then
  cmd[base_run]="OLLAMA_HOST=$small '$base_jollama' run llama3.2 hi"
  cmd[base_version]="'$base_jollama' --version"
  cmd[base_100k]="OLLAMA_HOST=$many '$base_jollama' run llama3.2 hi"
  order+=(base_run base_version base_100k)
fi
[ "$node_ok" = 1 ] || { echo "warning: npm install ollama failed; no Node column" >&2; order=("${order[@]/node_run}"); }

ms() { # runs a command line, prints its wall time in ms
  local s e
  s=$(date +%s%N)
  bash -c "$1" >/dev/null 2>&1 || true
  e=$(date +%s%N)
  echo $(((e - s) / 1000000))
}
declare -A times
for c in "${order[@]}"; do [ -n "$c" ] && ms "${cmd[$c]}" >/dev/null; done # warm-up: page cache, fake's JIT
for i in $(seq 1 "$RUNS"); do
  for c in "${order[@]}"; do
    [ -n "$c" ] || continue
    times[$c]+="$(ms "${cmd[$c]}") "
  done
  printf '.' >&2
done
echo >&2

median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
rss() { # peak RSS in MiB of a command line
  /usr/bin/time -f '%M' bash -c "$1 >/dev/null 2>/dev/null" 2>&1 | tail -1 | awk '{printf "%.0f", $1/1024}'
}
m() { median "${times[$1]}"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

rss_run=$(rss "OLLAMA_HOST=$small '$jollama' run llama3.2 hi")
rss_100k=$(rss "OLLAMA_HOST=$many '$jollama' run llama3.2 hi")
node_med=$([ "$node_ok" = 1 ] && m node_run || echo 0)

echo
echo "jollama bench: $RUNS interleaved runs per case, medians; $(nproc) cores; $("$java_bin" -version 2>&1 | head -1)"
printf '%-44s %10s   %s\n' "case" "median ms" "ratio"
printf '%-44s %10s   %s\n' "jollama run llama3.2 hi" "$(m jollama_run)" "$(ratio "$(m jollama_run)" "$node_med") × node (target ≤ 1.0)"
printf '%-44s %10s   %s\n' "node + ollama npm, same request (peer)" "$node_med" ""
printf '%-44s %10s   %s\n' "curl -sN, same request (floor)" "$(m curl_run)" ""
printf '%-44s %10s   %s\n' "jollama --version" "$(m jollama_version)" "$(ratio "$(m jollama_version)" "$(m java_version)") × java -version (target ≤ 3.0)"
printf '%-44s %10s   %s\n' "java -version" "$(m java_version)" ""
printf '%-44s %10s   %s\n' "jollama run, $CHUNKS chunks" "$(m jollama_100k)" "$(ratio "$(m jollama_100k)" "$(m curl_100k)") × curl (target ≤ 2.0)"
printf '%-44s %10s   %s\n' "curl -sN, $CHUNKS chunks" "$(m curl_100k)" ""
# Streaming rate with process start-up taken out: (100k-chunk run - one-chunk run) for each.
rate() { awk -v n="$CHUNKS" -v big="$1" -v small="$2" 'BEGIN { d = big - small; printf "%.0f", (d > 0 ? n * 1000 / d : 0) }'; }
rate_j=$(rate "$(m jollama_100k)" "$(m jollama_run)")
rate_c=$(rate "$(m curl_100k)" "$(m curl_run)")
printf '%-44s %10s   %s\n' "streaming rate, start-up excluded (chunks/s)" "$rate_j" "jollama; $(ratio "$rate_c" "$rate_j") × slower than curl's $rate_c"
printf '%-44s %10s   %s\n' "peak RSS, jollama run (MiB)" "$rss_run" "(target < 100)"
printf '%-44s %10s   %s\n' "peak RSS, jollama run $CHUNKS chunks (MiB)" "$rss_100k" ""
if [ -n "$base_jollama" ]; then
  printf '%-44s %10s   %s\n' "baseline $BASELINE: run llama3.2 hi" "$(m base_run)" "this tree: $(ratio "$(m jollama_run)" "$(m base_run)") ×"
  printf '%-44s %10s   %s\n' "baseline $BASELINE: --version" "$(m base_version)" "this tree: $(ratio "$(m jollama_version)" "$(m base_version)") ×"
  printf '%-44s %10s   %s\n' "baseline $BASELINE: run, $CHUNKS chunks" "$(m base_100k)" "this tree: $(ratio "$(m jollama_100k)" "$(m base_100k)") ×"
  printf '%-44s %10s   %s\n' "baseline $BASELINE: peak RSS run (MiB)" "$(rss "OLLAMA_HOST=$small '$base_jollama' run llama3.2 hi")" ""
fi
