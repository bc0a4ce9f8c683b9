#!/usr/bin/env bash
# Start-up, throughput and memory of every jollama command, on JDK 17, on the newest JDK here and as
# a native image, side by side with the official `ollama` npm package under Node (the peer, where it
# has the same call), a Go net/http client doing what Ollama's own CLI does (bench/go, built here
# with Debian's golang-go), curl (the floor) and `java -version`, all against the same in-repo fakes
# (daemon, registry), interleaved A B C A B C … so that a noisy machine slows every contender alike.
# Prints one table, then the native image's targets (issue 27).
#
#   bench/run.sh                  # RUNS=10 interleaved runs per case after one warm-up
#   RUNS=20 bench/run.sh
#   NEW_JAVA_HOME= bench/run.sh   # JDK 17 only (default: the newest /usr/lib/jvm/temurin-*)
#   BASELINE=24ff502 bench/run.sh # adds that commit's jollama (JDK 17), built in a worktree
#   NATIVE=0 bench/run.sh         # no native column (its build takes minutes and GBs: install.sh --native)
#   NATIVE_PREFIX=/tmp/nat bench/run.sh  # the native column from a prefix already installed with --native
#   GO=0 bench/run.sh             # no Go column
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-10}"
CHUNKS="${CHUNKS:-100000}"
OLD_JAVA_HOME="${OLD_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
NEW_JAVA_HOME="${NEW_JAVA_HOME-$(ls -d /usr/lib/jvm/temurin-* 2>/dev/null | sort -V | tail -1)}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -d "$work/base" ] && git worktree remove --force "$work/base" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
install_for() { # label java-home [source-dir]
  local src="${3:-.}"
  echo "installing jollama for $1 ($2)..." >&2
  (cd "$src" && JAVA_HOME="$2" PREFIX="$work/$1" ./install.sh >"$work/$1.log" 2>&1) || { cat "$work/$1.log" >&2; exit 1; }
}
labels=(jdk17)
declare -A home
home[jdk17]="$OLD_JAVA_HOME"
install_for jdk17 "$OLD_JAVA_HOME"
if [ -n "$NEW_JAVA_HOME" ] && [ -x "$NEW_JAVA_HOME/bin/java" ]; then
  new_label="jdk$(major "$NEW_JAVA_HOME")"
  labels+=("$new_label")
  home[$new_label]="$NEW_JAVA_HOME"
  install_for "$new_label" "$NEW_JAVA_HOME"
fi
if [ "${NATIVE:-1}" != 0 ]; then
  native_prefix="${NATIVE_PREFIX:-}"
  if [ -z "$native_prefix" ]; then
    echo "installing jollama as a native image (install.sh --native: minutes, several GB)..." >&2
    native_prefix="$work/native"
    PREFIX="$native_prefix" ./install.sh --native >"$work/native.log" 2>&1 || { cat "$work/native.log" >&2; exit 1; }
  fi
  if head -c 4 "$native_prefix/bin/jollama" | grep -qa ELF; then
    [ "$native_prefix" = "$work/native" ] || ln -s "$native_prefix" "$work/native"
    labels+=(native)
    home[native]=
  else
    echo "warning: install.sh --native installed no native image (see its log); no native column" >&2
    grep -i warning "$work/native.log" >&2 2>/dev/null || true
  fi
fi
if [ -n "${BASELINE:-}" ]; then
  git worktree add -q --detach "$work/base" "$BASELINE"
  labels+=(base)
  home[base]="$OLD_JAVA_HOME"
  install_for base "$OLD_JAVA_HOME" "$work/base"
fi
java17="$OLD_JAVA_HOME/bin/java"
cp_fakes="core/target/test-classes:$work/jdk17/lib/jollama/*"

