#!/usr/bin/env bash
# Compares `bvq copy` (default policy, direct path) with `dd bs=1M oflag=direct` on the same file system,
# in the same run, alternating them. bvq reads its source with O_DIRECT, plain dd reads it through the page
# cache (where the freshly written source may still be), so dd with iflag=direct as well is shown too. Usage: io/bench/copy-vs-dd.sh [DIR] [SIZE_MIB] [ROUNDS]
# Needs the cli jar (mvn -pl cli -am package -DskipTests). Not a test: run it by hand.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${1:-/tmp}"
MIB="${2:-1024}"
ROUNDS="${3:-2}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR="$ROOT/cli/target/bvecq-cli.jar"
WORK="$(mktemp -d "$DIR/bvq-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
SRC="$WORK/src"
head -c "$((MIB << 20))" /dev/urandom > "$SRC"
sync
bvq_rates=()
dd_rates=()
ddd_rates=()
for r in $(seq 1 "$ROUNDS"); do
  rm -f "$WORK/dst-bvq" "$WORK/dst-dd"
  json="$("$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" copy "$SRC" "$WORK/dst-bvq" --json)"
  rate="$(sed -n 's/.*"mbPerSecond": \([0-9.]*\).*/\1/p' <<<"$json")"
  strat="$(sed -n 's/.*"strategy": "\([a-z]*\)".*/\1/p' <<<"$json")"
  bvq_rates+=("$rate")
  t0=$(date +%s.%N)
  dd if="$SRC" of="$WORK/dst-dd" bs=1M oflag=direct status=none
  t1=$(date +%s.%N)
  ddrate="$(awk -v b=$((MIB << 20)) -v a="$t0" -v z="$t1" 'BEGIN { printf "%.1f", b / 1e6 / (z - a) }')"
  dd_rates+=("$ddrate")
  rm -f "$WORK/dst-dd"
  t0=$(date +%s.%N)
  dd if="$SRC" of="$WORK/dst-dd" bs=1M iflag=direct oflag=direct status=none
  t1=$(date +%s.%N)
  ddd="$(awk -v b=$((MIB << 20)) -v a="$t0" -v z="$t1" 'BEGIN { printf "%.1f", b / 1e6 / (z - a) }')"
  ddd_rates+=("$ddd")
  cmp -s "$SRC" "$WORK/dst-bvq" || { echo "bvq copy output differs" >&2; exit 1; }
  echo "round $r: bvq copy ${rate} MB/s (strategy $strat), dd oflag=direct ${ddrate} MB/s, dd iflag=direct oflag=direct ${ddd} MB/s"
done
best() { printf '%s\n' "$@" | sort -g | tail -n1; }
b="$(best "${bvq_rates[@]}")"
d="$(best "${dd_rates[@]}")"
dd2="$(best "${ddd_rates[@]}")"
echo "best of $ROUNDS, ${MIB} MiB on $(df -T "$DIR" | awk 'NR==2 {print $2}'): bvq copy $b MB/s, dd $d MB/s, ratio bvq/dd $(awk -v a="$b" -v z="$d" 'BEGIN { printf "%.2f", a / z }'); dd with iflag=direct too: $dd2 MB/s, ratio $(awk -v a="$b" -v z="$dd2" 'BEGIN { printf "%.2f", a / z }')"
