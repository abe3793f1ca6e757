#!/usr/bin/env bash
# Why C's 64 B Unix-socket round trip is faster than ipcbench's: builds a copy of ../shared/ref-ipc
# whose echoing child busy-waits DELAY ns between reading a message and writing it back, and prints
# C's 64 B uds_stream RTT p50 for each delay. On the VM this was written on, C's round trip reads
# ~20 us only when the echo turns around at once, and ~34 us (what ipcbench reads without poll)
# when it spends a microsecond or two first: the sleeping side's spurious EPOLLOUT wake-up (sent
# when the other side reads) only saves a wake-up when the reply follows it within that time.
#
#   scripts/uds-echo-delay.sh [runs] [delays...]   # default: 4 runs of 0 200 500 1000 2000 ns
# Needs gcc.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-4}"; shift || true
delays=("$@"); [ ${#delays[@]} -gt 0 ] || delays=(0 200 500 1000 2000)
work=$(mktemp -d /tmp/ipcbench-delay.XXXXXX)
trap 'rm -rf "$work"' EXIT
src="$root/../shared/ref-ipc/ref_ipc.c"
loop='for (long i = 0; i < warm + iters; i++) { ch_recv(c, 0, buf); ch_send(c, 1, buf); }'
grep -qF "$loop" "$src" && grep -q 'static const long SIZES\[\] = {64, 4 \* KiB, 64 \* KiB, 1 \* MiB};' "$src" \
  || { echo "ref_ipc.c has changed: cannot patch it (see this script)" >&2; exit 2; }
python3 - "$src" "$work/refd.c" "$loop" <<'PY'
import sys
src, dst, loop = sys.argv[1], sys.argv[2], sys.argv[3]
s = open(src).read()
s = s.replace("static const long SIZES[] = {64, 4 * KiB, 64 * KiB, 1 * MiB};", "static const long SIZES[] = {64};")
s = s.replace(loop, 'long dly = getenv("DELAY") ? atol(getenv("DELAY")) : 0;\n'
              '  for (long i = 0; i < warm + iters; i++) { ch_recv(c, 0, buf);'
              ' if (dly) { long e = now_ns() + dly; while (now_ns() < e) __builtin_ia32_pause(); } ch_send(c, 1, buf); }')
open(dst, 'w').write(s)
PY
gcc -O2 -Wall -Wextra -o "$work/refd" "$work/refd.c" -lrt -lpthread
echo "C uds_stream 64 B RTT p50 (us) per run, echo delayed by DELAY ns"
for d in "${delays[@]}"; do
  printf 'DELAY=%-6s' "$d"
  for r in $(seq 1 "$runs"); do
    DELAY="$d" "$work/refd" uds_stream 20000 | sed -n 's/^rtt .*median_ns=\([0-9]*\).*/\1/p' | awk '{printf " %6.1f", $1 / 1000}'
  done
  echo
done
