#ifndef SHAKEDOWN_NETWORK_NAMESPACE_H
#define SHAKEDOWN_NETWORK_NAMESPACE_H

/// Moves the calling thread into the network namespace open at `fd` (setns with
/// CLONE_NEWNET, which Swift's Glibc module does not import). 0, or -1 with errno set.
int shakedown_enter_network_namespace(int fd);

#endif
