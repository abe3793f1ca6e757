#!/usr/bin/env bash
# Calibrates 'ipcbench ab' on this machine: N same-code (A/A) runs of the CI subset, then power runs
# with real slowdowns on side B. Prints, per run, the exit code and the regressions claimed, and at the
# end the spread of the per-case ratio medians and the interval widths (python3 for the summary).
# usage: scripts/ab-calibrate.sh [N] [ab options...]   (default N=10; run alone on the machine)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}; shift || true
jar=cli/target/ipcbench.jar
subset=(-t pipe,shm-sysv -s 64,4K "$@")
out=$(mktemp -d /tmp/ab-calibrate.XXXXXX)
run() { # name, then ab options
  local name=$1; shift
  local code=0
  java -jar "$jar" ab "${subset[@]}" --format json --out "$out/$name" "$@" > "$out/$name.json" 2> "$out/$name.err" || code=$?
  echo "$name exit $code $(grep -c '"verdict" : "regression"' "$out/$name.json" || true) regressions" >&2
  echo "$code" > "$out/$name.code"
}
for i in $(seq 1 "$n"); do run "aa-$i"; done
run power-pipe-size --b-opt=--pipe-size=4096
run power-c1 --b-jvm-args=-XX:TieredStopAtLevel=1
run power-xint --b-jvm-args=-Xint
python3 - "$out" "$n" <<'PY'
import json, sys, glob, os, statistics as st
out, n = sys.argv[1], int(sys.argv[2])
def load(name):
    t = open(os.path.join(out, name + ".json")).read()
    return json.loads(t[:t.rfind("results: ")])
rows = {}
for i in range(1, n + 1):
    d = load(f"aa-{i}")
    for l in d["lines"]:
        if l["ratio"] is None: continue
        rows.setdefault((l["case"], l["metric"]), []).append((l["ratio"], l["high"] / l["low"], l["verdict"]))
print(f"A/A: {n} runs")
print(f"{'case':34} {'metric':16} {'ratio medians min-max':>22} {'interval width (high/low) median':>34} claimed")
for (c, m), v in sorted(rows.items()):
    r = [x[0] for x in v]; w = [x[1] for x in v]
    print(f"{c:34} {m:16} {min(r):10.3f}-{max(r):<10.3f} {st.median(w):34.3f} {sum(1 for x in v if x[2] == 'regression')}")
for name in ["power-pipe-size", "power-c1", "power-xint"]:
    d = load(name)
    code = open(os.path.join(out, name + ".code")).read().strip()
    regs = [f"{l['case']} {l['metric']} {l['ratio']:.2f}" for l in d["lines"] if l["verdict"] == "regression"]
    print(f"{name}: exit {code}, {len(regs)} regressions: " + "; ".join(regs[:12]))
PY
echo "runs kept in $out" >&2
