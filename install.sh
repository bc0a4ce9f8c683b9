#!/usr/bin/env bash
# Builds jollama and installs it: the launcher into $PREFIX/bin, the jars into $PREFIX/lib/jollama,
# man pages into $PREFIX/share/man/man1, completion scripts where bash-completion, zsh and fish look,
# the docs (README.md, docs/*.md) into $PREFIX/share/doc/jollama, where --help and the man pages point.
# PREFIX defaults to ~/.local. Running it again upgrades in place.
#
#   ./install.sh            the JVM build (the default)
#   ./install.sh --native   also a native image as $PREFIX/bin/jollama (GraalVM's native-image from
#                           GRAALVM_HOME or PATH; here, where none can be had, the test kit in
#                           ../shared/native-kit stands in); without either, the JVM build stays, and
#                           it says why
set -euo pipefail

native=0
for arg in "$@"; do
  case "$arg" in
    --native) native=1 ;;
    *) echo "install.sh: unknown option $arg (only --native)" >&2; exit 2 ;;
  esac
done

PREFIX="${PREFIX:-$HOME/.local}"
src="$(cd "$(dirname "$0")" && pwd)"
bin="$PREFIX/bin"
lib="$PREFIX/lib/jollama"
mkdir -p "$PREFIX/share/doc/jollama"
doc="$(cd "$PREFIX/share/doc/jollama" && pwd)"

cd "$src"
echo "building jollama (tests skipped; run ./mvnw -B verify for them)..."
# jollama.docs: the man pages written by the build name the installed docs.
./mvnw -B -q -DskipTests -Dspotless.check.skip=true -Djollama.docs="$doc" package

