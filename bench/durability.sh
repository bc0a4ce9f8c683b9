#!/usr/bin/env bash
# Faults of jollama's own files, made as they happen (issue 24), with what jollama did:
#   writers   two `chat --resume work` at once, ROUNDS times: turns kept of those typed, "saved" claims
#   links     three batches on one results file, by its name, a symlink and a hard link
#   mode      the mode of a new results file, and what else is left beside it
#   repeats   an id given twice, one of its answers already in the results file: answers after a resume
#   zero      --config /dev/zero: exit, seconds, peak memory
#   fifo      a config, a pid file and a history that are FIFOs (mkfifo): exit or "blocked" after 10 s
#   leftover  a chat of 20 MB killed with SIGKILL mid-save: hidden copies left, after the next save
#             (aged past a minute) and after `sessions rm`
#   complete  `__complete sessions` over 1,000 chats of 200 kB: seconds
# Run it in a checkout to measure that checkout (the docs' "before" is the commit before issue 24's
# fixes, the same script copied into it).
#
#   bench/durability.sh            # all; ROUNDS=20
#   ONLY="writers links" bench/durability.sh
set -uo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${ROUNDS:-20}"
ONLY="${ONLY:-writers links mode repeats zero fifo leftover complete}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "building..." >&2
./mvnw -B -q -o -DskipTests -Dspotless.check.skip=true package >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
./mvnw -B -q -o -pl core -DskipTests -Dspotless.check.skip=true test-compile >>"$work/build.log" 2>&1
java_bin="java"
[ -n "${JAVA_HOME:-}" ] && java_bin="$JAVA_HOME/bin/java"
cp="cli/target/jollama-cli.jar:cli/target/lib/*"
# The launcher's flags, without its class-data archive.
launcher=("$java_bin" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmn32m -Xss512k -XX:-UsePerfData -cp "$cp" dev.jollama.cli.Main)
jollama() { "${launcher[@]}" "$@"; }

home="$work/home"
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state"
sessions="$XDG_DATA_HOME/jollama/sessions"
mkdir -p "$home"

