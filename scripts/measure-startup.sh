#!/usr/bin/env bash
# Measures what issue 10 asks of the bvq command as a whole (launcher, JVM start, work, exit):
#   1. `./bvq help` wall time, best and median of HELP_RUNS runs (target: under 0.15 s);
#   2. `./bvq copy SRC DST` of a SIZE_MIB file against `dd if=SRC of=DST bs=1M iflag=direct oflag=direct`,
#      on the same file system in the same run, alternating, best of ROUNDS (target: bvq at least 0.9x of dd,
#      as throughput of the whole command: ratio = dd seconds / bvq seconds).
# Usage: scripts/measure-startup.sh [DIR] [SIZE_MIB] [ROUNDS] [HELP_RUNS]   (defaults: /tmp 1024 3 20)
# Needs a built tree (./bvq builds it on first use). Not a test: run it by hand, on a quiet machine if you can;
# it prints the load average before and after, since other work on the machine changes every number.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${1:-/tmp}"
MIB="${2:-1024}"
ROUNDS="${3:-3}"
HELP_RUNS="${4:-20}"
BVQ="$ROOT/bvq"

now() { date +%s%N; }
secs() { awk -v a="$1" -v z="$2" 'BEGIN { printf "%.3f", (z - a) / 1e9 }'; }
best() { printf '%s\n' "$@" | sort -g | head -n1; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
"$BVQ" help >/dev/null # builds if needed, warms the page cache
helps=()
for _ in $(seq 1 "$HELP_RUNS"); do
  t0=$(now); "$BVQ" help >/dev/null; t1=$(now)
  helps+=("$(secs "$t0" "$t1")")
done
echo "bvq help: best $(best "${helps[@]}") s, median $(median "${helps[@]}") s over $HELP_RUNS runs ($( [[ -f "$ROOT/cli/target/bvq.aot" ]] && echo "with" || echo "without") the AOT cache)"

WORK="$(mktemp -d "$DIR/bvq-measure.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
SRC="$WORK/src"
head -c "$((MIB << 20))" /dev/urandom > "$SRC"
sync
bvq_t=() bvqn_t=() dd_t=() dds_t=()
for r in $(seq 1 "$ROUNDS"); do
  rm -f "$WORK/dst-bvq" "$WORK/dst-dd"
  t0=$(now); "$BVQ" copy "$SRC" "$WORK/dst-bvq" >/dev/null; t1=$(now)
  b="$(secs "$t0" "$t1")"; bvq_t+=("$b")
  rm -f "$WORK/dst-bvq"
  # like for like with plain dd, which syncs nothing: the same copy without its final fdatasync
  t0=$(now); "$BVQ" copy --no-sync "$SRC" "$WORK/dst-bvq" >/dev/null; t1=$(now)
  bn="$(secs "$t0" "$t1")"; bvqn_t+=("$bn")
  t0=$(now); dd if="$SRC" of="$WORK/dst-dd" bs=1M iflag=direct oflag=direct status=none; t1=$(now)
  d="$(secs "$t0" "$t1")"; dd_t+=("$d")
  rm -f "$WORK/dst-dd"
  # for reference: dd made as durable as bvq copy's result (bvq syncs before it says "copied")
  t0=$(now); dd if="$SRC" of="$WORK/dst-dd" bs=1M iflag=direct oflag=direct conv=fdatasync status=none; t1=$(now)
  ds="$(secs "$t0" "$t1")"; dds_t+=("$ds")
  cmp -s "$SRC" "$WORK/dst-bvq" || { echo "bvq copy output differs" >&2; exit 1; }
  echo "round $r: bvq copy $b s, bvq copy --no-sync $bn s, dd $d s, dd conv=fdatasync $ds s"
done
b="$(best "${bvq_t[@]}")"; d="$(best "${dd_t[@]}")"
echo "best of $ROUNDS, $MIB MiB on $(df -T "$DIR" | awk 'NR==2 {print $2}'): bvq copy $b s ($(awk -v s="$b" -v m="$MIB" 'BEGIN { printf "%.0f", m * 1.048576 / s }') MB/s), dd iflag=direct oflag=direct $d s ($(awk -v s="$d" -v m="$MIB" 'BEGIN { printf "%.0f", m * 1.048576 / s }') MB/s), ratio bvq/dd $(awk -v a="$b" -v z="$d" 'BEGIN { printf "%.2f", z / a }')"
s="$(best "${dds_t[@]}")"
echo "like for like, durable: bvq copy $b s vs dd conv=fdatasync $s s, ratio $(awk -v a="$b" -v z="$s" 'BEGIN { printf "%.2f", z / a }')"
bn="$(best "${bvqn_t[@]}")"
echo "like for like, not synced: bvq copy --no-sync $bn s vs dd $d s, ratio $(awk -v a="$bn" -v z="$d" 'BEGIN { printf "%.2f", z / a }')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
