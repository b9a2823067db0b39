#!/usr/bin/env python3
"""Writes the small crafted capture files that Tests/CaptureTests/Reader/ reads.

Every link-type fixture carries the same six-packet conversation (`CONVERSATION`), so the tests
can expect the same TCP segments whatever the framing. Deterministic: run it again and the
files come out byte for byte the same. Python stdlib only.

    python3 Fixtures/pcap/make_fixtures.py [OUTPUT_DIR]
"""

import os
import struct
import sys

BASE_SECONDS = 1_700_000_000

# (direction, flags, seq, ack, payload); "c" is client -> server.
CONVERSATION = [
    ("c", "S", 1000, 0, b""),
    ("s", "SA", 5000, 1001, b""),
    ("c", "A", 1001, 5001, b""),
    ("c", "PA", 1001, 5001, b"PING\r\n"),
    ("s", "PA", 5001, 1007, b"+PONG\r\n"),
    ("c", "FA", 1007, 5008, b""),
]
CLIENT_PORT, SERVER_PORT = 40000, 6379
V4 = (bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
# 2001:db8::1:0:0:1 (RFC 5952 keeps the first of two equal zero runs) and fd00::2.
V6 = (bytes.fromhex("20010db8000000000001000000000001"), bytes.fromhex("fd000000000000000000000000000002"))

FLAG_BITS = {"F": 0x01, "S": 0x02, "R": 0x04, "P": 0x08, "A": 0x10}


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def tcp(src, dst, sport, dport, flags, seq, ack, payload, options=b"", data_offset=None):
    offset_words = data_offset if data_offset is not None else (20 + len(options)) // 4
    bits = sum(FLAG_BITS[f] for f in flags)
    header = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, offset_words << 4, bits, 65535, 0, 0) + options
    segment = header + payload
    if len(src) == 4:
        pseudo = src + dst + struct.pack("!BBH", 0, 6, len(segment))
    else:
        pseudo = src + dst + struct.pack("!IxxxB", len(segment), 6)
    return segment[:16] + struct.pack("!H", checksum(pseudo + segment)) + segment[18:]


def ipv4(src, dst, payload, proto=6, ihl=5, version=4, flags_fragment=0x4000, total=None):
    total = total if total is not None else 20 + len(payload)
    header = struct.pack("!BBHHHBBH4s4s", version << 4 | ihl, 0, total, 1, flags_fragment, 64, proto, 0, src, dst)
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + payload


def ipv6(src, dst, payload, next_header=6, extensions=b""):
    return struct.pack("!IHBB", 6 << 28, len(extensions) + len(payload), next_header, 64) + src + dst + extensions + payload


def ethernet(payload, ethertype, vlan=None):
    header = bytes(6) + bytes([2, 0, 0, 0, 0, 1])
    if vlan is not None:
        header += struct.pack("!HH", 0x8100, vlan)
    return header + struct.pack("!H", ethertype) + payload


def conversation_ip(version=4):
    """The conversation's IP packets, client and server swapped for the server's turns."""
    addresses = V4 if version == 4 else V6
    packets = []
    for side, flags, seq, ack, payload in CONVERSATION:
        src, dst = addresses if side == "c" else addresses[::-1]
        sport, dport = (CLIENT_PORT, SERVER_PORT) if side == "c" else (SERVER_PORT, CLIENT_PORT)
        segment = tcp(src, dst, sport, dport, flags, seq, ack, payload)
        packets.append(ipv4(src, dst, segment) if version == 4 else ipv6(src, dst, segment))
    return packets


def ethertype_of(ip_packet):
    return 0x0800 if ip_packet[0] >> 4 == 4 else 0x86DD


# ----- file formats -----

def pcap(link_type, frames, nanos=False, snaplen=262144, lengths=None):
    """frames: list of bytes; lengths: optional original lengths (for snap-length cuts)."""
    magic = 0xA1B23C4D if nanos else 0xA1B2C3D4
    out = struct.pack("<IHHiIII", magic, 2, 4, 0, 0, snaplen, link_type)
    for i, frame in enumerate(frames):
        fraction = i * 1_000_000 + 789 if nanos else i * 1000
        original = lengths[i] if lengths else len(frame)
        out += struct.pack("<IIII", BASE_SECONDS, fraction, len(frame), original) + frame
    return out


