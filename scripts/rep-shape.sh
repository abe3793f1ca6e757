#!/usr/bin/env bash
# Which shape of repetitions gives the tightest medians on a drifting host, at equal or smaller total
# time? Runs the same cases (pipe, fifo, shm-sysv spin and block at 64 B and 4 KiB, rtt and stream;
# interleaved order) with each shape in turn, rounds times, the shapes' order rotated per round, and prints
# per shape: its time, the results marked noisy (spread > 10%), the median spread, how far each case's
# median moved between rounds (max/min over rounds; median and worst over cases), and the worst fifo/pipe
# ratio (one kernel pipe under two names: anything but 1 is bias).
#
#   scripts/rep-shape.sh [rounds] [shape ...]     # shape = NAME:REPS:DURATION:WARMUP, e.g. 6x0.5s:6:500ms:300ms
# Needs python3. Run it alone on the machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-2}"
shift || true
shapes=("$@")
if [ ${#shapes[@]} -eq 0 ]; then
  shapes=("3x2s:3:2s:1s" "6x0.5s:6:500ms:300ms" "9x0.3s:9:300ms:200ms" "3x0.5s:3:500ms:300ms")
fi
work=$(mktemp -d /tmp/ipcbench-shape.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$root/ipcbench" list >/dev/null   # builds the jar first, outside the timed part
cases=(--transport pipe,fifo,shm-sysv --size 64,4K --no-report)

for ((round = 1; round <= rounds; round++)); do
  n=${#shapes[@]}
  for ((k = 0; k < n; k++)); do
    s="${shapes[$(((k + round - 1) % n))]}"
    IFS=: read -r name reps dur warm <<<"$s"
    out="$work/$name/$round"
    t0=$(date +%s.%N)
    "$root/ipcbench" run "${cases[@]}" --repeat "$reps" --duration "$dur" --warmup "$warm" --out "$out" >/dev/null 2>"$work/$name-$round.err"
    t1=$(date +%s.%N)
    echo "$t0 $t1" >"$out/wall"
    echo "round $round: $name done in $(python3 -c "print(round($t1 - $t0))") s" >&2
  done
done

python3 - "$work" "${shapes[@]}" <<'PY'
import json, statistics, sys, os
work, shapes = sys.argv[1], sys.argv[2:]
def load(d):
    doc = json.load(open(os.path.join(d, "results.json")))
    return {(r["transport"], r["wait"], r["mode"], r["payloadBytes"]): r for r in doc["results"]}
def metric(r):
    return r["latencyNs"]["p50"] if r["mode"] == "rtt" else r["msgsPerSec"]
print("%-9s %8s %7s %11s %18s %18s %14s" % ("shape", "time s", "noisy", "med spread", "median moved (med)", "median moved (max)", "fifo/pipe max"))
for s in shapes:
    name = s.split(":")[0]
    runs = sorted(os.listdir(os.path.join(work, name)))
    docs = [load(os.path.join(work, name, r)) for r in runs]
    walls = [float(b) - float(a) for a, b in (open(os.path.join(work, name, r, "wall")).read().split() for r in runs)]
    noisy = [sum(1 for r in d.values() if r["spread"]["relative"] > 0.10) for d in docs]
    spreads = [r["spread"]["relative"] for d in docs for r in d.values()]
    moved = []
    for k in docs[0]:
        v = [metric(d[k]) for d in docs if k in d]
        moved.append(max(v) / min(v))
    fp = 1.0
    for d in docs:
        for k, r in d.items():
            if k[0] == "pipe":
                f = d.get(("fifo",) + k[1:])
                if f:
                    x = metric(f) / metric(r)
                    fp = max(fp, x, 1 / x)
    print("%-9s %8.0f %7s %10.1f%% %17.2fx %17.2fx %13.2fx" % (name, statistics.mean(walls), "/".join(map(str, noisy)) + " of %d" % len(docs[0]),
          100 * statistics.median(spreads), statistics.median(moved), max(moved), fp))
PY