start_fake() { # class port-file extra args…; sets fake_addr to what the port file holds
  local class="$1" file="$2"
  shift 2
  "$java17" -cp "$cp_fakes" "dev.jollama.core.fake.$class" --port 0 --port-file "$file" "$@" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do [ -s "$file" ] && break; sleep 0.1; done
  fake_addr="$(cat "$file")"
}
# Not in $(…): a subshell's pids+=() would be lost, and the fakes would outlive the bench.
start_fake FakeOllama "$work/small.port"
small="127.0.0.1:$fake_addr"
start_fake FakeOllama "$work/many.port" --chunks "$CHUNKS"
many="127.0.0.1:$fake_addr"
start_fake FakeRegistry "$work/registry.port"
registry="$fake_addr"
# The Go peer: Debian's golang-go where it is installed, else its packages unpacked here (no root).
go_ok=0
if [ "${GO:-1}" != 0 ]; then
  go_bin="$(command -v go || ls /usr/lib/go-*/bin/go 2>/dev/null | sort -V | tail -1 || true)"
  if [ -z "$go_bin" ]; then
    echo "fetching Debian's golang-go to build the Go peer (apt-get download, unpacked in the scratch folder)..." >&2
    mkdir -p "$work/go-deb"
    (cd "$work/go-deb" && pkg="$(apt-cache depends golang-go 2>/dev/null | sed -n 's/.*Depends: \(golang-1\.[0-9]*-go\)$/\1/p' | head -1)" \
      && [ -n "$pkg" ] && apt-get download "$pkg" "${pkg%-go}-src" >/dev/null 2>&1 \
      && for d in *.deb; do dpkg -x "$d" root; done) || true
    go_bin="$(ls "$work"/go-deb/root/usr/lib/go-*/bin/go 2>/dev/null | sort -V | tail -1 || true)"
  fi
  if [ -n "$go_bin" ] && (cd bench/go && GOROOT="$(dirname "$(dirname "$(readlink -f "$go_bin")")")" GOCACHE="$work/go-cache" \
    GOPATH="$work/gopath" GOFLAGS=-mod=mod "$go_bin" build -o "$work/go-peer" . >"$work/go.log" 2>&1); then
    go_ok=1
  else
    echo "warning: no Go toolchain could be had or the peer did not build ($(cat "$work/go.log" 2>/dev/null | head -3)); no Go column" >&2
  fi
fi
seq 1 20 | sed 's/.*/{"id": &, "prompt": "question &"}/' >"$work/in20.jsonl"

echo "installing the ollama npm package (the peer)..." >&2
node_ok=1
mkdir -p "$work/node"
(cd "$work/node" && npm init -y >/dev/null 2>&1 && npm install --silent --no-audit --no-fund ollama >/dev/null 2>&1) || node_ok=0
cat >"$work/node/peer.mjs" <<'JS'
import { Ollama } from 'ollama';
const ollama = new Ollama({ host: 'http://' + process.env.HOST });
const what = process.argv[2];
const out = (x) => process.stdout.write(x);
if (what === 'run') {
  const stream = await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: true });
  for await (const part of stream) out(part.message.content);
  out('\n');
} else if (what === 'list') {
  for (const m of (await ollama.list()).models) out(m.name + '\t' + m.size + '\n');
} else if (what === 'status') {
  for (const m of (await ollama.ps()).models) out(m.name + '\n');
} else if (what === 'show') {
  out(JSON.stringify((await ollama.show({ model: 'llama3.2' })).details) + '\n');
} else if (what === 'embed') {
  out(JSON.stringify((await ollama.embed({ model: 'nomic-embed-text', input: 'hello' })).embeddings[0]) + '\n');
} else if (what === 'batch') {
  const ids = Array.from({ length: 20 }, (_, i) => i + 1);
  const next = async () => {
    for (let id; (id = ids.shift()) !== undefined; ) {
      const r = await ollama.generate({ model: 'llama3.2', prompt: 'question ' + id });
      out(JSON.stringify({ id, response: r.response }) + '\n');
    }
  };
  await Promise.all([next(), next(), next(), next()]);
}
JS
# The time from `jollama chat` to a prompt that takes input, on a pseudo-terminal.
cat >"$work/chat.py" <<'PY'
import fcntl, os, pty, select, signal, struct, sys, termios, time
start = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))  # a pty starts 0x0
seen = b""
while time.monotonic() - start < 20:
    r, _, _ = select.select([fd], [], [], 0.05)
    if r:
        try:
            seen += os.read(fd, 65536)
        except OSError:
            break
        if b">>> " in seen:
            print(int((time.monotonic() - start) * 1000))
            os.write(fd, b"/bye\r")
            break
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
PY

# One Tab after `jollama run ` through the completion script installed in PREFIX (bash tab.sh PREFIX,
# with PREFIX/bin on PATH): what bash runs at that Tab, jollama __complete models included.
cat >"$work/tab.sh" <<'SH'
source "$1/share/bash-completion/completions/jollama"
compopt() { :; } # bash allows it only during a real completion
COMP_LINE="jollama run " COMP_POINT=12 COMP_WORDS=(jollama run "") COMP_CWORD=2 COMPREPLY=()
"$(complete -p jollama | sed -E 's/.* -F ([^ ]+) .*/\1/')" jollama "" run
printf '%s\n' "${COMPREPLY[@]}"
SH

