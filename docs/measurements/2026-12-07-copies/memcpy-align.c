/* memcpy speed against the alignment of source and destination (docs/measurements/2026-12-07-copies.md).
 * gcc -O2 -o memcpy-align memcpy-align.c && ./memcpy-align SIZE SRC_OFFSET DST_OFFSET */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdint.h>
#include <sys/mman.h>
static int64_t now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1000000000L+t.tv_nsec;}
int main(int c,char**v){long size=atol(v[1]);long soff=atol(v[2]),doff=atol(v[3]);
char*m=mmap(0,64<<20,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE,-1,0);
char*a=m+soff,*b=m+(32<<20)+doff;memset(a,1,size);memcpy(b,a,size);
long total=1L<<29;long reps=total/size;int64_t s=now();for(long i=0;i<reps;i++){a[i%size]=i;memcpy(b,a,size);}double sec=(now()-s)/1e9;
printf("%6ld B src+%ld dst+%ld: %5.1f GB/s\n",size,soff,doff,reps*(double)size/1e9/sec);return b[3];}
