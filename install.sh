#!/usr/bin/env bash
# Builds jollama and installs it: the launcher into $PREFIX/bin, the jars into $PREFIX/lib/jollama.
# PREFIX defaults to ~/.local. Running it again upgrades in place.
set -euo pipefail

PREFIX="${PREFIX:-$HOME/.local}"
src="$(cd "$(dirname "$0")" && pwd)"
bin="$PREFIX/bin"
lib="$PREFIX/lib/jollama"

cd "$src"
echo "building jollama (tests skipped; run ./mvnw -B verify for them)..."
./mvnw -B -q -DskipTests -Dspotless.check.skip=true package

mkdir -p "$bin" "$PREFIX/lib"
# Stage the new jars beside the old ones and swap directories, so a failed copy leaves the old
# install working and an upgrade leaves no stale jar behind.
stage="$(mktemp -d "$PREFIX/lib/.jollama.XXXXXX")"
cp cli/target/jollama-cli.jar cli/target/lib/*.jar "$stage/"
if [ -d "$lib" ]; then
  mv "$lib" "$lib.old.$$"
fi
mv "$stage" "$lib"
chmod 755 "$lib"
rm -rf "$lib.old.$$"

launcher="$(mktemp "$bin/.jollama.XXXXXX")"
sed "s#@JOLLAMA_LIB@#$lib#" cli/src/main/dist/jollama >"$launcher"
chmod 755 "$launcher"
mv "$launcher" "$bin/jollama"

echo "installed $bin/jollama"
echo "installed $(ls "$lib" | wc -l | tr -d ' ') jars in $lib"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) echo "warning: $bin is not on your PATH; add it, for example: export PATH=\"$bin:\$PATH\"" >&2 ;;
esac
"$bin/jollama" --version