declare -A cmd
cases=(run list status show hw fit embed batch20 chat version tab chunks)
for l in "${labels[@]}"; do
  j="JAVA_HOME='${home[$l]}' '$work/$l/bin/jollama'"
  env="OLLAMA_HOST=$small JOLLAMA_REGISTRY=$registry XDG_CONFIG_HOME='$work/cfg' XDG_STATE_HOME='$work/state' XDG_DATA_HOME='$work/data'"
  cmd[$l.run]="$env $j run llama3.2 hi"
  cmd[$l.nolog]="$env $j run --no-log llama3.2 hi" # the log's cost: run beside it, interleaved
  cmd[$l.list]="$env $j list"
  cmd[$l.status]="$env $j status"
  cmd[$l.show]="$env $j show llama3.2"
  cmd[$l.hw]="$env $j hw"
  cmd[$l.fit]="$env $j fit llama3:8b"
  cmd[$l.embed]="$env $j embed nomic-embed-text hello"
  cmd[$l.batch20]="$env $j batch llama3.2 '$work/in20.jsonl' -j 4"
  cmd[$l.chat]="CHAT $env TERM=xterm COLUMNS=100 LINES=30 python3 '$work/chat.py' env JAVA_HOME='${home[$l]}' '$work/$l/bin/jollama' chat llama3.2"
  cmd[$l.version]="$j --version"
  # A Tab after `jollama run `: bash's completion function, as installed, asking jollama for the models.
  cmd[$l.tab]="$env JAVA_HOME='${home[$l]}' PATH='$work/$l/bin':\$PATH bash '$work/tab.sh' '$work/$l'"
  cmd[$l.chunks]="OLLAMA_HOST=$many $j run llama3.2 hi"
done
peer_cases=(run list status show embed batch20)
if [ "$node_ok" = 1 ]; then
  for c in "${peer_cases[@]}"; do cmd[node.$c]="HOST=$small node '$work/node/peer.mjs' ${c%20}"; done
else
  echo "warning: npm install ollama failed; no Node column" >&2
fi
if [ "$go_ok" = 1 ]; then
  cmd[go.run]="HOST=$small '$work/go-peer' run"
  cmd[go.list]="HOST=$small '$work/go-peer' list"
  cmd[go.version]="HOST=$small '$work/go-peer' version"
  cmd[go.chunks]="HOST=$many '$work/go-peer' run"
fi
body='{"model":"llama3.2","messages":[{"role":"user","content":"hi"}]}'
cmd[curl.run]="curl -sN -d '$body' http://$small/api/chat"
cmd[curl.chunks]="curl -sN -d '$body' http://$many/api/chat"
for l in "${labels[@]}"; do [ "$l" = base ] || [ "$l" = native ] || cmd[java.$l]="'${home[$l]}/bin/java' -version"; done

ms() { # runs a command line, prints its wall time in ms (a CHAT line prints its own time to the prompt)
  if [[ "$1" == CHAT* ]]; then
    bash -c "${1#CHAT }" 2>/dev/null | tail -1
    return
  fi
  local s e
  s=$(date +%s%N)
  bash -c "$1" >/dev/null 2>&1 || true
  e=$(date +%s%N)
  echo $(((e - s) / 1000000))
}
keys=()
for k in "${!cmd[@]}"; do keys+=("$k"); done
IFS=$'\n' keys=($(sort <<<"${keys[*]}")); unset IFS
declare -A times
for k in "${keys[@]}"; do ms "${cmd[$k]}" >/dev/null; done # warm-up: page cache, the fakes' JIT
for i in $(seq 1 "$RUNS"); do
  for k in "${keys[@]}"; do times[$k]+="$(ms "${cmd[$k]}") "; done
  printf '.' >&2
done
echo >&2

median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
m() { [ -n "${times[$1]:-}" ] && median "${times[$1]}" || echo ""; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "—"; else printf "%.2f×", a / b }'; }
rss() { /usr/bin/time -f '%M' bash -c "$1 >/dev/null 2>/dev/null" 2>&1 | tail -1 | awk '{printf "%.0f", $1/1024}'; }

