#!/usr/bin/env bash
# The log and the saved chats at scale: fills a database with 100,000 log entries and 1,000 saved
# chats (20 turns each), then prints (1) the query times inside one JVM, medians of 21 — what the
# database costs, without the JVM's start — and (2) the wall time of the installed commands on it
# (`jollama logs -q`, `jollama logs`, `jollama sessions`) beside `sqlite3` running the same search,
# interleaved, medians of RUNS. Targets (issue 26): the queries under 100 ms.
#
#   bench/logs.sh                 # ENTRIES=100000 CHATS=1000 RUNS=9
set -euo pipefail
cd "$(dirname "$0")/.."

ENTRIES="${ENTRIES:-100000}"
CHATS="${CHATS:-1000}"
RUNS="${RUNS:-9}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "building and installing into $work/prefix..." >&2
./mvnw -B -q -DskipTests -pl core -am test-compile >/dev/null
./mvnw -B -q -pl core dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null
PREFIX="$work/prefix" ./install.sh >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; exit 1; }
cp="core/target/classes:core/target/test-classes:$(cat "$work/cp")"
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state"
db="$work/data/jollama/jollama.db"
mkdir -p "$(dirname "$db")"
java -cp "$cp" dev.jollama.core.store.LogBench fill "$db" "$ENTRIES" "$CHATS"

echo
echo "== in one JVM (the database's own cost)"
java -cp "$cp" dev.jollama.core.store.LogBench time "$db"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(((e - s) / 1000000)); }

declare -A t
cases=("jollama logs -q pineapple" "jollama logs" "jollama sessions")
have_sqlite=0
command -v sqlite3 >/dev/null && { have_sqlite=1; cases+=("sqlite3 (same search)"); }
for ((i = 0; i < RUNS; i++)); do
  t["jollama logs -q pineapple"]+="$(ms "$work/prefix/bin/jollama" logs -q pineapple) "
  t["jollama logs"]+="$(ms "$work/prefix/bin/jollama" logs) "
  t["jollama sessions"]+="$(ms "$work/prefix/bin/jollama" sessions) "
  if [ "$have_sqlite" = 1 ]; then
    t["sqlite3 (same search)"]+="$(ms sqlite3 "$db" "SELECT snippet(entries_text, -1, '[', ']', '…', 16) FROM entries_text WHERE entries_text MATCH '\"pineapple\"' ORDER BY rowid DESC LIMIT 5") "
  fi
done
echo
echo "== whole commands, medians of $RUNS interleaved runs (ms; a JVM start included)"
for c in "${cases[@]}"; do
  printf '%-30s %6s\n' "$c" "$(tr ' ' '\n' <<<"${t[$c]}" | grep . | median)"
done
ls -l "$db" | awk '{printf "database: %.1f MB\n", $5 / 1e6}'