start_fake() { # port-file, fake options…; sets fake_host
  local file="$1"
  shift
  "$java_bin" -cp "core/target/test-classes:$cp" dev.jollama.core.fake.FakeOllama --port 0 --port-file "$file" "$@" \
    >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do [ -s "$file" ] && break; sleep 0.1; done
  fake_host="127.0.0.1:$(cat "$file")"
}
start_fake "$work/echo.port" --answer echo
export OLLAMA_HOST="$fake_host"
wants() { [[ " $ONLY " == *" $1 "* ]]; }
users() { # the user messages of every saved chat, one per line
  for f in "$sessions"/*.json; do [ -s "$f" ] && jq -r '.messages[] | select(.role == "user") | .content' "$f"; done
}
hidden() { find "$1" -maxdepth 1 -name '.*' -type f -printf '%f %s\n' | sort; }

if wants writers; then
  lost=0 losing=0 claims=0 forks=0
  for r in $(seq 1 "$ROUNDS"); do
    rm -rf "$sessions" "$work/go"
    printf 'the start\n/save work\n' | jollama chat llama3.2 >/dev/null 2>&1
    sides=()
    for side in a b; do
      # Each side types its message when both have opened the chat: their saves meet.
      { for _ in $(seq 1 600); do [ -e "$work/go" ] && break; sleep 0.01; done; echo "$side$r"; } \
        | jollama chat --resume work >"$work/$side.out" 2>"$work/$side.err" &
      sides+=($!)
    done
    for _ in $(seq 1 600); do
      grep -q "resuming work" "$work/a.out" 2>/dev/null && grep -q "resuming work" "$work/b.out" 2>/dev/null && break
      sleep 0.01
    done
    touch "$work/go"
    wait "${sides[@]}"
    kept="$(users | grep -cx "[ab]$r")"
    lost=$((lost + 2 - kept))
    [ "$kept" -lt 2 ] && losing=$((losing + 1))
    claims=$((claims + $(grep -h -c "this chat is saved as" "$work/a.out" "$work/b.out" | paste -sd+ | bc)))
    forks=$((forks + $(cat "$work/a.out" "$work/a.err" "$work/b.out" "$work/b.err" | grep -c "goes on as")))
  done
  echo "writers: $ROUNDS rounds, $losing lost a turn ($lost of $((2 * ROUNDS)) turns lost); $claims of $((2 * ROUNDS)) exits said saved; $forks forks named"
fi

if wants links; then
  start_fake "$work/slow.port" --slots 4 --latency 200
  slow="$fake_host"
  seq 1 20 | sed 's/.*/{"id": &, "prompt": "question &"}/' >"$work/in.jsonl"
  rm -f "$work/out.jsonl" "$work/sym.jsonl" "$work/hard.jsonl"
  : >"$work/out.jsonl"
  ln -s "$work/out.jsonl" "$work/sym.jsonl"
  ln "$work/out.jsonl" "$work/hard.jsonl"
  codes=() bp=()
  for o in out sym hard; do
    OLLAMA_HOST="$slow" jollama batch llama3.2 "$work/in.jsonl" -j 2 -o "$work/$o.jsonl" >/dev/null 2>"$work/$o.err" &
    bp[${#bp[@]}]=$!
  done
  for p in "${bp[@]}"; do wait "$p"; codes+=($?); done
  lines="$(wc -l <"$work/out.jsonl")"
  most="$(jq -r .id "$work/out.jsonl" | sort | uniq -c | sort -rn | head -1 | awk '{print $1}')"
  echo "links: exits ${codes[*]} (out, symlink, hard link); $lines lines for 20 ids, at most $most per id"
fi

if wants mode; then
  mkdir -p "$work/results"
  echo hi | jollama batch llama3.2 -o "$work/results/out.jsonl" >/dev/null 2>&1
  echo "mode: $(stat -c %a "$work/results/out.jsonl"); beside it: $(ls -A "$work/results" | tr '\n' ' ')"
fi

if wants repeats; then
  printf '{"id": "a", "prompt": "one"}\n{"id": "b", "prompt": "two"}\n{"id": "a", "prompt": "three"}\n' >"$work/rep.jsonl"
  printf '{"id":"a","response":"old","model":"m"}\n{"id":"b","response":"old","model":"m"}\n' >"$work/rep.out"
  jollama batch llama3.2 "$work/rep.jsonl" -o "$work/rep.out" >/dev/null 2>"$work/rep.err"
  jollama batch llama3.2 "$work/rep.jsonl" -o "$work/rep.out" >/dev/null 2>>"$work/rep.err"
  echo "repeats: answers of \"a\" after two resumes: $(grep -c '"id":"a"' "$work/rep.out") of 2; stderr: $(head -1 "$work/rep.err")"
fi

if wants zero; then
  /usr/bin/time -f "%e s, %M kB peak" -o "$work/zero.time" timeout 120 \
    "${launcher[@]}" --config /dev/zero status >/dev/null 2>"$work/zero.err"
  code=$?
  echo "zero: exit $code, $(cat "$work/zero.time" | tail -1); $(head -c 200 "$work/zero.err" | head -1)"
fi

if wants fifo; then
  mkfifo "$work/config.fifo"
  timeout 10 "${launcher[@]}" --config "$work/config.fifo" status >/dev/null 2>"$work/fifo.err"
  c1=$?
  mkdir -p "$XDG_STATE_HOME/jollama"
  mkfifo "$XDG_STATE_HOME/jollama/ollama.pid"
  timeout 10 "${launcher[@]}" serve --status >/dev/null 2>>"$work/fifo.err"
  c2=$?
  rm -f "$XDG_STATE_HOME/jollama/ollama.pid"
  echo "fifo: config exit $c1, pid file exit $c2 (124: still blocked after 10 s)"
fi

if wants leftover; then
  rm -rf "$sessions"
  mkdir -p "$sessions"
  python3 - "$sessions/big.json" <<'PY'
import json, sys
msgs = []
for i in range(10):
    msgs += [{"role": "user", "content": "secret " * 150000, "at": "2025-05-11T15:00:00Z"},
             {"role": "assistant", "content": "noted " * 170000, "at": "2025-05-11T15:00:01Z"}]
json.dump({"name": "big", "model": "llama3.2", "created": "2025-05-11T15:00:00Z",
           "updated": "2025-05-11T15:00:00Z", "messages": msgs}, open(sys.argv[1], "w"))
PY
  for attempt in 1 2 3 4 5; do
    { for i in $(seq 1 100); do echo "more $i"; sleep 0.05; done; } | jollama chat --resume big >/dev/null 2>&1 &
    chat=$!
    for _ in $(seq 1 3000); do
      f="$(find "$sessions" -maxdepth 1 -name '.big.json.*tmp' -size +0 | head -1)"
      [ -n "$f" ] && break
      sleep 0.005
    done
    pkill -KILL -P "$chat" java 2>/dev/null; kill -KILL "$chat" 2>/dev/null
    wait "$chat" 2>/dev/null
    [ -n "$(find "$sessions" -maxdepth 1 -name '.big.json.*tmp')" ] && break
  done
  echo "leftover: after SIGKILL mid-save: $(hidden "$sessions" | grep tmp | tr '\n' ';')"
  find "$sessions" -maxdepth 1 -name '.*tmp' -exec touch -d '2 minutes ago' {} +
  echo hi | jollama chat llama3.2 >/dev/null 2>&1
  echo "leftover: after the next save in the folder: $(hidden "$sessions" | grep tmp | tr '\n' ';')"
  { for i in 1 2 3; do echo "more $i"; sleep 0.05; done; } | jollama chat --resume big >/dev/null 2>&1 &
  chat=$!
  for _ in $(seq 1 3000); do [ -n "$(find "$sessions" -maxdepth 1 -name '.big.json.*tmp' -size +0)" ] && break; sleep 0.005; done
  pkill -KILL -P "$chat" java 2>/dev/null; kill -KILL "$chat" 2>/dev/null
  wait "$chat" 2>/dev/null
  jollama sessions rm big >/dev/null 2>&1
  echo "leftover: after sessions rm big: $(hidden "$sessions" | grep big | tr '\n' ';')"
fi

if wants complete; then
  rm -rf "$sessions"
  mkdir -p "$sessions"
  python3 - "$sessions" <<'PY'
import json, sys
body = json.dumps({"name": "x", "model": "llama3.2", "created": "2025-05-11T15:00:00Z", "updated": "2025-05-11T15:00:00Z",
                   "messages": [{"role": "user", "content": "words " * 33000, "at": "2025-05-11T15:00:00Z"}]})
for i in range(1000):
    open(f"{sys.argv[1]}/chat-{i:04d}.json", "w").write(body)
PY
  jollama __complete sessions >/dev/null
  best=
  for _ in 1 2 3; do
    s=$(date +%s%3N)
    jollama __complete sessions >/dev/null
    t=$(($(date +%s%3N) - s))
    [ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
  done
  echo "complete: 1,000 chats of 200 kB: best of 3 $best ms"
fi
