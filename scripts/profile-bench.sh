#!/usr/bin/env bash
# Runs JMH benchmarks of the bench module under async-profiler and prints where the CPU time went, by Java
# method with inlined methods shown as their own frames (JMH's `-prof async`). This is how a regression inside
# one benchmark is found: run the same benchmark from two jars and compare the two lists.
#
# Usage: scripts/profile-bench.sh REGEX [JMH options...]
#   REGEX          the benchmarks, as for JMH, e.g. 'RollingBench.bvecq$'
#   JMH options    passed on, e.g. -p slotSize=64 (defaults: one fork, 3 x 1 s warm-up, 3 x 2 s measurement)
# Environment:
#   JAR            the benchmark jar (default: bench/target/benchmarks.jar, built when missing)
#   OUT            where the profiles go (default: a new directory under /tmp)
#   EVENT          async-profiler's event (default: cpu; itimer where perf events are not allowed)
#
# async-profiler comes from Maven Central (tools.profiler:async-profiler, linux-x64 build), is kept under
# target/profiler and is only used by this script: nothing of it ships. Linux x86-64 only. Not a test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AP_VERSION=4.1
[[ $# -ge 1 ]] || { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
REGEX="$1"
shift

"$ROOT/bvq" --version >/dev/null # finds a JDK 22+ (cached in cli/target/bvq.jdk) and builds the tree if needed
JDK="$(sed -n '2p' "$ROOT/cli/target/bvq.jdk" | cut -d' ' -f1)"
JAR="${JAR:-$ROOT/bench/target/benchmarks.jar}"
[[ -f "$JAR" ]] || { echo "profile-bench: no benchmark jar at $JAR" >&2; exit 2; }

LIB="$ROOT/target/profiler/linux-x64/libasyncProfiler.so"
if [[ ! -f "$LIB" ]]; then
  mkdir -p "$ROOT/target/profiler"
  JAVA_HOME="$JDK" mvn -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$AP_VERSION:jar:linux-x64" \
    -DoutputDirectory="$ROOT/target/profiler" >&2
  (cd "$ROOT/target/profiler" && "$JDK/bin/jar" xf "async-profiler-$AP_VERSION-linux-x64.jar" linux-x64/libasyncProfiler.so)
fi

OUT="${OUT:-$(mktemp -d /tmp/bvq-profile.XXXXXX)}"
"$JDK/bin/java" -jar "$JAR" "$REGEX" -f 1 -wi 3 -w 1s -i 3 -r 2s "$@" \
  -prof "async:libPath=$LIB;output=text;event=${EVENT:-cpu};interval=1000000;dir=$OUT" | sed -n '/^Benchmark /,$p'
for f in "$OUT"/*/summary-*.txt; do
  echo "== ${f#"$OUT"/}"
  sed -n '/ns  percent/,/^$/p' "$f" | head -n 27
done
echo "profile-bench: full profiles (with call stacks) under $OUT"
