// glibc functions that Swift's Glibc module leaves out.
// The allocator's controls (malloc_trim, mallopt): a long-running server hands freed memory back.
#include <malloc.h>
// syncfs (a GNU extension of unistd.h): one call makes every file written on a filesystem durable,
// instead of one fsync per file and folder (the spool's intake of a batch of files).
int syncfs(int fd);
// pipe2 (a GNU extension of unistd.h): a pipe whose ends are close-on-exec from the start, so a child
// spawned by another thread at the same moment cannot inherit them (worker processes).
int pipe2(int pipefd[2], int flags);