mkdir -p "$bin" "$PREFIX/lib"
# Stage the new jars beside the old ones and swap directories, so a failed copy leaves the old
# install working and an upgrade leaves no stale jar behind.
stage="$(mktemp -d "$PREFIX/lib/.jollama.XXXXXX")"
cp cli/target/jollama-cli.jar cli/target/lib/*.jar "$stage/"
# SQLite's native library, out of its jar once here rather than into /tmp at every logged run.
sqlite_arch="$(uname -m)"
[ "$sqlite_arch" = arm64 ] && sqlite_arch=aarch64
sqlite_so="org/sqlite/native/$(uname -s | sed 's/Darwin/Mac/')/$sqlite_arch/libsqlitejdbc.so"
mkdir -p "$stage/native"
sqlite_jar="$(ls "$stage"/sqlite-jdbc-*.jar 2>/dev/null | head -1)"
if [ -n "$sqlite_jar" ] && (cd "$stage/native" && { unzip -q -o "$sqlite_jar" "$sqlite_so" 2>/dev/null \
  || jar xf "$sqlite_jar" "$sqlite_so" 2>/dev/null; } && [ -f "$sqlite_so" ]); then
  mv "$stage/native/$sqlite_so" "$stage/native/libsqlitejdbc.so"
  rm -rf "$stage/native/org"
fi
if [ -d "$lib" ]; then
  mv "$lib" "$lib.old.$$"
fi
mv "$stage" "$lib"
chmod 755 "$lib"
rm -rf "$lib.old.$$"

launcher="$(mktemp "$bin/.jollama.XXXXXX")"
sed -e "s#@JOLLAMA_LIB@#$lib#" -e "s#@JOLLAMA_DOC@#$doc#" cli/src/main/dist/jollama >"$launcher"
chmod 755 "$launcher"
mv "$launcher" "$bin/jollama"

# Class-data sharing: training runs against the in-repo fake daemon and registry record the classes
# jollama loads, and the launcher maps them at start instead of loading them from jars. JDK 17-23: a
# dynamic CDS archive; JDK 24+: the AOT cache. Two of each: one trained on `run` alone, for `run`,
# and one trained on every command, one after the other in one JVM, for the others (the JVM maps the
# whole archive at each start, so a larger one would slow `run`; docs/architecture.md). Best effort:
# jollama works without them.
java_bin="$(command -v java)"
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && java_bin="$JAVA_HOME/bin/java"
java_real="$(readlink -f "$java_bin" 2>/dev/null || echo "$java_bin")"
java_major="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
modules="$(dirname "$(dirname "$java_real")")/lib/modules"
if [ "${java_major:-0}" -ge 24 ] 2>/dev/null; then
  archive_option=-XX:AOTCacheOutput= archive_ext=aot
else
  archive_option=-XX:ArchiveClassesAtExit= archive_ext=jsa
fi
drop_archives() { rm -f "$lib/jollama.jsa" "$lib/jollama.aot" "$lib/jollama-run.jsa" "$lib/jollama-run.aot" "$lib/cds.jdk"; }
drop_archives
fake_port="$lib/.fake-port"
fake_registry="$lib/.fake-registry"
"$java_bin" -cp "core/target/test-classes:$lib/*" dev.jollama.core.fake.FakeOllama --port 0 --port-file "$fake_port" \
  --registry-file "$fake_registry" >/dev/null 2>&1 &
fake=$!
for _ in $(seq 1 100); do [ -s "$fake_port" ] && [ -s "$fake_registry" ] && break; sleep 0.1; done
limit=
command -v timeout >/dev/null && limit="timeout 300"
train() { # ARCHIVE COMMAND… (none: every command)
  archive="$1"
  shift
  # The same class path and flags as the launcher (an archive is used only with the class path it was
  # made with). TrainingRun (cli) runs each command; the chat, last, reads these lines.
  printf 'hi\n/help\n/bye\n' | OLLAMA_HOST="127.0.0.1:$(cat "$fake_port" 2>/dev/null)" \
    JOLLAMA_REGISTRY="$(cat "$fake_registry" 2>/dev/null)" $limit "$java_bin" "$archive_option$archive" \
    -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmn32m -Xss512k -XX:-UsePerfData -Dfile.encoding=UTF-8 \
    -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8 -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8 \
    -cp "$lib/*" dev.jollama.cli.TrainingRun "$@" >/dev/null 2>&1 || true
}
train "$lib/jollama-run.$archive_ext" run
train "$lib/jollama.$archive_ext"
kill "$fake" 2>/dev/null || true
rm -f "$fake_port" "$fake_registry"
if [ -f "$lib/jollama.$archive_ext" ] && [ -f "$lib/jollama-run.$archive_ext" ]; then
  echo "$java_real $(stat -c %s.%Y "$modules" 2>/dev/null || stat -f %z.%m "$modules")" >"$lib/cds.jdk"
fi
# A damaged archive can crash the JVM instead of being ignored: try each once (--help maps the
# whole command tree), drop them if one fails.
if [ -f "$lib/cds.jdk" ] && ! { "$bin/jollama" --help && "$bin/jollama" run --help; } >/dev/null 2>&1; then
  drop_archives
fi
if [ -f "$lib/cds.jdk" ]; then
  echo "created class-data archives for $java_real (Java $java_major)"
else
  echo "warning: no class-data archives were created; jollama will start a little slower" >&2
fi

# Man pages and completion scripts: written by the build and by the jollama just installed. Each is
# written beside its target and renamed over it, so a failure leaves the old one in place.
install_file() { # SOURCE-FILE TARGET
  mkdir -p "$(dirname "$2")"
  tmp="$(mktemp "$(dirname "$2")/.jollama.XXXXXX")"
  cat "$1" >"$tmp" && chmod 644 "$tmp" && mv "$tmp" "$2"
}
man1="$PREFIX/share/man/man1"
for page in cli/target/man/*.1; do
  install_file "$page" "$man1/$(basename "$page")"
done
completions="$(mktemp -d)"
for shell in bash zsh fish; do
  "$bin/jollama" completion "$shell" >"$completions/$shell"
done
install_file "$completions/bash" "$PREFIX/share/bash-completion/completions/jollama"
install_file "$completions/zsh" "$PREFIX/share/zsh/site-functions/_jollama"
install_file "$completions/fish" "$PREFIX/share/fish/vendor_completions.d/jollama.fish"
rm -rf "$completions"
install_file README.md "$doc/README.md"
for page in docs/*.md; do
  install_file "$page" "$doc/$(basename "$page")"
done

if [ "$native" = 1 ]; then
  # The JVM build above stays the fallback; the native image replaces only the launcher, and its
  # libraries sit where it looks for them ($ORIGIN/../lib/jollama-native).
  native_out="$(mktemp -d)"
  native_bin=
  graal=
  [ -n "${GRAALVM_HOME:-}" ] && [ -x "$GRAALVM_HOME/bin/native-image" ] && graal="$GRAALVM_HOME"
  [ -z "$graal" ] && command -v native-image >/dev/null && graal="$(dirname "$(dirname "$(command -v native-image)")")"
  kit="${NATIVE_KIT:-$src/../shared/native-kit}"
  if [ -n "$graal" ]; then
    echo "building the native image with $graal/bin/native-image (minutes, several GB of memory)..."
    JAVA_HOME="$graal" ./mvnw -B -q -Pnative -DskipTests -Dspotless.check.skip=true -Djollama.docs="$doc" package
    native_bin=cli/target/jollama
  elif [ -x "$kit/native-build.sh" ]; then
    echo "no GraalVM here: building the native image with the test kit in $kit (minutes, ~6 GB)..."
    kit_copy="$native_out/kit"
    cp -r "$kit" "$kit_copy"
    # The kit reads the project's extra reflection entries beside itself.
    cp cli/src/native/extra-reflect.json "$kit_copy/extra-reflect.json"
    if bash "$kit_copy/native-build.sh" "$src" "$native_out/image" >"$native_out/build.log" 2>&1; then
      native_bin="$native_out/image/bin/jollama"
      mkdir -p "$PREFIX/lib"
      native_stage="$(mktemp -d "$PREFIX/lib/.jollama-native.XXXXXX")"
      cp "$native_out/image/lib/jollama-native/"*.so "$native_stage/"
      [ -f "$lib/native/libsqlitejdbc.so" ] && cp "$lib/native/libsqlitejdbc.so" "$native_stage/"
      chmod 755 "$native_stage"
      [ -d "$PREFIX/lib/jollama-native" ] && mv "$PREFIX/lib/jollama-native" "$PREFIX/lib/jollama-native.old.$$"
      mv "$native_stage" "$PREFIX/lib/jollama-native"
      rm -rf "$PREFIX/lib/jollama-native.old.$$"
    else
      tail -20 "$native_out/build.log" >&2
      echo "warning: the native build failed (above); the JVM build stays installed" >&2
    fi
  else
    echo "warning: --native needs GraalVM's native-image (set GRAALVM_HOME or put it on PATH); the JVM build" \
      "is installed instead" >&2
  fi
  if [ -n "$native_bin" ] && "$native_bin" --version >/dev/null 2>&1; then
    tmp="$(mktemp "$bin/.jollama.XXXXXX")"
    cp "$native_bin" "$tmp" && chmod 755 "$tmp" && mv "$tmp" "$bin/jollama"
    echo "installed the native image as $bin/jollama ($(du -h "$bin/jollama" | cut -f1); the JVM build stays in $lib)"
  elif [ -n "$native_bin" ]; then
    echo "warning: the native image does not start; the JVM build stays installed" >&2
  fi
  rm -rf "$native_out"
fi

echo "installed $bin/jollama"
echo "installed $(ls cli/target/man/*.1 | wc -l | tr -d ' ') man pages in $man1 (man jollama)"
echo "installed completions for bash, zsh and fish in $PREFIX/share (see README: Completion and man pages)"
echo "installed $(ls "$lib"/*.jar | wc -l | tr -d ' ') jars in $lib"
echo "installed the docs in $doc"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) echo "warning: $bin is not on your PATH; add it, for example: export PATH=\"$bin:\$PATH\"" >&2 ;;
esac
"$bin/jollama" --version
