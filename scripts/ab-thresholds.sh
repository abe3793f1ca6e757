#!/usr/bin/env bash
# Re-judges stored 'ipcbench ab' runs (the A/A and power runs of scripts/ab-calibrate.sh) over a grid of
# thresholds and probe bounds, without running anything: how many regressions each setting claims
# per run. usage: scripts/ab-thresholds.sh CALIBRATION_DIR   (python3 for the table)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$1
jar=cli/target/ipcbench.jar
python3 - "$dir" "$jar" <<'PY'
import json, os, subprocess, sys, glob
d, jar = sys.argv[1], sys.argv[2]
runs = sorted([p for p in glob.glob(os.path.join(d, "*")) if os.path.isdir(p)], key=lambda p: (not os.path.basename(p).startswith("aa"), p))
def judge(run, t, spin, work, bound):
    out = subprocess.run(["java", "-jar", jar, "ab", "--analyse", run, "--format", "json", "--threshold", t, "--spin-threshold", spin,
                          "--work-threshold", work, "--probe-bound", bound], capture_output=True, text=True).stdout
    doc = json.loads(out)
    return [f"{l['case']} {l['metric']}" for l in doc["lines"] if l["verdict"] == "regression"]
grid = [("10%", "25%", "5%", "2"), ("10%", "25%", "5%", "4"), ("10%", "25%", "5%", "1000"),
        ("15%", "25%", "5%", "4"), ("20%", "30%", "5%", "4"), ("25%", "50%", "5%", "4")]
for g in grid:
    print(f"threshold {g[0]}, spin {g[1]}, work {g[2]}, probe bound {g[3]}x:")
    for r in runs:
        regs = judge(r, *g)
        print(f"  {os.path.basename(r):18} {len(regs):2} " + "; ".join(regs[:6]))
PY
