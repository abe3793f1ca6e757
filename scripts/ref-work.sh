#!/usr/bin/env bash
# The C reference's kernel work per operation, to set beside ipcbench's `work` (#19): patches a copy
# of ../shared/ref-ipc/ref_ipc.c so that parent and child read /proc/thread-self/io (syscr, syscw)
# and /proc/thread-self/status (voluntary and involuntary context switches) around the measured rtt
# loop and the tput loop, and print them per operation, with the thread's user and system CPU time
# (getrusage RUSAGE_THREAD). The counts barely move with the host's state; the times do. As in
# ipcbench, mq_*, msgsnd/msgrcv, futex and poll are not in syscr/syscw.
# usage: scripts/ref-work.sh [mechanisms] [iterations]   (default pipe,uds_stream,posix_mq 20000)
#   REF_SIZES=64,4120 scripts/ref-work.sh sysv_mq   other payload sizes in bytes (default 64,4096,65536,1048576),
#   e.g. C moving Java's frame (payload + the 24-byte header) to see what the header costs in C
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mechs=${1:-pipe,uds_stream,posix_mq}; iters=${2:-20000}
work=$(mktemp -d /tmp/ipcbench-refwork.XXXXXX)
trap 'rm -rf "$work"' EXIT
REF_SIZES=${REF_SIZES:-} python3 - "$root/../shared/ref-ipc/ref_ipc.c" "$work/ref_work.c" <<'PY'
import os, sys
s = open(sys.argv[1]).read()
helper = r'''
#include <sys/resource.h>
typedef struct { long calls, vol, invol; double user_ns, sys_ns; } work_t;
static long field(const char *path, const char *key) {
  FILE *f = fopen(path, "r"); char line[256]; long v = 0, k = strlen(key);
  if (!f) return -1;
  while (fgets(line, sizeof line, f)) if (!strncmp(line, key, k)) { v = atol(line + k); break; }
  fclose(f); return v;
}
static work_t snap(void) {
  struct rusage ru;
  getrusage(RUSAGE_THREAD, &ru);
  work_t w = { field("/proc/thread-self/io", "syscr: ") + field("/proc/thread-self/io", "syscw: "),
               field("/proc/thread-self/status", "voluntary_ctxt_switches:"), field("/proc/thread-self/status", "nonvoluntary_ctxt_switches:"),
               ru.ru_utime.tv_sec * 1e9 + ru.ru_utime.tv_usec * 1e3, ru.ru_stime.tv_sec * 1e9 + ru.ru_stime.tv_usec * 1e3 };
  return w;
}
/* the round trips in eight equal parts in the order they ran, each part's median: a step between parts is a change of
   host state within the run, as ipcbench's perRepetition[].slices shows for its own repetitions */
static int cmp_long(const void *a, const void *b);
static void slices_print(const char *mech, long size, const long *lat, long n) {
  long part = n / 8, *tmp = malloc(part * sizeof(long)), lo = 0, hi = 0;
  printf("slices mech=%s size=%ld p50_ns=", mech, size);
  for (int k = 0; k < 8; k++) {
    memcpy(tmp, lat + k * part, part * sizeof(long));
    qsort(tmp, part, sizeof(long), cmp_long);
    long m = tmp[part / 2];
    if (!k || m < lo) lo = m;
    if (!k || m > hi) hi = m;
    printf(k ? ",%ld" : "%ld", m);
  }
  printf(" ratio=%.3f\n", (double)hi / lo);
  free(tmp);
}
static void work_print(const char *mech, long size, const char *mode, const char *side, work_t a, work_t b, long ops) {
  printf("work mech=%s size=%ld mode=%s side=%s syscalls_per_op=%.3f vol_ctx_per_op=%.3f invol_ctx_per_op=%.3f user_ns_per_op=%.0f sys_ns_per_op=%.0f\n",
         mech, size, mode, side, (b.calls - a.calls - 4.0) / ops, (double)(b.vol - a.vol) / ops, (double)(b.invol - a.invol) / ops,
         (b.user_ns - a.user_ns) / ops, (b.sys_ns - a.sys_ns) / ops); /* 4: snap's own reads */
  fflush(stdout);
}
'''
def sub(old, new):
    global s
    assert s.count(old) == 1, old
    s = s.replace(old, new)
sub("static void child(chan_t *c,", helper + "static void child(chan_t *c,")
sub("  for (long i = 0; i < warm + iters; i++) { ch_recv(c, 0, buf); ch_send(c, 1, buf); }\n  for (long i = 0; i < nmsgs; i++) {\n",
    "  work_t r0 = snap();\n  for (long i = 0; i < warm + iters; i++) { ch_recv(c, 0, buf); ch_send(c, 1, buf); }\n"
    "  work_t r1 = snap();\n  work_print(NAMES[c->mech], c->size, \"rtt\", \"child\", r0, r1, warm + iters);\n"
    "  work_t t0 = snap();\n  for (long i = 0; i < nmsgs; i++) {\n")
sub("  w[0] = sum, w[1] = bad;\n", "  work_t t1 = snap();\n  work_print(NAMES[c->mech], c->size, \"tput\", \"child\", t0, t1, nmsgs);\n  w[0] = sum, w[1] = bad;\n")
sub("  for (long i = 0; i < iters; i++) {\n    long t0 = now_ns();", "  work_t r0 = snap();\n  for (long i = 0; i < iters; i++) {\n    long t0 = now_ns();")
sub("  qsort(lat, iters, sizeof(long), cmp_long);\n", "  work_t r1 = snap();\n  work_print(NAMES[c->mech], c->size, \"rtt\", \"parent\", r0, r1, iters);\n"
    "  slices_print(NAMES[c->mech], c->size, lat, iters);\n  qsort(lat, iters, sizeof(long), cmp_long);\n")
sub("  for (long i = 0; i < nmsgs; i++) { w[0] = i; ch_send(c, 0, buf); }\n",
    "  work_t s0 = snap();\n  for (long i = 0; i < nmsgs; i++) { w[0] = i; ch_send(c, 0, buf); }\n  work_t s1 = snap();\n"
    "  work_print(NAMES[c->mech], c->size, \"tput\", \"parent\", s0, s1, nmsgs);\n")
sizes = os.environ.get("REF_SIZES", "")
if sizes:
    if not all(x.isdigit() and int(x) > 0 for x in sizes.split(",")):
        sys.exit("REF_SIZES: positive byte counts separated by commas, e.g. 64,4120")
    sub("static const long SIZES[] = {64, 4 * KiB, 64 * KiB, 1 * MiB};", "static const long SIZES[] = {" + sizes + "};")
open(sys.argv[2], "w").write(s)
PY
gcc -O2 -Wall -Wextra -o "$work/ref_work" "$work/ref_work.c" -lrt -lpthread
"$work/ref_work" "$mechs" "$iters" | grep -E '^(work|rtt|slices|tput|skip)'
