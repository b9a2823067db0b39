#define _GNU_SOURCE
#include "network_namespace.h"

#include <errno.h>

#if defined(__linux__)
#include <sched.h>

int shakedown_enter_network_namespace(int fd) {
    return setns(fd, CLONE_NEWNET);
}
#else
int shakedown_enter_network_namespace(int fd) {
    (void)fd;
    errno = ENOSYS;
    return -1;
}
#endif
