#include "system_shims.h"

#include <sys/ioctl.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

// mallinfo2 is declared in <malloc.h>, which Swift's Glibc module does not import.
size_t shakedown_malloc_used(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
#else
    return 0;
#endif
}

// ioctl is variadic, so Swift cannot call it directly.
int shakedown_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}
