#!/usr/bin/env bash
# Same-sitting before/after of two ipcbench jars: runs A B A B ... (ROUNDS each), every run the same
# cases, then 'ipcbench compare' pools each side's runs and prints B against A per case.
# usage: scripts/ab-jars.sh A.jar B.jar [rounds] [run options...]
set -euo pipefail
a=$1; b=$2; rounds=${3:-3}; shift 3 || shift $#
opts=("$@")
[ ${#opts[@]} -gt 0 ] || opts=(-t pipe,shm-sysv,uds -s 64,4K -m rtt,stream --repeat 3 --warmup 200ms --duration 300ms)
out=$(mktemp -d /tmp/ab-jars.XXXXXX)
mkdir -p "$out/a" "$out/b"
for r in $(seq 1 "$rounds"); do
  for side in a b; do
    jar=$a; [ "$side" = b ] && jar=$b
    echo "round $r, side $side ($jar)" >&2
    java -XX:+UseSerialGC -XX:-UsePerfData -jar "$jar" run "${opts[@]}" --no-report --out "$out/$side/$r" >/dev/null 2>"$out/$side-$r.err" \
      || { cat "$out/$side-$r.err" >&2; exit 1; }
  done
done
java -jar "$b" compare "$out/a" "$out/b" --threshold 400% --max-spread 1000% || true
echo "runs kept in $out" >&2
