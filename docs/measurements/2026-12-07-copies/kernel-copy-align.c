/* Kernel copy speed of a framed payload: writev(header, payload) into a pipe or socketpair, then read
 * it back, in one process (docs/measurements/2026-12-07-copies.md).
 * gcc -O2 -o kernel-copy-align kernel-copy-align.c && ./kernel-copy-align pipe|uds SIZE HDR DST_OFFSET [SRC_OFFSET] */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdint.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <sys/mman.h>
static int64_t now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1000000000L+t.tv_nsec;}
/* w kind n hdr dstoff: one process, writev(hdr bytes, n bytes) then read it all back into buf+dstoff; kind pipe|uds */
int main(int c,char**v){int uds=!strcmp(v[1],"uds");long n=atol(v[2]),h=atol(v[3]),dof=atol(v[4]);int fd[2];
if(uds){socketpair(AF_UNIX,SOCK_STREAM,0,fd);int sz=4<<20;setsockopt(fd[0],SOL_SOCKET,SO_SNDBUF,&sz,4);setsockopt(fd[1],SOL_SOCKET,SO_SNDBUF,&sz,4);setsockopt(fd[0],SOL_SOCKET,SO_RCVBUF,&sz,4);}
else {pipe(fd);fcntl(fd[1],F_SETPIPE_SZ,1<<20);}
int wfd=uds?fd[0]:fd[1],rfd=uds?fd[1]:fd[0];
char*m=mmap(0,16<<20,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE,-1,0);
long so=c>5?atol(v[5]):0;char*hd=m,*src=m+4096+so,*dst=m+(8<<20)+dof;long tot=n+h;long reps=(1L<<28)/tot;if(reps<2000)reps=2000;
struct iovec iov[2]={{hd,h},{src,n}};int cnt=h?2:1;if(!h){iov[0]=iov[1];}
int64_t best=1L<<62;for(int k=0;k<3;k++){int64_t s=now();for(long i=0;i<reps;i++){long w=writev(wfd,iov,cnt);if(w!=tot){printf("short write %ld\n",w);return 1;}long g=0;while(g<tot){long r=read(rfd,dst+g,tot-g);if(r<=0)return 2;g+=r;}}int64_t e=now()-s;if(e<best)best=e;}
printf("%-4s payload %7ld hdr %2ld dst+%-2ld: %8.0f ns/op\n",v[1],n,h,dof,(double)best/reps);return 0;}
