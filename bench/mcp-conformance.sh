#!/usr/bin/env bash
# Runs the client scenarios of the official MCP conformance suite (@modelcontextprotocol/conformance)
# against jollama's MCP client: for each scenario the suite starts its own server and runs
# ConformanceClient (core test sources) with the server's URL; ConformanceClient goes through
# McpServers over streamable HTTP. Prints one line per scenario and a summary; the results are
# recorded in docs/tools.md ("MCP conformance").
#
#   bench/mcp-conformance.sh [SCENARIO...]     (default: every client scenario)
#
# Needs node and npm. The suite is installed into core/target/mcp-conformance on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

# 0.1.13 is the newest release that runs on Node 20: 0.1.14 and later import fs.globSync (Node 22).
version=0.1.13
work=core/target/mcp-conformance
suite="$work/node_modules/.bin/conformance"
if [ ! -x "$suite" ] || ! grep -q "\"version\": \"$version\"" "$work/node_modules/@modelcontextprotocol/conformance/package.json"; then
  npm install --prefix "$work" --no-audit --no-fund --loglevel=error "@modelcontextprotocol/conformance@$version"
fi

./mvnw -B -q test-compile -pl core -am
./mvnw -B -q dependency:build-classpath -pl core -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/$work/classpath"
cp="$PWD/core/target/test-classes:$PWD/core/target/classes:$(cat "$work/classpath")"

if [ $# -gt 0 ]; then
  scenarios=("$@")
else
  mapfile -t scenarios < <("$suite" list --client | sed -n 's/^  - //p')
fi

passed=0
failed=0
for scenario in "${scenarios[@]}"; do
  out="$work/results/${scenario//\//_}"
  rm -rf "$out"
  mkdir -p "$out"
  if "$suite" client --command "java -cp $cp dev.jollama.core.mcp.ConformanceClient" --scenario "$scenario" \
      --timeout 30000 -o "$out" >"$out/suite.log" 2>&1; then
    passed=$((passed + 1))
    echo "PASS $scenario"
  else
    failed=$((failed + 1))
    echo "FAIL $scenario: $(grep -hoE '(Passed: [0-9]+/[0-9]+.*|Error.*)' "$out/suite.log" | head -1)"
  fi
done
echo "conformance: $passed passed, $failed failed"
