#!/usr/bin/env bash
# Side-by-side comparison with the C reference (../shared/ref-ipc), interleaved in one sitting:
# for each round, ref_ipc and then ipcbench measure the same mechanism; prints per-round numbers and
# the median Java/C ratio with its spread. The machine drifts, so only same-sitting ratios mean anything.
# The 64 B and 4 KiB streams are also set against C moving Java's frame bytes (payload and 24 B header,
# scripts/ref-work.sh with REF_SIZES): a pipe moves 64 B messages faster than any other small size,
# and 4096 B ones (one page each) faster than 4120 B ones (docs/measurements/2026-12-08-frames.md).
#
#   scripts/side-by-side.sh pipe [rounds]         # pipe vs ref 'pipe'
#   scripts/side-by-side.sh shm [rounds]          # shm-posix and shm-sysv: spin vs 'shm_spin', block vs 'shm_sem'
#   scripts/side-by-side.sh fifo [rounds]         # fifo block vs ref 'fifo'
#   scripts/side-by-side.sh uds [rounds]          # uds and uds-jdk block vs ref 'uds_stream'
#   scripts/side-by-side.sh mq [rounds]           # mq-posix vs 'posix_mq', mq-sysv vs 'sysv_mq' (block)
# Needs gcc and python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
what="${1:?pipe, shm, fifo, uds or mq}"
rounds="${2:-3}"
ref_src="$root/../shared/ref-ipc/ref_ipc.c"
work=$(mktemp -d /tmp/ipcbench-sbs.XXXXXX)
trap 'rm -rf "$work"' EXIT
gcc -O2 -Wall -Wextra -o "$work/ref_ipc" "$ref_src" -lrt -lpthread
"$root/ipcbench" list >/dev/null   # builds the jar first, outside the timed part
sig() { "$root/ipcbench" env | grep '^host signature' || true; }
sig   # the host's state in this sitting (C pipe and shm spin 64 B rtt, memcpy): quote it with the table
trap 'sig; rm -rf "$work"' EXIT

case "$what" in
  pipe) pairs=("pipe:pipe:block") ;;
  fifo) pairs=("fifo:fifo:block") ;;
  uds)  pairs=("uds_stream:uds:block" "uds_stream:uds-jdk:block") ;;
  mq)   pairs=("posix_mq:mq-posix:block" "sysv_mq:mq-sysv:block") ;;
  shm)  pairs=("shm_spin:shm-posix:spin" "shm_sem:shm-posix:block" "shm_spin:shm-sysv:spin" "shm_sem:shm-sysv:block") ;;
  *) echo "unknown: $what" >&2; exit 2 ;;
esac

for r in $(seq 1 "$rounds"); do
  for p in "${pairs[@]}"; do
    IFS=: read -r cmech jt jw <<<"$p"
    "$work/ref_ipc" "$cmech" 20000 > "$work/c-$cmech-$jt-$jw-$r.txt"
    "$root/ipcbench" run -t "$jt" -w "$jw" -s 64,4K,64K,1M -m rtt,stream --warmup 1s --duration 2s --repeat 1 \
      --out "$work/j-$cmech-$jt-$jw-$r" >/dev/null 2>&1
    # C moving Java's frames (payload and header) at 64 B and 4 KiB, where the header changes what the kernel does
    frames=$(python3 -c 'import json, sys
print(",".join(str(r["frameBytes"]) for r in json.load(open(sys.argv[1]))["results"]
               if r["mode"] == "stream" and r["payloadBytes"] in (64, 4096)))' "$work/j-$cmech-$jt-$jw-$r/results.json")
    REF_SIZES="$frames" "$root/scripts/ref-work.sh" "$cmech" 2000 > "$work/f-$cmech-$jt-$jw-$r.txt"
  done
done

python3 - "$work" "$rounds" "${pairs[@]}" <<'PY'
import json, re, statistics, sys, os
work, rounds, pairs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def c_vals(path):
    rtt, tput = {}, {}
    for line in open(path):
        kv = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', line))
        if line.startswith('rtt'):  rtt[int(kv['size'])] = (int(kv['median_ns']), int(kv['p99_ns']))
        if line.startswith('tput'): tput[int(kv['size'])] = (float(kv['MBps']), float(kv['msgps']))
    return rtt, tput
for p in pairs:
    cmech, jt, jw = p.split(':')
    print(f"\n== {jt} {jw} vs ref {cmech}: per round (Java | C), then median ratio [min-max]")
    rows = {}
    for r in range(1, rounds + 1):
        crtt, ctput = c_vals(f"{work}/c-{cmech}-{jt}-{jw}-{r}.txt")
        _, cframe = c_vals(f"{work}/f-{cmech}-{jt}-{jw}-{r}.txt")  # C moving Java's frame bytes
        doc = json.load(open(f"{work}/j-{cmech}-{jt}-{jw}-{r}/results.json"))
        for res in doc['results']:
            s = res['payloadBytes']
            if res['mode'] == 'rtt' and s in crtt:
                rows.setdefault(('rtt p50 us', s), []).append((res['latencyNs']['p50'] / 1e3, crtt[s][0] / 1e3))
                rows.setdefault(('rtt p99 us', s), []).append((res['latencyNs']['p99'] / 1e3, crtt[s][1] / 1e3))
            if res['mode'] == 'stream' and s in ctput:
                rows.setdefault(('stream MB/s', s), []).append((res['bytesPerSec'] / 1e6, ctput[s][0]))
            fb = res['frameBytes']
            if res['mode'] == 'stream' and s in (64, 4096) and fb in cframe:
                # messages a second against C's messages of Java's frame bytes: the same bytes through the kernel
                rows.setdefault((f'stream Mmsg/s vs C at {fb} B', s), []).append((res['msgsPerSec'] / 1e6, cframe[fb][1] / 1e6))
    for (metric, s), vals in sorted(rows.items(), key=lambda kv: (kv[0][0].split(' vs ')[0], kv[0][1], kv[0][0])):
        ratios = [j / c for j, c in vals]
        per = '  '.join(f"{j:.3g}|{c:.3g}" for j, c in vals)
        print(f"{metric:12} {s:>8}  Java/C {statistics.median(ratios):.2f}x [{min(ratios):.2f}-{max(ratios):.2f}]   {per}")
PY
