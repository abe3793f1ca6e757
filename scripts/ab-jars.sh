#!/usr/bin/env bash
# Same-sitting before/after of two ipcbench jars (for jars too old for 'ipcbench ab'): ROUNDS rounds in
# ABBA order (A B, B A, A B, ...), every run the same cases; then 'ipcbench compare' pools each side's
# runs, and the paired ratios B/A per round are printed per case (median [min-max]; python3).
# usage: scripts/ab-jars.sh A.jar B.jar [rounds] [run options...]
set -euo pipefail
a=$1; b=$2; rounds=${3:-3}; shift 3 || shift $#
opts=("$@")
[ ${#opts[@]} -gt 0 ] || opts=(-t pipe,shm-sysv,uds -s 64,4K -m rtt,stream --repeat 3 --warmup 200ms --duration 300ms)
out=$(mktemp -d /tmp/ab-jars.XXXXXX)
mkdir -p "$out/a" "$out/b"
for r in $(seq 1 "$rounds"); do
  sides="a b"; [ $((r % 2)) -eq 0 ] && sides="b a"
  for side in $sides; do
    jar=$a; [ "$side" = b ] && jar=$b
    echo "round $r, side $side ($jar)" >&2
    java -XX:+UseSerialGC -XX:-UsePerfData -jar "$jar" run "${opts[@]}" --no-report --out "$out/$side/$r" >/dev/null 2>"$out/$side-$r.err" \
      || { cat "$out/$side-$r.err" >&2; exit 1; }
  done
done
java -jar "$b" compare "$out/a" "$out/b" --threshold 400% --max-spread 1000% || true
python3 - "$out" "$rounds" <<'PY'
import json, sys, statistics as st
out, rounds = sys.argv[1], int(sys.argv[2])
def cases(side, r):
    d = json.load(open(f"{out}/{side}/{r}/results.json"))
    m = {}
    for x in d["results"]:
        k = f"{x['transport']} {x['wait']} {x['mode']} {x['payloadBytes']}"
        m[k] = x["latencyNs"]["p50"] if x.get("latencyNs") else 1.0 / x["msgsPerSec"]
    return m
ratios = {}
for r in range(1, rounds + 1):
    a, b = cases("a", r), cases("b", r)
    for k in a:
        if k in b:
            ratios.setdefault(k, []).append(b[k] / a[k])
print("paired B/A per round, time per op (p50 for rtt, 1/msgs-per-s for stream): median [min-max]")
for k, v in sorted(ratios.items()):
    print(f"  {k:32} {st.median(v):.3f} [{min(v):.3f}-{max(v):.3f}] n={len(v)}")
PY
echo "runs kept in $out" >&2
