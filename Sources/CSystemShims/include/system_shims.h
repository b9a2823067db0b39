#ifndef SHAKEDOWN_SYSTEM_SHIMS_H
#define SHAKEDOWN_SYSTEM_SHIMS_H

#include <stddef.h>

/// Bytes currently allocated through malloc (glibc's mallinfo2: arena in use + mmapped).
size_t shakedown_malloc_used(void);

#endif
