/* One process: N 88-byte messages into a pipe, as writev(24 B header + 64 B payload), as writev of
 * one 88 B segment, and as write(88 B); the pipe is drained every 512 messages. Prints ns per message.
 *   gcc -O2 -o wv writev-vs-write.c && ./wv && ./wv 1    (./wv 1: the writev has one segment) */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
static long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000L + t.tv_nsec; }
int main(int argc, char **argv) {
  (void)argv;
  int fd[2];
  if (pipe(fd)) return 2;
  static char h[24], b[64], one[88], r[65536];
  struct iovec iov[2] = {{h, 24}, {b, 64}};
  if (argc > 1) iov[0] = (struct iovec){one, 88};
  int segs = argc > 1 ? 1 : 2;
  long n = 1000000;
  for (int round = 0; round < 3; round++) {
    long t0 = now();
    for (long i = 0; i < n; i++) {
      if (writev(fd[1], iov, segs) != 88) abort();
      if (i % 512 == 511 && read(fd[0], r, sizeof r) < 0) abort();
    }
    if (read(fd[0], r, sizeof r) < 0) abort();
    long t1 = now();
    for (long i = 0; i < n; i++) {
      if (write(fd[1], one, 88) != 88) abort();
      if (i % 512 == 511 && read(fd[0], r, sizeof r) < 0) abort();
    }
    if (read(fd[0], r, sizeof r) < 0) abort();
    long t2 = now();
    printf("writev (%d segment%s) %.1f ns  write %.1f ns per message\n", segs, segs > 1 ? "s" : "", (t1 - t0) / (double)n,
           (t2 - t1) / (double)n);
  }
  return 0;
}
