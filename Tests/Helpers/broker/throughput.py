#!/usr/bin/env python3
"""Rough end-to-end rate: one pika publisher process and one pika consumer (auto-ack) on a
fresh queue, N 16-byte transient messages. Usage: throughput.py PORT [N]. pika itself is the
bottleneck well before a broker is; compare brokers with the same client, not absolutes."""
import multiprocessing
import sys
import time

import pika


def params(port):
    return pika.ConnectionParameters('127.0.0.1', port, credentials=pika.PlainCredentials('guest', 'guest'))


def consume(port, n, ready, done):
    conn = pika.BlockingConnection(params(port))
    ch = conn.channel()
    ch.queue_declare('bench-q')
    count = 0
    ready.set()
    for method, _, _ in ch.consume('bench-q', auto_ack=True):
        count += 1
        if count == n:
            break
    done.value = time.time()
    conn.close()


def main():
    port = int(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
    conn = pika.BlockingConnection(params(port))
    ch = conn.channel()
    ch.queue_delete('bench-q')
    ch.queue_declare('bench-q')
    ready = multiprocessing.Event()
    done = multiprocessing.Value('d', 0.0)
    consumer = multiprocessing.Process(target=consume, args=(port, n, ready, done))
    consumer.start()
    ready.wait()
    body = b'x' * 16
    start = time.time()
    for _ in range(n):
        ch.basic_publish('', 'bench-q', body)
    published = time.time()
    consumer.join()
    conn.close()
    print('%d msgs: publish %.0f msg/s, end-to-end %.0f msg/s' % (n, n / (published - start), n / (done.value - start)))


if __name__ == '__main__':
    main()
