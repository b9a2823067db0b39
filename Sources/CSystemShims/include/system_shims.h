#ifndef SHAKEDOWN_SYSTEM_SHIMS_H
#define SHAKEDOWN_SYSTEM_SHIMS_H

#include <stddef.h>

/// Bytes currently allocated through malloc (glibc's mallinfo2: arena in use + mmapped).
size_t shakedown_malloc_used(void);

/// Columns of the terminal on `fd` (TIOCGWINSZ), or 0 when it is not a terminal or does not say.
int shakedown_terminal_columns(int fd);

#endif