echo
echo "jollama bench: $RUNS interleaved runs per case, medians in ms; $(nproc) cores"
header="| case |"
sep="|---|"
for l in "${labels[@]}"; do header+=" $l |"; sep+="---|"; done
header+=" peer | go | ratio (${labels[0]}"
[ "${#labels[@]}" -gt 1 ] && header+=", ${labels[1]}"
header+=") | goal |"
sep+="---|---|---|---|"
echo "$header"
echo "$sep"
row() { # case peer-key peer-label goal
  local line="| $1 |" r
  for l in "${labels[@]}"; do line+=" $(m "$l.$1") |"; done
  line+=" $3 $(m "$2") | $(m "go.$1") |"
  local peer2="$2"
  [[ "$2" == java.* ]] && peer2="java.${labels[1]:-}" # each JDK against its own java -version
  r="$(ratio "$(m "${labels[0]}.$1")" "$(m "$2")")"
  [ "${#labels[@]}" -gt 1 ] && [ "${labels[1]}" != base ] && [ "${labels[1]}" != native ] \
    && r+=", $(ratio "$(m "${labels[1]}.$1")" "$(m "$peer2")")"
  echo "$line $r | $4 |"
}
row run node.run "node" "≤ 0.75×"
row list node.list "node" "≤ 0.75×"
row status node.status "node (ps)" "≤ 0.75×"
row show node.show "node" "≤ 0.75×"
row embed node.embed "node" "≤ 0.75×"
row batch20 node.batch20 "node (4 at a time)" "≤ 0.75×"
row hw none "—" ""
row fit none "—" ""
row chat none "—" "(to a usable prompt)"
row version "java.${labels[0]}" "java -version" "≤ 2.5×"
row tab none "—" "(a Tab after 'jollama run ')"
row chunks curl.chunks "curl" "≤ 2.0×"
for l in "${labels[@]}"; do
  echo "log cost, $l: run $(m "$l.run") ms, run --no-log $(m "$l.nolog") ms: $(ratio "$(m "$l.run")" "$(m "$l.nolog")") (goal ≤ 1.05×)"
done
line="| peak RSS, run (MiB) |"
for l in "${labels[@]}"; do line+=" $(rss "${cmd[$l.run]}") |"; done
line+=" — |"
[ "$go_ok" = 1 ] && line+=" $(rss "${cmd[go.run]}") |" || line+=" |"
echo "$line | < 64 |"
line="| peak RSS, 100k chunks (MiB) |"
for l in "${labels[@]}"; do line+=" $(rss "${cmd[$l.chunks]}") |"; done
line+=" — |"
[ "$go_ok" = 1 ] && line+=" $(rss "${cmd[go.chunks]}") |" || line+=" |"
echo "$line | |"
if [[ " ${labels[*]} " == *" native "* ]]; then
  echo
  echo "native image targets (issue 27):"
  met() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print "?"; else print (a <= b) ? "met" : "missed" }'; }
  curl_run="$(m curl.run)" curl_chunks="$(m curl.chunks)"
  r2="$(awk -v c="$curl_run" 'BEGIN { print 2 * c }')" r12="$(awk -v c="$curl_chunks" 'BEGIN { print 1.2 * c }')"
  echo "| target | native | limit | |"
  echo "|---|---|---|---|"
  echo "| run ≤ 2× curl -sN ($curl_run ms) | $(m native.run) | $r2 | $(met "$(m native.run)" "$r2") |"
  echo "| --version ≤ 10 ms | $(m native.version) | 10 | $(met "$(m native.version)" 10) |"
  echo "| Tab with model names ≤ 100 ms | $(m native.tab) | 100 | $(met "$(m native.tab)" 100) |"
  echo "| 100k chunks ≤ 1.2× curl ($curl_chunks ms) | $(m native.chunks) | $r12 | $(met "$(m native.chunks)" "$r12") |"
  echo "native: $(du -h "$work/native/bin/jollama" | cut -f1) binary; $(file -b "$(readlink -f "$work/native/bin/jollama")" 2>/dev/null | cut -d, -f1-2)"
fi
echo
for l in "${labels[@]}"; do [ "$l" = native ] || echo "$l: $("${home[$l]}/bin/java" -version 2>&1 | head -1)"; done
[ "$node_ok" = 1 ] && echo "node: $(node --version), ollama npm $(node -p "require('$work/node/node_modules/ollama/package.json').version" 2>/dev/null)"
[ "$go_ok" = 1 ] && echo "go: $("$go_bin" version 2>/dev/null), bench/go (net/http, as Ollama's CLI run path)"
echo "curl, same request: $(m curl.run) ms (the floor)"
