#!/usr/bin/env bash
# How long the installed jollama takes to stop, per phase, against the in-repo fake daemon gone silent:
# SIGINT (Ctrl-C) and SIGTERM while the daemon is silent before its headers (a model loading) and
# after three chunks (a stalled stream, a half-open connection), and the idle timeout set to 2 s.
# Prints one line per case: exit code and milliseconds from the signal (or the start) to the exit.
#
#   bench/interrupts.sh                # installs into a scratch prefix first
#   JOLLAMA=~/.local/bin/jollama bench/interrupts.sh
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

jollama="${JOLLAMA:-}"
if [ -z "$jollama" ]; then
  echo "installing jollama into a scratch prefix..." >&2
  PREFIX="$work/prefix" ./install.sh >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; exit 1; }
  jollama="$work/prefix/bin/jollama"
fi
lib="$(dirname "$(dirname "$jollama")")/lib/jollama"

start_fake() { # port-file, --answer NAME; sets fake_host
  local file="$1"
  shift
  java -cp "core/target/test-classes:$lib/*" dev.jollama.core.fake.FakeOllama --port 0 --port-file "$file" "$@" \
    >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do [ -s "$file" ] && break; sleep 0.1; done
  fake_host="127.0.0.1:$(cat "$file")"
}
start_fake "$work/stall.port" --answer stall
stall="$fake_host"
start_fake "$work/silent.port" --answer silent_before_headers
silent="$fake_host"

now() { date +%s%N; }

# case name, host, signal, what to wait for on stdout ("" = wait 1 s)
signal_case() {
  local name="$1" host="$2" sig="$3" ready="$4" out="$work/out" t0 code
  : >"$out"
  # A background job inherits SIGINT ignored; put the defaults back as a terminal would have them.
  OLLAMA_HOST="$host" XDG_CONFIG_HOME="$work/empty" env --default-signal=INT,TERM \
    "$jollama" run llama3.2 "alpha" >"$out" 2>"$work/err" </dev/null &
  local pid=$!
  if [ -n "$ready" ]; then
    for _ in $(seq 1 200); do grep -q "$ready" "$out" 2>/dev/null && break; sleep 0.02; done
  else
    sleep 1
  fi
  t0=$(now)
  kill -"$sig" "$pid"
  set +e
  wait "$pid"
  code=$?
  set -e
  printf '%-52s exit %3s  %5d ms\n' "$name" "$code" $((($(now) - t0) / 1000000))
}

echo "jollama stop times: $(nproc) cores; $(java -version 2>&1 | head -1)"
signal_case "SIGINT, daemon silent before its headers" "$silent" INT ""
signal_case "SIGINT, stream stalled after 3 chunks" "$stall" INT "echo: alpha"
signal_case "SIGTERM, daemon silent before its headers" "$silent" TERM ""
signal_case "SIGTERM, stream stalled after 3 chunks" "$stall" TERM "echo: alpha"

mkdir -p "$work/idle/jollama"
echo '{"timeouts":{"idle":"2s"}}' >"$work/idle/jollama/config.json"
t0=$(now)
set +e
OLLAMA_HOST="$stall" XDG_CONFIG_HOME="$work/idle" "$jollama" run llama3.2 alpha >/dev/null 2>"$work/err" </dev/null
code=$?
set -e
printf '%-52s exit %3s  %5d ms  (%s)\n' "idle timeout 2s, stream stalled (from the start)" "$code" \
  $((($(now) - t0) / 1000000)) "$(tail -1 "$work/err")"
