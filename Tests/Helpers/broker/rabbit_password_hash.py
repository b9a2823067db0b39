#!/usr/bin/env python3
"""Prints the `password_hash` RabbitMQ's definitions hold for a password.

rabbit_password_hashing_sha256: base64(salt ++ sha256(salt ++ utf8(password))), with a
4-byte salt. The fixtures use a salt derived from the user name, so regenerating a hash
gives the same text:  rabbit_password_hash.py USER PASSWORD
"""
import base64
import hashlib
import sys


def password_hash(password: str, salt: bytes) -> str:
    digest = hashlib.sha256(salt + password.encode("utf-8")).digest()
    return base64.b64encode(salt + digest).decode("ascii")


def stable_salt(user: str) -> bytes:
    return hashlib.sha256(("salt:" + user).encode("utf-8")).digest()[:4]


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: rabbit_password_hash.py USER PASSWORD")
    print(password_hash(sys.argv[2], stable_salt(sys.argv[1])))
