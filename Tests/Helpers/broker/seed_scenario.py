#!/usr/bin/env python3
"""The seed's broker scenario, run with pika against any broker.

    seed_scenario.py --host H --port P [--messages N]

The administrator owns the topology, loaded from Fixtures/broker/seed/definitions.json:
a fanout exchange `data.events` and one queue per consuming system (`system-a`,
`system-b`), both bound. `publisher` may only publish to `data.events`; `consumer-a` and
`consumer-b` may only read their own queue; `bystander` may enter the vhost and do nothing.
Passwords are "<user>-secret".

Messages must flow end to end (confirmed, persistent, every one reaching both queues) and
every other action must be refused. One JSON line per case, as permission_matrix.py prints;
cases named "allowed: ..." must succeed and "refused: ..." must be refused.
"""
import argparse

from amqp_outcome import close_quietly, connect, emit, run

import pika

EXCHANGE = "data.events"


def password(user):
    return user + "-secret"


class Scenario:
    def __init__(self, host, port):
        self.host = host
        self.port = port

    def as_user(self, user, name, op, action):
        """Runs `action(channel)` as `user` on a fresh connection and channel."""
        connection = None

        def operation():
            nonlocal connection
            connection = connect(self.host, self.port, user, password(user))
            return action(connection.channel())

        emit(name, user, op, run(operation))
        if connection is not None:
            close_quietly(connection)

    # The flow: publisher -> data.events -> system-a (consumed) and system-b (fetched).

    def publish(self, count):
        def action(channel):
            channel.confirm_delivery()
            for number in range(count):
                # With confirms on, pika raises unless the broker acknowledged the message.
                channel.basic_publish(EXCHANGE, "", f"event-{number}".encode(),
                                      pika.BasicProperties(delivery_mode=2), mandatory=True)
            return f"{count} confirmed"

        self.as_user("publisher", "allowed: publisher publishes to its exchange", "basic.publish", action)

    def consume(self, count):
        def action(channel):
            channel.basic_qos(prefetch_count=10)
            bodies = []
            for method, _, body in channel.consume("system-a", inactivity_timeout=5):
                if method is None:
                    break
                bodies.append(body.decode())
                channel.basic_ack(method.delivery_tag)
                if len(bodies) == count:
                    break
            channel.cancel()
            return received(bodies, count)

        self.as_user("consumer-a", "allowed: consumer-a consumes its queue", "basic.consume", action)

    def fetch(self, count):
        def action(channel):
            bodies = []
            while True:
                method, _, body = channel.basic_get("system-b", auto_ack=True)
                if method is None:
                    break
                bodies.append(body.decode())
            return received(bodies, count)

        self.as_user("consumer-b", "allowed: consumer-b fetches from its queue", "basic.get", action)

    def refusals(self):
        """Everything outside each party's grant, with what RabbitMQ says about it."""
        def publish(exchange, key):
            def action(channel):
                channel.basic_publish(exchange, key, b"not allowed")
                channel.basic_qos(prefetch_count=0)  # the refusal arrives before qos-ok
                return "published"
            return action

        cases = [
            ("publisher", "declares its exchange", "exchange.declare",
             lambda ch: ch.exchange_declare(EXCHANGE, "fanout", durable=True) and "declare-ok"),
            ("publisher", "declares another exchange", "exchange.declare",
             lambda ch: ch.exchange_declare("rogue", "fanout") and "declare-ok"),
            ("publisher", "deletes its exchange", "exchange.delete",
             lambda ch: ch.exchange_delete(EXCHANGE) and "delete-ok"),
            ("publisher", "declares a queue", "queue.declare",
             lambda ch: ch.queue_declare("rogue-queue") and "declare-ok"),
            ("publisher", "declares a server-named queue", "queue.declare",
             lambda ch: ch.queue_declare("", exclusive=True) and "declare-ok"),
            ("publisher", "publishes to the default exchange", "basic.publish", publish("", "system-a")),
            ("publisher", "publishes to amq.fanout", "basic.publish", publish("amq.fanout", "")),
            ("publisher", "consumes a system's queue", "basic.consume",
             lambda ch: ch.basic_consume("system-a", lambda *_: None) and "consume-ok"),
            ("publisher", "binds a queue to its exchange", "queue.bind",
             lambda ch: ch.queue_bind("system-a", EXCHANGE, routing_key="again") and "bind-ok"),
            ("consumer-a", "consumes the other system's queue", "basic.consume",
             lambda ch: ch.basic_consume("system-b", lambda *_: None) and "consume-ok"),
            ("consumer-a", "fetches from the other system's queue", "basic.get",
             lambda ch: ch.basic_get("system-b") and "get"),
            ("consumer-a", "purges the other system's queue", "queue.purge",
             lambda ch: ch.queue_purge("system-b") and "purge-ok"),
            ("consumer-a", "publishes to the exchange", "basic.publish", publish(EXCHANGE, "")),
            ("consumer-a", "redeclares its queue", "queue.declare",
             lambda ch: ch.queue_declare("system-a", durable=True) and "declare-ok"),
            ("consumer-a", "deletes its queue", "queue.delete",
             lambda ch: ch.queue_delete("system-a") and "delete-ok"),
            ("consumer-a", "binds its queue to amq.fanout", "queue.bind",
             lambda ch: ch.queue_bind("system-a", "amq.fanout") and "bind-ok"),
            ("consumer-b", "consumes the other system's queue", "basic.consume",
             lambda ch: ch.basic_consume("system-a", lambda *_: None) and "consume-ok"),
            ("bystander", "declares an exchange", "exchange.declare",
             lambda ch: ch.exchange_declare("rogue", "fanout") and "declare-ok"),
            ("bystander", "declares a server-named queue", "queue.declare",
             lambda ch: ch.queue_declare("", exclusive=True) and "declare-ok"),
            ("bystander", "publishes to the exchange", "basic.publish", publish(EXCHANGE, "")),
            ("bystander", "fetches from a system's queue", "basic.get",
             lambda ch: ch.basic_get("system-a") and "get"),
        ]
        for user, what, op, action in cases:
            self.as_user(user, f"refused: {user} {what}", op, action)

    def read_only_extras(self):
        """What a read grant also allows in RabbitMQ 3.10: a passive declare (no check at
        all) and purging one's own queue (purge needs read only)."""
        self.as_user("consumer-a", "allowed: consumer-a declares its queue passively", "queue.declare",
                     lambda ch: f"declare-ok messages={ch.queue_declare('system-a', passive=True).method.message_count}")
        self.as_user("consumer-a", "allowed: consumer-a purges its own queue", "queue.purge",
                     lambda ch: f"purge-ok messages={ch.queue_purge('system-a').method.message_count}")


def received(bodies, count):
    expected = [f"event-{number}" for number in range(count)]
    if bodies == expected:
        return f"{count} of {count} in order"
    return f"{len(bodies)} of {count}: {bodies[:5]}..."


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--messages", type=int, default=20)
    arguments = parser.parse_args()

    scenario = Scenario(arguments.host, arguments.port)
    scenario.publish(arguments.messages)
    scenario.consume(arguments.messages)
    scenario.fetch(arguments.messages)
    scenario.refusals()
    scenario.read_only_extras()


if __name__ == "__main__":
    main()
