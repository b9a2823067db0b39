#ifndef SHAKEDOWN_SUPERVISOR_SHIMS_H
#define SHAKEDOWN_SUPERVISOR_SHIMS_H

// Process control for the harness's Supervisor (Sources/Shakedown/Supervisor), in C because
// the code that runs between fork() and exec() in a multithreaded program may only make
// async-signal-safe calls: no allocation, no locks, no Swift runtime. Everything a child
// needs is prepared by the parent before the fork.

#include <sys/types.h>

/// Where a child failed before it became the program (`stage` of `shakedown_spawn_release`).
enum {
    SHAKEDOWN_SPAWN_SETUP = 1, ///< setpgid, prctl, descriptors
    SHAKEDOWN_SPAWN_CHDIR = 2, ///< the working directory
    SHAKEDOWN_SPAWN_EXEC = 3,  ///< execve
};

/// A child forked by `shakedown_spawn_held`, waiting for `shakedown_spawn_release`.
typedef struct {
    pid_t pid;      ///< > 0 when the fork worked
    int error;      ///< errno when it did not
    int release_fd; ///< parent's end of the pipe the child waits on
    int status_fd;  ///< parent's end of the pipe the child reports failures on
} shakedown_held_child;

/// Forks a child that, in this order: becomes the leader of its own process group; asks for
/// SIGKILL when the forking thread dies (PR_SET_PDEATHSIG) and exits if the parent is
/// already gone; waits until the parent releases it (or dies: then it exits); restores
/// default signal dispositions and an empty signal mask (ignored signals survive exec);
/// takes stdin from /dev/null and stdout+stderr from `output_fd`; marks every other
/// descriptor close-on-exec; changes to `cwd` (if not NULL); execs `path`.
///
/// Call it from a thread that lives as long as the child should: PR_SET_PDEATHSIG fires
/// when the thread that forked exits, not when the process does.
shakedown_held_child shakedown_spawn_held(const char *path, char *const argv[], char *const envp[], const char *cwd,
                                          int output_fd);

/// Lets the child go on and waits until it has exec'd: returns 0 then; otherwise the errno
/// of the failure, with `*stage` saying where (the child has then exited with status 127).
/// Closes both descriptors of `child`.
int shakedown_spawn_release(shakedown_held_child child, int *stage);

/// Closes both descriptors of a held child without releasing it: it exits with status 127.
void shakedown_spawn_abandon(shakedown_held_child child);

/// Starts the group watchdog, a forked helper (no exec) that outlives the runner just long
/// enough to SIGKILL the process groups it was told about, once every copy of the runner's
/// end of the channel is closed, which happens however the runner ends (exit, crash,
/// SIGKILL). PR_SET_PDEATHSIG kills a supervised program but not the children it forked;
/// the watchdog kills those, through the group. Records on the channel are int32: +pgid
/// to watch a group, -pgid to forget it. Returns the watchdog's pid and stores the
/// runner's end (close-on-exec) in `*channel`; -1 with errno on failure.
pid_t shakedown_start_group_watchdog(int *channel);

/// Sends one record to the watchdog without raising SIGPIPE: 0, or an errno.
int shakedown_watchdog_send(int channel, int record);

/// pidfd_open(2): a descriptor that polls readable when `pid` exits; -1 with errno.
int shakedown_pidfd_open(pid_t pid);

/// 1 when the child `pid` has exited (it stays a zombie: not reaped), 0 while it runs,
/// -1 with errno on error (ECHILD: not our child, or already reaped).
int shakedown_child_has_exited(pid_t pid);

/// A pipe whose ends are close-on-exec and non-blocking: 0, or -1 with errno.
int shakedown_pipe_cloexec_nonblock(int fds[2]);

/// Installs a handler for each of `signals` that writes the signal number as one byte to
/// `fd` (the write end of a non-blocking pipe) and does nothing else. 0, or -1 with errno.
int shakedown_forward_signals(int fd, const int *signals, int count);

/// Ends the process by `signo` with its default action (so the parent sees "killed by
/// signal"), falling back to exit status 128 + signo.
void shakedown_die_by_signal(int signo) __attribute__((noreturn));

#endif
