/* One-way pipe stream of fixed-size messages, writer on CPU 0 and reader on CPU 1, each reading and writing
   exactly one message a call, as ref_ipc does. argv: threaded (1 adds an idle thread to each process, as a JVM
   has), messages, size. gcc -O2 -o pipe-sizes pipe-sizes.c -lpthread; for s in 64 88 128; do ./pipe-sizes 0 1000000 $s; done */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static void pin(int c) { cpu_set_t s; CPU_ZERO(&s); CPU_SET(c, &s); sched_setaffinity(0, sizeof s, &s); }
static void *idle(void *a) { (void)a; for (;;) pause(); return 0; }
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
int main(int argc, char **argv) {
  int threaded = argc > 1 && atoi(argv[1]); long n = argc > 2 ? atol(argv[2]) : 2000000; int size = argc > 3 ? atoi(argv[3]) : 64;
  int p[2], ack[2]; if (pipe(p) || pipe(ack)) return 1;
  pid_t pid = fork();
  if (pid == 0) {
    pin(1); pthread_t t; if (threaded) pthread_create(&t, 0, idle, 0);
    char buf[65536]; long sum = 0;
    for (long i = 0; i < n; i++) { long got = 0; while (got < size) { long r = read(p[0], buf + got, size - got); if (r <= 0) _exit(2); got += r; } sum += buf[0]; }
    write(ack[1], &sum, 8); _exit(0);
  }
  pin(0); pthread_t t; if (threaded) pthread_create(&t, 0, idle, 0);
  char buf[65536]; memset(buf, 1, sizeof buf); long sum;
  double t0 = now();
  for (long i = 0; i < n; i++) { long put = 0; while (put < size) { long w = write(p[1], buf + put, size - put); if (w <= 0) return 3; put += w; } }
  read(ack[0], &sum, 8); double t1 = now(); waitpid(pid, 0, 0);
  printf("threaded=%d size=%d msgs/s=%.0f ns/msg=%.0f\n", threaded, size, n / (t1 - t0), (t1 - t0) * 1e9 / n);
  return 0;
}
