// Process control for the harness's Supervisor. Between fork() and exec() (and in the
// watchdog, which never execs) only async-signal-safe calls are made: the runner is
// multithreaded, and another thread may have held the allocator's lock at the fork.
#define _GNU_SOURCE
#include "supervisor_shims.h"

#if defined(__linux__)

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

// close_range(2) (Linux 5.9, CLOEXEC flag 5.11); falls back to one call per descriptor.
static void close_range_from(unsigned first, unsigned last, int cloexec) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, first, last, cloexec ? CLOSE_RANGE_CLOEXEC : 0) == 0) return;
#endif
    unsigned bound = last < 65536 ? last : 65535;
    for (unsigned fd = first; fd <= bound && fd >= first; fd++) {
        if (cloexec) {
            int flags = fcntl((int)fd, F_GETFD);
            if (flags >= 0) fcntl((int)fd, F_SETFD, flags | FD_CLOEXEC);
        } else {
            close((int)fd);
        }
    }
}

static void block_all_signals(void) {
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
}

static void unblock_all_signals(void) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

// Every catchable signal to `handler` (SIG_DFL or SIG_IGN). Handlers the runner installed
// must not run in a child: they would write into the runner's descriptors.
static void set_all_dispositions(void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    for (int signo = 1; signo < NSIG; signo++) {
        if (signo == SIGKILL || signo == SIGSTOP) continue;
        if (handler == SIG_IGN && signo == SIGCHLD) continue;
        sigaction(signo, &action, NULL); // fails harmlessly for numbers glibc reserves
    }
}

static void write_all(int fd, const void *bytes, size_t count) {
    const char *p = bytes;
    while (count > 0) {
        ssize_t n = write(fd, p, count);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        p += n;
        count -= (size_t)n;
    }
}

static void child_fail(int status_fd, int stage, int error) {
    int record[2] = {stage, error};
    write_all(status_fd, record, sizeof record);
    _exit(127);
}

static void child_main(const char *path, char *const argv[], char *const envp[], const char *cwd, int output_fd,
                       int release_fd, int status_fd, pid_t parent) {
    block_all_signals();
    set_all_dispositions(SIG_DFL);
    // Its own group, so that a signal to -pid reaches everything the program forks.
    if (setpgid(0, 0) != 0) child_fail(status_fd, SHAKEDOWN_SPAWN_SETUP, errno);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) child_fail(status_fd, SHAKEDOWN_SPAWN_SETUP, errno);
    // The parent may have died before prctl: then nobody will send the death signal.
    if (getppid() != parent) _exit(127);
    // Held until the parent has told the watchdog about this group, so that nothing the
    // program forks can exist unwatched. EOF means the parent is gone.
    char go = 0;
    ssize_t n;
    do {
        n = read(release_fd, &go, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) _exit(127);
    close(release_fd);

    int out = fcntl(output_fd, F_DUPFD, 3);
    int null = open("/dev/null", O_RDWR);
    if (out < 0 || null < 0) child_fail(status_fd, SHAKEDOWN_SPAWN_SETUP, errno);
    if (dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) child_fail(status_fd, SHAKEDOWN_SPAWN_SETUP, errno);
    // Nothing else the runner has open (sockets, other logs, pipes) reaches the program.
    close_range_from(3, ~0U, 1);
    if (cwd != NULL && chdir(cwd) != 0) child_fail(status_fd, SHAKEDOWN_SPAWN_CHDIR, errno);
    unblock_all_signals();
    execve(path, argv, envp);
    child_fail(status_fd, SHAKEDOWN_SPAWN_EXEC, errno);
}

shakedown_held_child shakedown_spawn_held(const char *path, char *const argv[], char *const envp[], const char *cwd,
                                          int output_fd) {
    shakedown_held_child child = {.pid = -1, .error = 0, .release_fd = -1, .status_fd = -1};
    // A socket for the release byte: sending on it cannot raise SIGPIPE in the runner.
    int release[2];
    int status[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, release) != 0) {
        child.error = errno;
        return child;
    }
    if (pipe2(status, O_CLOEXEC) != 0) {
        child.error = errno;
        close(release[0]);
        close(release[1]);
        return child;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        close(release[0]);
        close(status[0]);
        child_main(path, argv, envp, cwd, output_fd, release[1], status[1], parent);
    }
    int saved = errno;
    close(release[1]);
    close(status[1]);
    if (pid < 0) {
        close(release[0]);
        close(status[0]);
        child.error = saved;
        return child;
    }
    child.pid = pid;
    child.release_fd = release[0];
    child.status_fd = status[0];
    return child;
}

