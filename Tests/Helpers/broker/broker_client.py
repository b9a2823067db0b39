#!/usr/bin/env python3
"""Clients the broker integration tests run against a broker on 127.0.0.1:PORT.

  broker_client.py pika PORT        pika: declare, publish, get, consume, ack, nack,
                                    confirms, mandatory return, tx; prints one JSON object
  broker_client.py raw SCENARIO PORT  crafted bytes over a socket; prints the server's
                                    reaction as one line (see SCENARIOS)
"""
import json
import socket
import struct
import sys
import time


def pika_scenario(port):
    import pika

    params = pika.ConnectionParameters('127.0.0.1', port, credentials=pika.PlainCredentials('guest', 'guest'))
    out = {}
    conn = pika.BlockingConnection(params)
    ch = conn.channel()
    out['declare'] = ch.queue_declare('it-q', auto_delete=False).method.queue
    ch.exchange_declare('it-x', 'fanout')
    ch.queue_bind('it-q', 'it-x')
    ch.confirm_delivery()
    for i in range(3):
        ch.basic_publish('it-x', '', b'm%d' % i, pika.BasicProperties(delivery_mode=2))
    try:
        ch.basic_publish('', 'no-such-queue', b'x', mandatory=True)
        out['returned'] = False
    except pika.exceptions.UnroutableError:
        out['returned'] = True
    method, _, body = ch.basic_get('it-q')
    out['get'] = [body.decode(), method.message_count]
    ch.basic_nack(method.delivery_tag, requeue=True)
    # The three messages (m0 requeued): stop once they are in, and wait generously for them
    # (a 1 s stall on a loaded machine is not an empty queue).
    got = []
    for method, props, body in ch.consume('it-q', inactivity_timeout=10):
        if method is None:
            break
        got.append([body.decode(), 'redelivered' if method.redelivered else 'first'])
        ch.basic_ack(method.delivery_tag)
        if len(got) == 3:
            break
    ch.cancel()
    out['consumed'] = got
    tx = conn.channel()
    tx.tx_select()
    tx.basic_publish('', 'it-q', b'in-tx')
    out['before_commit'] = tx.queue_declare('it-q', passive=True).method.message_count
    tx.tx_commit()
    out['after_commit'] = tx.queue_declare('it-q', passive=True).method.message_count
    try:
        tx.basic_ack(42)
        tx.queue_declare('it-q', passive=True)
    except pika.exceptions.ChannelClosedByBroker as e:
        out['bad_ack'] = [e.reply_code, e.reply_text]
    ch.queue_delete('it-q')
    ch.exchange_delete('it-x')
    conn.close()
    print(json.dumps(out))


# ---- crafted bytes ---------------------------------------------------------------------

def frame(t, ch, payload):
    return struct.pack('>BHI', t, ch, len(payload)) + payload + b'\xce'


def shortstr(s):
    s = s.encode() if isinstance(s, str) else s
    return bytes([len(s)]) + s


def longstr(s):
    s = s.encode() if isinstance(s, str) else s
    return struct.pack('>I', len(s)) + s


def method(ch, cls, mid, args=b''):
    return frame(1, ch, struct.pack('>HH', cls, mid) + args)


class Conn:
    def __init__(self, port):
        self.sock = socket.create_connection(('127.0.0.1', port))
        self.sock.settimeout(5)
        self.buf = b''

    def send(self, b):
        self.sock.sendall(b)

    def frame(self):
        while True:
            if len(self.buf) >= 7:
                t, ch, size = struct.unpack('>BHI', self.buf[:7])
                if len(self.buf) >= 8 + size:
                    p = self.buf[7:7 + size]
                    self.buf = self.buf[8 + size:]
                    return (t, ch, p)
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                return ('timeout',)
            except ConnectionResetError:
                return ('closed',)
            if not d:
                return ('closed',)
            self.buf += d

    def handshake(self):
        self.send(b'AMQP\x00\x00\x09\x01')
        self.frame()
        caps = shortstr('capabilities') + b'F' + struct.pack('>I', 31) + shortstr('authentication_failure_close') + b't\x01'
        self.send(method(0, 10, 11, struct.pack('>I', len(caps)) + caps + shortstr('PLAIN') + longstr(b'\0guest\0guest') + shortstr('en_US')))
        self.frame()
        self.send(method(0, 10, 31, struct.pack('>HIH', 2047, 131072, 0)))
        self.send(method(0, 10, 40, shortstr('/') + shortstr('') + b'\x00'))
        return self.frame()


def describe(f):
    if f[0] != 1:
        return f[0]
    cls, mid = struct.unpack('>HH', f[2][:4])
    a = f[2][4:]
    if (cls, mid) in ((10, 50), (20, 40)):
        code = struct.unpack('>H', a[:2])[0]
        n = a[2]
        c2, m2 = struct.unpack('>HH', a[3 + n:7 + n])
        return 'ch%d close %d %s %d/%d' % (f[1], code, a[3:3 + n].decode(), c2, m2)
    return 'ch%d method %d.%d' % (f[1], cls, mid)


def after_close(c):
    """The close, then what follows: 'closed' when the server ends the socket."""
    first = describe(c.frame())
    return first + ' | ' + describe(c.frame())


def garbage(c):
    c.send(b'GET / HTTP/1.1\r\n\r\n')
    time.sleep(0.2)
    return c.sock.recv(100).hex()


def bad_frame_end(c):
    c.handshake()
    c.send(frame(1, 0, struct.pack('>HH', 10, 51))[:-1] + b'\x00')
    return after_close(c)


def oversize_frame(c):
    c.handshake()
    c.send(struct.pack('>BHI', 1, 1, 131073) + b'\x00' * 131073 + b'\xce')
    return after_close(c)


def channel0_method(c):
    c.handshake()
    c.send(method(0, 50, 10, struct.pack('>H', 0) + shortstr('q') + b'\x00' + struct.pack('>I', 0)))
    return describe(c.frame())


SCENARIOS = {'garbage': garbage, 'bad-frame-end': bad_frame_end, 'oversize-frame': oversize_frame, 'channel0-method': channel0_method}

if __name__ == '__main__':
    if sys.argv[1] == 'pika':
        pika_scenario(int(sys.argv[2]))
    else:
        print(SCENARIOS[sys.argv[2]](Conn(int(sys.argv[3]))))
