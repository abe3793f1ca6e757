/*
 * The host's signature: what this machine's kernel and memory give a C program in this minute, so
 * that two measurements can be told to come from the same kind of host state or not. The same
 * methods as ../shared/ref-ipc: parent pinned to the first allowed CPU, child to the second, median
 * of timed 64 B ping-pongs (CLOCK_MONOTONIC), memcpy of 256 KiB line-aligned buffers (in cache).
 *   pipe:     two pipes, write/read of 64 B each way (one blocking wake-up per direction);
 *   shm_spin: 64 B each way through MAP_SHARED memory, both sides spinning on a sequence word.
 * Prints one line: pipe_rtt_p50_ns=... shm_spin_rtt_p50_ns=... memcpy_GBps=...
 * Built and run by 'ipcbench env' in a private temporary directory, then deleted.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MSG 64
#define LINE 64

static int cpus[2] = {-1, -1};

static void pin(int which) {
  if (cpus[which] < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpus[which], &set);
  sched_setaffinity(0, sizeof set, &set);
}

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static int64_t median(int64_t *v, int n) {
  qsort(v, n, sizeof *v, cmp);
  return v[n / 2];
}

static int full(int fd, char *buf, int n, int writing) {
  for (int done = 0; done < n;) {
    ssize_t k = writing ? write(fd, buf + done, n - done) : read(fd, buf + done, n - done);
    if (k <= 0) return -1;
    done += (int)k;
  }
  return 0;
}

static int64_t pipe_rtt(int warm, int n) {
  int up[2], down[2];
  if (pipe(up) || pipe(down)) return -1;
  pid_t child = fork();
  if (child == 0) {
    alarm(30);
    pin(1);
    close(up[1]); /* else its own write end keeps the pipe open: no end of file when the parent is done */
    close(down[0]);
    char buf[MSG];
    while (full(up[0], buf, MSG, 0) == 0 && full(down[1], buf, MSG, 1) == 0) {
    }
    _exit(0);
  }
  close(up[0]);
  close(down[1]);
  char buf[MSG];
  memset(buf, 0x5a, MSG);
  int64_t *t = malloc(sizeof *t * n);
  int64_t result = -1;
  for (int i = 0; i < warm + n; i++) {
    int64_t s = now_ns();
    if (full(up[1], buf, MSG, 1) || full(down[0], buf, MSG, 0)) goto out;
    if (i >= warm) t[i - warm] = now_ns() - s;
  }
  result = median(t, n);
out:
  close(up[1]);
  close(down[0]);
  waitpid(child, NULL, 0);
  free(t);
  return result;
}

struct line {
  volatile uint64_t seq;
  char pad[LINE - 8];
  char data[MSG];
};

static int64_t shm_spin_rtt(int warm, int n) {
  struct line *m = mmap(NULL, 4 * sizeof(struct line), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return -1;
  memset(m, 0, 4 * sizeof(struct line));
  struct line *ping = &m[0], *pong = &m[2];
  pid_t child = fork();
  if (child == 0) {
    alarm(30);
    pin(1);
    char buf[MSG];
    for (uint64_t i = 1; i <= (uint64_t)(warm + n); i++) {
      while (__atomic_load_n(&ping->seq, __ATOMIC_ACQUIRE) != i) {
      }
      memcpy(buf, ping->data, MSG);
      memcpy(pong->data, buf, MSG);
      __atomic_store_n(&pong->seq, i, __ATOMIC_RELEASE);
    }
    _exit(0);
  }
  char buf[MSG];
  memset(buf, 0xa5, MSG);
  int64_t *t = malloc(sizeof *t * n);
  for (uint64_t i = 1; i <= (uint64_t)(warm + n); i++) {
    int64_t s = now_ns();
    memcpy(ping->data, buf, MSG);
    __atomic_store_n(&ping->seq, i, __ATOMIC_RELEASE);
    while (__atomic_load_n(&pong->seq, __ATOMIC_ACQUIRE) != i) {
    }
    memcpy(buf, pong->data, MSG);
    if (i > (uint64_t)warm) t[i - warm - 1] = now_ns() - s;
  }
  int64_t result = median(t, n);
  waitpid(child, NULL, 0);
  munmap(m, 4 * sizeof(struct line));
  free(t);
  return result;
}

static double memcpy_gbps(long size, long total) {
  /* 64-byte aligned, as ipcbench's and ref_ipc's buffers are: on some hosts (2 vCPU AMD EPYC, kernel
   * 6.18) glibc's rep movsb copies 15x slower into a destination 16 bytes off a line (2.5 against
   * 38 GB/s), which malloc's 256 KiB blocks are; the figure would describe malloc, not the host. */
  char *a = aligned_alloc(64, size), *b = aligned_alloc(64, size);
  memset(a, 1, size);
  memcpy(b, a, size);
  long reps = total / size;
  int64_t s = now_ns();
  for (long i = 0; i < reps; i++) {
    a[i % size] = (char)i; /* each copy differs: nothing to hoist */
    memcpy(b, a, size);
  }
  double sec = (now_ns() - s) / 1e9;
  volatile char sink = b[reps % size];
  (void)sink;
  free(a);
  free(b);
  return reps * (double)size / 1e9 / sec;
}

int main(void) {
  alarm(60);
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
    for (int c = 0, k = 0; c < CPU_SETSIZE && k < 2; c++) {
      if (CPU_ISSET(c, &allowed)) cpus[k++] = c;
    }
  }
  if (cpus[1] < 0) {
    fprintf(stderr, "one CPU allowed: the signature needs two\n");
    return 2;
  }
  pin(0);
  int64_t pipe_ns = pipe_rtt(1000, 5000);
  int64_t shm_ns = shm_spin_rtt(20000, 100000);
  double gbps = memcpy_gbps(256 * 1024, 2L << 30);
  if (pipe_ns < 0 || shm_ns < 0) {
    fprintf(stderr, "a probe failed\n");
    return 1;
  }
  printf("pipe_rtt_p50_ns=%lld shm_spin_rtt_p50_ns=%lld memcpy_GBps=%.2f cpus=%d,%d\n", (long long)pipe_ns, (long long)shm_ns, gbps,
         cpus[0], cpus[1]);
  return 0;
}