int shakedown_spawn_release(shakedown_held_child child, int *stage) {
    char go = 1;
    ssize_t sent;
    do {
        sent = send(child.release_fd, &go, 1, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    close(child.release_fd);
    // The status pipe's write end closes at exec (close-on-exec): EOF means success.
    int record[2] = {0, 0};
    size_t have = 0;
    while (have < sizeof record) {
        ssize_t n = read(child.status_fd, (char *)record + have, sizeof record - have);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        have += (size_t)n;
    }
    close(child.status_fd);
    if (have < sizeof record) {
        *stage = 0;
        return 0;
    }
    *stage = record[0];
    return record[1] != 0 ? record[1] : EIO;
}

void shakedown_spawn_abandon(shakedown_held_child child) {
    close(child.release_fd);
    close(child.status_fd);
}

// --- the group watchdog -----------------------------------------------------------------

enum { WATCHDOG_CAPACITY = 16384 };
static pid_t watched_groups[WATCHDOG_CAPACITY];

static void watchdog_main(int channel, pid_t parent) {
    block_all_signals();
    // It must outlive the runner to do its work: deaf to Ctrl-C, SIGTERM, hang-ups, and out
    // of the runner's process group (a signal to that group does not reach it).
    set_all_dispositions(SIG_IGN);
    setpgid(0, 0);
    prctl(PR_SET_NAME, "shakedown-guard", 0, 0, 0);
    int fd = fcntl(channel, F_DUPFD, 3);
    if (fd < 0) _exit(1);
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
    }
    // Holding nothing of the runner's: no log, socket or pipe stays open because of it.
    close_range_from(3, (unsigned)fd - 1, 0);
    close_range_from((unsigned)fd + 1, ~0U, 0);
    unblock_all_signals();

    int count = 0;
    for (;;) {
        struct pollfd wait = {.fd = fd, .events = POLLIN, .revents = 0};
        int ready = poll(&wait, 1, 1000);
        if (ready < 0 && errno == EINTR) continue;
        // A second sign of the runner's death, should a forked copy of the runner's end of
        // the channel (a child between fork and exec) delay the EOF.
        if (ready == 0) {
            if (getppid() != parent) break;
            continue;
        }
        int record = 0;
        ssize_t n = recv(fd, &record, sizeof record, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n != (ssize_t)sizeof record) break; // EOF: every copy of the runner's end is closed
        if (record > 0 && count < WATCHDOG_CAPACITY) {
            watched_groups[count++] = record;
        } else if (record < 0) {
            for (int i = 0; i < count; i++) {
                if (watched_groups[i] == -record) {
                    watched_groups[i] = watched_groups[--count];
                    break;
                }
            }
        }
    }
    for (int i = 0; i < count; i++) kill(-watched_groups[i], SIGKILL);
    _exit(0);
}

pid_t shakedown_start_group_watchdog(int *channel) {
    int ends[2];
    // Records keep their boundaries; the runner's end is close-on-exec so that programs it
    // starts do not hold it open.
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0) return -1;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        close(ends[0]);
        watchdog_main(ends[1], parent);
    }
    int saved = errno;
    close(ends[1]);
    if (pid < 0) {
        close(ends[0]);
        errno = saved;
        return -1;
    }
    *channel = ends[0];
    return pid;
}

int shakedown_watchdog_send(int channel, int record) {
    ssize_t n;
    do {
        n = send(channel, &record, sizeof record, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n == (ssize_t)sizeof record) return 0;
    return n < 0 ? errno : EIO;
}

// --- waiting and signals ------------------------------------------------------------------

int shakedown_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int shakedown_child_has_exited(pid_t pid) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0) return -1;
    return info.si_pid == pid ? 1 : 0;
}

int shakedown_pipe_cloexec_nonblock(int fds[2]) { return pipe2(fds, O_CLOEXEC | O_NONBLOCK); }

static volatile sig_atomic_t forward_fd = -1;

static void forward_signal(int signo) {
    int saved = errno;
    unsigned char byte = (unsigned char)signo;
    if (forward_fd >= 0) (void)!write(forward_fd, &byte, 1);
    errno = saved;
}

int shakedown_forward_signals(int fd, const int *signals, int count) {
    forward_fd = fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = forward_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < count; i++) {
        if (sigaction(signals[i], &action, NULL) != 0) return -1;
    }
    return 0;
}

void shakedown_die_by_signal(int signo) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signo, &action, NULL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signo);
    pthread_sigmask(SIG_UNBLOCK, &only, NULL);
    raise(signo);
    _exit(128 + signo);
}

#else // Not Linux: no PR_SET_PDEATHSIG, pidfds or pipe2; everything fails with ENOSYS.

#include <errno.h>
#include <stdlib.h>

shakedown_held_child shakedown_spawn_held(const char *path, char *const argv[], char *const envp[], const char *cwd,
                                          int output_fd) {
    shakedown_held_child child = {.pid = -1, .error = ENOSYS, .release_fd = -1, .status_fd = -1};
    return child;
}
int shakedown_spawn_release(shakedown_held_child child, int *stage) { *stage = 0; return ENOSYS; }
void shakedown_spawn_abandon(shakedown_held_child child) {}
pid_t shakedown_start_group_watchdog(int *channel) { errno = ENOSYS; return -1; }
int shakedown_watchdog_send(int channel, int record) { return ENOSYS; }
int shakedown_pidfd_open(pid_t pid) { errno = ENOSYS; return -1; }
int shakedown_child_has_exited(pid_t pid) { errno = ENOSYS; return -1; }
int shakedown_pipe_cloexec_nonblock(int fds[2]) { errno = ENOSYS; return -1; }
int shakedown_forward_signals(int fd, const int *signals, int count) { errno = ENOSYS; return -1; }
void shakedown_die_by_signal(int signo) { _Exit(128 + signo); }

#endif
