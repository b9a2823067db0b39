#!/usr/bin/env python3
"""Writes fragmented-ipv4.pcap: a small TCP conversation whose server reply travels as one TCP
segment split into three IPv4 fragments, read in the order first, last, middle (so reassembly
must wait for the middle one). Ethernet framing, same hosts and ports as make_fixtures.py,
whose helpers it uses. Deterministic; Python stdlib only.

    python3 Fixtures/pcap/make_fragmented.py [OUTPUT_DIR]
"""

import os
import sys

from make_fixtures import V4, CLIENT_PORT, SERVER_PORT, ethernet, ipv4, pcap, tcp

REQUEST = b"GET /fragmented HTTP/1.0\r\n\r\n"
# 3,000 bytes of text, a numbered line each, so a misplaced fragment shows.
REPLY = b"".join(b"line %03d of a reply larger than one Ethernet frame....\n" % i for i in range(1, 60))[:3000]
FRAGMENT_DATA = 1480  # an MTU of 1500 less the 20-byte IPv4 header; a multiple of 8
MORE_FRAGMENTS = 0x2000


def fragments(src, dst, segment):
    """The IPv4 fragments of `segment`, in offset order."""
    pieces = []
    for offset in range(0, len(segment), FRAGMENT_DATA):
        data = segment[offset:offset + FRAGMENT_DATA]
        more = MORE_FRAGMENTS if offset + len(data) < len(segment) else 0
        pieces.append(ipv4(src, dst, data, flags_fragment=more | offset // 8))
    return pieces


def conversation():
    c, s = V4
    client = lambda flags, seq, ack, payload=b"": ipv4(c, s, tcp(c, s, CLIENT_PORT, SERVER_PORT, flags, seq, ack, payload))
    server = lambda flags, seq, ack, payload=b"": ipv4(s, c, tcp(s, c, SERVER_PORT, CLIENT_PORT, flags, seq, ack, payload))
    reply = fragments(s, c, tcp(s, c, SERVER_PORT, CLIENT_PORT, "PA", 5001, 1001 + len(REQUEST), REPLY))
    assert len(reply) == 3
    end = 5001 + len(REPLY)
    after_request = 1001 + len(REQUEST)
    return [
        client("S", 1000, 0),
        server("SA", 5000, 1001),
        client("A", 1001, 5001),
        client("PA", 1001, 5001, REQUEST),
        reply[0], reply[2], reply[1],
        client("A", after_request, end),
        server("FA", end, after_request),
        client("FA", after_request, end + 1),
        server("A", end + 1, after_request + 1),
    ]


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(out_dir, "fragmented-ipv4.pcap"), "wb") as out:
        out.write(pcap(1, [ethernet(packet, 0x0800) for packet in conversation()]))


if __name__ == "__main__":
    main()