def pcapng_block(block_type, body):
    length = 12 + len(body) + (-len(body) % 4)
    return struct.pack("<II", block_type, length) + body + bytes(-len(body) % 4) + struct.pack("<I", length)


def pcapng_option(code, value):
    return struct.pack("<HH", code, len(value)) + value + bytes(-len(value) % 4)


END_OF_OPTIONS = struct.pack("<HH", 0, 0)


def pcapng_header(link_type):
    shb = pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)
                       + pcapng_option(1, b"crafted by make_fixtures.py") + END_OF_OPTIONS)
    # if_tsresol 9: timestamps in nanoseconds.
    idb = pcapng_block(1, struct.pack("<HHI", link_type, 0, 262144) + pcapng_option(9, bytes([9])) + END_OF_OPTIONS)
    return shb + idb


def pcapng_packet(index, frame, comment=None):
    stamp = BASE_SECONDS * 1_000_000_000 + index * 1_000_000 + 789
    options = (pcapng_option(1, comment) + END_OF_OPTIONS) if comment else b""
    body = struct.pack("<IIIII", 0, stamp >> 32, stamp & 0xFFFFFFFF, len(frame), len(frame)) + frame
    body += bytes(-len(frame) % 4) + options
    return pcapng_block(6, body)


# ----- the fixtures -----

def null_header(family, byte_order):
    return struct.pack(byte_order + "I", family)


def sll(ip_packet):
    # packet type 0 (to us), ARPHRD_ETHER, 6-byte address padded to 8, protocol.
    return struct.pack("!HHH8sH", 0, 1, 6, bytes(8), ethertype_of(ip_packet)) + ip_packet


def sll2(ip_packet):
    # protocol, reserved, interface index, ARPHRD_ETHER, packet type, address length, address.
    return struct.pack("!HHIHBB8s", ethertype_of(ip_packet), 0, 1, 1, 0, 6, bytes(8)) + ip_packet


def ethernet_with_noise():
    """The conversation over Ethernet, packet 4's frame VLAN-tagged, with an ARP request first
    and a UDP datagram after the handshake: 8 packets, 6 of them TCP."""
    ip = conversation_ip()
    arp = ethernet(bytes(28), 0x0806)
    udp = ethernet(ipv4(V4[0], V4[1], struct.pack("!HHHH", 5353, 53, 12, 0) + b"dns?", proto=17), 0x0800)
    frames = [ethernet(p, 0x0800) for p in ip]
    frames[3] = ethernet(ip[3], 0x0800, vlan=42)
    return [arp] + frames[:3] + [udp] + frames[3:]


def ipv6_with_extensions():
    """The IPv6 conversation with a hop-by-hop and a destination-options header before TCP."""
    frames = []
    for packet in conversation_ip(6):
        segment = packet[40:]
        hop_by_hop = bytes([60, 0]) + bytes([1, 4, 0, 0, 0, 0])  # next: dest options; PadN
        dest_options = bytes([6, 1]) + bytes([1, 12]) + bytes(12)  # next: TCP; 16 bytes
        frames.append(ethernet(ipv6(packet[8:24], packet[24:40], segment, next_header=0,
                                    extensions=hop_by_hop + dest_options), 0x86DD))
    return frames


