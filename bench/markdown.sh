#!/usr/bin/env bash
# Markdown rendering while it streams, beside the plain path: the installed jollama on a pseudo-
# terminal (script(1)) against the fake daemon streaming 100,000 chunks, `run` with and without
# --plain, interleaved; then the printers alone in one JVM. Prints medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-7}"
CHUNKS="${CHUNKS:-100000}"
work="$(mktemp -d)"
fake_pid=
cleanup() {
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
PREFIX="$work/prefix" ./install.sh >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; exit 1; }
jollama="$work/prefix/bin/jollama"
java -cp "core/target/test-classes:$work/prefix/lib/jollama/*" dev.jollama.core.fake.FakeOllama \
  --port 0 --port-file "$work/port" --chunks "$CHUNKS" >/dev/null 2>&1 &
fake_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
export OLLAMA_HOST="127.0.0.1:$(cat "$work/port")" COLUMNS=100
ms() {
  local s e
  s=$(date +%s%N)
  script -qec "$1" /dev/null >/dev/null 2>&1 || true
  e=$(date +%s%N)
  echo $(((e - s) / 1000000))
}
plain=() markdown=()
ms "'$jollama' run --plain llama3.2 hi" >/dev/null
for _ in $(seq 1 "$RUNS"); do
  plain+=("$(ms "'$jollama' run --plain llama3.2 hi")")
  markdown+=("$(ms "'$jollama' run llama3.2 hi")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
p=$(median "${plain[@]}")
m=$(median "${markdown[@]}")
echo "run on a pty, $CHUNKS chunks, median of $RUNS: --plain $p ms, markdown $m ms, ratio $(awk -v a="$m" -v b="$p" 'BEGIN{printf "%.2f", a/b}') (target ≤ 1.5)"
cp="cli/target/test-classes:$work/prefix/lib/jollama/*"
java -cp "$cp" dev.jollama.cli.render.markdown.MarkdownBench "$CHUNKS"
