// glibc functions that Swift's Glibc module leaves out.
// The allocator's controls (malloc_trim, mallopt): a long-running server hands freed memory back.
#include <malloc.h>
// syncfs (a GNU extension of unistd.h): one call makes every file written on a filesystem durable,
// instead of one fsync per file and folder (the spool's intake of a batch of files).
int syncfs(int fd);