def malformed():
    """One problem per packet, between two good ones: reading must continue past each."""
    c, s = V4
    good_syn = ipv4(c, s, tcp(c, s, CLIENT_PORT, SERVER_PORT, "S", 1000, 0, b""))
    frames, lengths = [], []

    def add(frame, original=None):
        frames.append(frame)
        lengths.append(original if original is not None else len(frame))

    add(ethernet(good_syn, 0x0800))                                                # 1 ok
    add(ethernet(ipv4(c, s, tcp(c, s, 1, 2, "A", 1, 1, b""), ihl=4), 0x0800))      # 2 IHL 4
    add(ethernet(ipv4(c, s, tcp(c, s, 1, 2, "A", 1, 1, b"", data_offset=15)), 0x0800))  # 3 data offset
    add(ethernet(ipv4(c, s, tcp(c, s, 1, 2, "A", 1, 1, b"xx"), flags_fragment=0x2000), 0x0800))  # 4 fragment
    full = ethernet(ipv4(c, s, tcp(c, s, CLIENT_PORT, SERVER_PORT, "PA", 1001, 5001, b"0123456789" * 10)), 0x0800)
    add(full[:14 + 40 + 10], len(full))                                            # 5 snap-length cut
    add(bytes(10))                                                                 # 6 short Ethernet
    add(ethernet(ipv4(c, s, tcp(c, s, 1, 2, "A", 1, 1, b""), version=5), 0x0800))  # 7 version 5
    add(ethernet(ipv4(c, s, tcp(c, s, 1, 2, "A", 1, 1, b""), total=400), 0x0800))  # 8 total > captured
    add(ethernet(ipv4(c, s, tcp(c, s, CLIENT_PORT, SERVER_PORT, "PA", 1001, 5001, b"PING\r\n")), 0x0800))  # 9 ok
    return pcap(1, frames, lengths=lengths)


def pcapng_with_unknown_block():
    frames = [ethernet(p, 0x0800) for p in conversation_ip()]
    out = pcapng_header(1)
    for i, frame in enumerate(frames):
        if i == 2:
            out += pcapng_block(0x00004242, b"a block type no reader knows")  # 0x0BAD would be a Custom Block
        out += pcapng_packet(i, frame, comment=b"the PING" if i == 3 else None)
    return out


def pcapng_with_bad_block_length():
    frames = [ethernet(p, 0x0800) for p in conversation_ip()]
    good = pcapng_packet(1, frames[1])
    bad = struct.pack("<II", 6, 7) + good[8:]  # total length 7: below the 12-byte minimum
    return pcapng_header(1) + pcapng_packet(0, frames[0]) + bad + pcapng_packet(2, frames[2])


def fixtures():
    ip4, ip6 = conversation_ip(4), conversation_ip(6)
    eth = [ethernet(p, 0x0800) for p in ip4]
    afs = {"ipv4": 2, "ipv6-linux": 10, "ipv6-mac": 30}
    whole = pcap(1, eth)
    record_5 = len(pcap(1, eth[:4]))
    return {
        "ethernet.pcap": pcap(1, ethernet_with_noise()),
        "ethernet-nanos.pcap": pcap(1, eth, nanos=True),
        "null-little-endian.pcap": pcap(0, [null_header(afs["ipv4"], "<") + p for p in ip4]),
        "null-big-endian-ipv6.pcap": pcap(0, [null_header(afs["ipv6-mac"], ">") + p for p in ip6]),
        "loop.pcap": pcap(108, [null_header(afs["ipv4"], ">") + p for p in ip4]),
        "linux-sll.pcap": pcap(113, [sll(p) for p in ip4]),
        "linux-sll2-ipv6.pcap": pcap(276, [sll2(p) for p in ip6]),
        "raw.pcap": pcap(101, ip4[:3] + ip6[3:]),
        "ipv4.pcap": pcap(228, ip4),
        "ipv6.pcap": pcap(229, ip6),
        "ipv6-extension-headers.pcap": pcap(1, ipv6_with_extensions()),
        "malformed-packets.pcap": malformed(),
        "unknown-block.pcapng": pcapng_with_unknown_block(),
        "bad-block-length.pcapng": pcapng_with_bad_block_length(),
        # Packet 5's record header is whole, its data cut after 20 of its bytes.
        "cut-mid-packet.pcap": whole[:record_5 + 16 + 20],
        # Packet 5's 16-byte record header cut after 7 bytes.
        "cut-mid-header.pcap": whole[:record_5 + 7],
        "not-a-capture.txt": b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "empty.pcap": b"",
    }


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for name, data in fixtures().items():
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
    print("wrote %d fixtures to %s" % (len(fixtures()), out_dir))


if __name__ == "__main__":
    main()
