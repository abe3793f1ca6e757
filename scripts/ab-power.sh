#!/usr/bin/env bash
# Graded power of 'ipcbench ab' at its defaults: N runs per real slowdown on side B (JVM flags that
# make the same code slower by known mechanisms), stored with P pairs each, then every run re-judged
# with its first 6, 8, ... P pairs ('ab --analyse --pairs'). Prints, per slowdown, case and pair count,
# how many runs caught it and the median B/A estimate (python3 for the table). Run alone on the machine.
# usage: scripts/ab-power.sh [N] [P] [DIR]   (default 10 runs, 12 pairs; DIR of an earlier call to re-judge)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}; pairs=${2:-12}; out=${3:-}
jar=cli/target/ipcbench.jar
sets=("pipe-block=-t pipe -w block -s 64 -m rtt" "shm-spin=-t shm-sysv -w spin -s 64 -m rtt")
levels=("c1=-XX:TieredStopAtLevel=1" "c1-profiling=-XX:TieredStopAtLevel=3"
        "c1-profiling-no-inline=-XX:TieredStopAtLevel=3 -XX:-Inline" "interpreter=-Xint")
if [[ -z "$out" ]]; then
  out=$(mktemp -d /tmp/ab-power.XXXXXX)
  for i in $(seq 1 "$n"); do
    for lv in "${levels[@]}"; do # levels interleaved, so a slow hour of the host hits all of them
      for set in "${sets[@]}"; do
        name=${lv%%=*}.${set%%=*}-$i
        code=0
        # shellcheck disable=SC2086 # the case options split into words on purpose
        java -jar "$jar" ab ${set#*=} --pairs "$pairs" "--b-jvm-args=${lv#*=}" --out "$out/$name" > "$out/$name.txt" 2> "$out/$name.err" || code=$?
        echo "$name exit $code" >&2
      done
    done
  done
fi
python3 - "$out" "$jar" "$pairs" <<'PY'
import json, os, subprocess, sys, glob, statistics as st
out, jar, pairs = sys.argv[1], sys.argv[2], int(sys.argv[3])
runs = sorted(p for p in glob.glob(os.path.join(out, "*")) if os.path.isdir(p))
rows = {}
for run in runs:
    level = os.path.basename(run).split(".")[0]
    for k in range(6, pairs + 1, 2):
        doc = subprocess.run(["java", "-jar", jar, "ab", "--analyse", run, "--pairs", str(k), "--format", "json"],
                             capture_output=True, text=True).stdout
        for l in json.loads(doc)["lines"]:
            if l["metric"] in ("p50", "p99") and l["ratio"] is not None:
                rows.setdefault((level, l["case"], l["metric"], k), []).append((l["ratio"], l["verdict"] == "regression"))
print(f"{'slowdown (side B)':24} {'case':26} {'metric':6} {'pairs':>5} {'runs':>4} {'caught':>6} {'B/A median [min-max]':>24}")
for (level, case, metric, k), v in sorted(rows.items()):
    r = [x[0] for x in v]
    print(f"{level:24} {case:26} {metric:6} {k:5} {len(v):4} {sum(x[1] for x in v):6} {st.median(r):10.3f} [{min(r):.2f}-{max(r):.2f}]")
PY
