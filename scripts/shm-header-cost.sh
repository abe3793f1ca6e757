#!/usr/bin/env bash
# What ipcbench's 64 B shared-memory stream would cost C if C carried the same bytes: builds a copy
# of ../shared/ref-ipc with a 96 B size added and ring slots packed at 32 B (so C moves 96 B per
# message in 96 B slots, the line pattern of ipcbench's 64 B message: 8 B stamp and length, 24 B
# frame header, 64 B payload), then alternates it with ipcbench's 64 B spin streams. Prints msgs/s
# per round and the Java/C ratios against C's bare 64 B and against C's 96 B.
#
#   scripts/shm-header-cost.sh [rounds]      # default 4; alone on the machine
# Needs gcc and python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-4}"
work=$(mktemp -d /tmp/ipcbench-hdr.XXXXXX)
trap 'rm -rf "$work"' EXIT
src="$root/../shared/ref-ipc/ref_ipc.c"
grep -q 'static const long SIZES\[\] = {64, 4 \* KiB, 64 \* KiB, 1 \* MiB};' "$src" \
  && grep -q 'c->stride = (size + 63) & ~63L;' "$src" \
  || { echo "ref_ipc.c has changed: cannot patch it (see this script)" >&2; exit 2; }
sed -e 's/static const long SIZES\[\] = {64, 4 \* KiB, 64 \* KiB, 1 \* MiB};/static const long SIZES[] = {64, 96};/' \
    -e 's/c->stride = (size + 63) & ~63L;/c->stride = (size + 31) \& ~31L;/' "$src" > "$work/ref96.c"
gcc -O2 -Wall -Wextra -o "$work/ref96" "$work/ref96.c" -lrt -lpthread
"$root/ipcbench" list >/dev/null   # builds the jar first, outside the timed part

for r in $(seq 1 "$rounds"); do
  "$work/ref96" shm_spin 20000 > "$work/c-$r.txt"
  "$root/ipcbench" run -t shm-posix,shm-sysv -w spin -s 64 -m stream --warmup 1s --duration 2s --repeat 1 \
    --no-report --out "$work/j-$r" >/dev/null 2>&1
done

python3 - "$work" "$rounds" <<'PY'
import json, re, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
rows = []
for r in range(1, rounds + 1):
    c = {int(m.group(1)): float(m.group(2)) for m in
         (re.search(r'size=(\d+) .*msgps=([\d.]+)', l) for l in open(f"{work}/c-{r}.txt") if l.startswith('tput')) if m}
    j = {x['transport']: x['msgsPerSec'] for x in json.load(open(f"{work}/j-{r}/results.json"))['results']}
    rows.append((c, j))
    print(f"round {r}: C 64 B {c[64]/1e6:.2f}M  C 96 B {c[96]/1e6:.2f}M  "
          + "  ".join(f"{t} {v/1e6:.2f}M" for t, v in sorted(j.items())) + " msgs/s")
for t in sorted(rows[0][1]):
    a = [j[t] / c[64] for c, j in rows]
    b = [j[t] / c[96] for c, j in rows]
    print(f"{t} 64 B stream: vs C 64 B {statistics.median(a):.2f}x [{min(a):.2f}-{max(a):.2f}],"
          f" vs C carrying 96 B {statistics.median(b):.2f}x [{min(b):.2f}-{max(b):.2f}]")
c96 = [c[96] / c[64] for c, _ in rows]
print(f"C 96 B / C 64 B: {statistics.median(c96):.2f}x [{min(c96):.2f}-{max(c96):.2f}]")
PY
