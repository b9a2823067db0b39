#!/usr/bin/env python3
"""RabbitMQ 3.10's permission matrix, run with pika against any broker.

    permission_matrix.py --host H --port P [--management-port M] [--non-loopback-host A]

The broker must have loaded Fixtures/broker/permissions/definitions.json (users, vhosts,
permissions, topic permissions and the shared topology). Every user's password is
"<user>-secret" (guest's is "guest"); Tests/Helpers/broker/rabbit_password_hash.py makes
the hashes.

Each case runs one operation as one user on a fresh connection and channel, after the
administrator has created what it needs, and is cleaned up after, so cases do not depend
on each other. One JSON line per case on stdout:
    {"case": ..., "user": ..., "op": ..., "outcome": "ok"|"channel-closed"|"connection-closed",
     "code": N, "text": "..."}
"""
import argparse
import base64
import json
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Tuple

from pika.exceptions import ChannelClosedByBroker

from amqp_outcome import close_quietly, connect, emit, fail, run

ADMIN = "matrix-admin"
# One per kind of grant: everything, only configure / write / read, configure and read
# (which tells the order of the extra checks of alternate and dead-letter exchanges), vhost
# access without any resource (''  ''  ''), and unanchored patterns ('foo' must match
# 'my-foo-bar').
USERS = [ADMIN, "configurer", "writer", "reader", "config-reader", "nobody", "unanchored"]
TOPIC_USERS = ["topic-user", ADMIN]  # topic-user: write '^{username}\.', read '^public\.'

# Loaded with the definitions; every name holds "foo" so that the unanchored user's
# pattern matches it.
EXCHANGE = "x.existing-foo"  # direct, durable; bound to QUEUE with key "existing"
INTERNAL = "x.internal-foo"  # fanout, internal
QUEUE = "q.existing-foo"


def password(user):
    return "guest" if user == "guest" else user + "-secret"


def publish_and_sync(channel, exchange, routing_key):
    """basic.publish has no reply: a refusal arrives later as channel.close. A following
    synchronous method that needs no permission (basic.qos) is answered only after the
    publish was handled, so the refusal, if any, surfaces here."""
    channel.basic_publish(exchange, routing_key, b"matrix")
    channel.basic_qos(prefetch_count=0)
    return "published"


def declare_ok(frame):
    return f"declare-ok {frame.method.queue} messages={frame.method.message_count} consumers={frame.method.consumer_count}"


@dataclass
class Case:
    name: str
    op: str
    run: Callable  # (channel) -> success text; runs as the user
    setup: Callable = lambda admin: None  # (admin channel) -> None
    # What the case may leave behind, removed by the administrator afterwards.
    exchanges: List[str] = field(default_factory=list)
    queues: List[str] = field(default_factory=list)
    unbind: List[Tuple[str, str, str]] = field(default_factory=list)  # (queue, exchange, key)
    users: List[str] = field(default_factory=lambda: USERS)


def get_one(channel):
    method, _, body = channel.basic_get(QUEUE, auto_ack=True)
    return "get-empty" if method is None else f"get-ok {body.decode()}"


def consume(channel):
    tag = channel.basic_consume(QUEUE, lambda *_: None, auto_ack=True)
    return "consume-ok" if tag else ""


def resource_cases():
    def declare_dest(admin):
        admin.exchange_declare("x.dest-foo", "fanout")

    def declare_and_bind_dest(admin):
        admin.exchange_declare("x.dest-foo", "fanout")
        admin.exchange_bind("x.dest-foo", EXCHANGE, routing_key="to-unbind")

    return [
        # exchange.declare
        Case("exchange.declare new", "exchange.declare",
             lambda ch: ch.exchange_declare("x.new-foo", "direct") and "declare-ok", exchanges=["x.new-foo"]),
        Case("exchange.declare existing", "exchange.declare",
             lambda ch: ch.exchange_declare(EXCHANGE, "direct", durable=True) and "declare-ok"),
        Case("exchange.declare existing with another type", "exchange.declare",
             lambda ch: ch.exchange_declare(EXCHANGE, "fanout", durable=True) and "declare-ok"),
        Case("exchange.declare passive existing", "exchange.declare",
             lambda ch: ch.exchange_declare(EXCHANGE, passive=True) and "declare-ok"),
        Case("exchange.declare passive missing", "exchange.declare",
             lambda ch: ch.exchange_declare("x.missing-foo", passive=True) and "declare-ok"),
        Case("exchange.declare reserved amq. name", "exchange.declare",
             lambda ch: ch.exchange_declare("amq.foo-x", "direct") and "declare-ok", exchanges=["amq.foo-x"]),
        Case("exchange.declare default exchange", "exchange.declare",
             lambda ch: ch.exchange_declare("", "direct") and "declare-ok"),
        Case("exchange.declare with alternate-exchange", "exchange.declare",
             lambda ch: ch.exchange_declare("x.ae-foo", "fanout", arguments={"alternate-exchange": EXCHANGE})
             and "declare-ok", exchanges=["x.ae-foo"]),
        # exchange.delete
        Case("exchange.delete own", "exchange.delete",
             lambda ch: ch.exchange_delete("x.delete-foo") and "delete-ok",
             setup=lambda admin: admin.exchange_declare("x.delete-foo", "direct"), exchanges=["x.delete-foo"]),
        Case("exchange.delete amq.direct", "exchange.delete",
             lambda ch: ch.exchange_delete("amq.direct") and "delete-ok"),
        Case("exchange.delete default exchange", "exchange.delete",
             lambda ch: ch.exchange_delete("") and "delete-ok"),
        # queue.declare
        Case("queue.declare named", "queue.declare",
             lambda ch: declare_ok(ch.queue_declare("q.new-foo")), queues=["q.new-foo"]),
        Case("queue.declare server-named", "queue.declare",
             lambda ch: declare_ok(ch.queue_declare("", exclusive=True))),
        Case("queue.declare reserved amq. name", "queue.declare",
             lambda ch: declare_ok(ch.queue_declare("amq.q-foo")), queues=["amq.q-foo"]),
        Case("queue.declare passive existing", "queue.declare",
             lambda ch: declare_ok(ch.queue_declare(QUEUE, passive=True))),
        Case("queue.declare passive missing", "queue.declare",
             lambda ch: declare_ok(ch.queue_declare("q.missing-foo", passive=True))),
        Case("queue.declare with x-dead-letter-exchange", "queue.declare",
             lambda ch: declare_ok(ch.queue_declare("q.dlx-foo", arguments={"x-dead-letter-exchange": EXCHANGE})),
             queues=["q.dlx-foo"]),
        # queue.delete, queue.purge
        Case("queue.delete", "queue.delete",
             lambda ch: f"delete-ok messages={ch.queue_delete('q.delete-foo').method.message_count}",
             setup=lambda admin: admin.queue_declare("q.delete-foo"), queues=["q.delete-foo"]),
        Case("queue.purge", "queue.purge",
             lambda ch: f"purge-ok messages={ch.queue_purge(QUEUE).method.message_count}",
             setup=lambda admin: admin.basic_publish("", QUEUE, b"to purge")),
        # bindings
        Case("queue.bind", "queue.bind",
             lambda ch: ch.queue_bind(QUEUE, EXCHANGE, routing_key="bound") and "bind-ok",
             unbind=[(QUEUE, EXCHANGE, "bound")]),
        Case("queue.bind to the default exchange", "queue.bind",
             lambda ch: ch.queue_bind(QUEUE, "", routing_key=QUEUE) and "bind-ok"),
        Case("queue.unbind", "queue.unbind",
             lambda ch: ch.queue_unbind(QUEUE, EXCHANGE, routing_key="to-unbind") and "unbind-ok",
             setup=lambda admin: admin.queue_bind(QUEUE, EXCHANGE, routing_key="to-unbind"),
             unbind=[(QUEUE, EXCHANGE, "to-unbind")]),
        Case("exchange.bind", "exchange.bind",
             lambda ch: ch.exchange_bind("x.dest-foo", EXCHANGE, routing_key="bound") and "bind-ok",
             setup=declare_dest, exchanges=["x.dest-foo"]),
        Case("exchange.unbind", "exchange.unbind",
             lambda ch: ch.exchange_unbind("x.dest-foo", EXCHANGE, routing_key="to-unbind") and "unbind-ok",
             setup=declare_and_bind_dest, exchanges=["x.dest-foo"]),
        # basic.publish / get / consume
        Case("basic.publish to the default exchange", "basic.publish",
             lambda ch: publish_and_sync(ch, "", QUEUE)),
        Case("basic.publish to a named exchange", "basic.publish",
             lambda ch: publish_and_sync(ch, EXCHANGE, "existing")),
        Case("basic.publish to an internal exchange", "basic.publish",
             lambda ch: publish_and_sync(ch, INTERNAL, "")),
        Case("basic.publish to a missing exchange", "basic.publish",
             lambda ch: publish_and_sync(ch, "x.missing-foo", "")),
        Case("basic.get", "basic.get", get_one, setup=lambda admin: admin.basic_publish("", QUEUE, b"for get")),
        Case("basic.consume", "basic.consume", consume),
    ]


def unanchored_cases():
    """The patterns are searched, not matched whole: 'foo' allows 'my-foo-bar' only."""
    only = ["unanchored"]
    return [
        Case("exchange.declare name containing the pattern", "exchange.declare",
             lambda ch: ch.exchange_declare("my-foo-bar", "fanout") and "declare-ok",
             exchanges=["my-foo-bar"], users=only),
        Case("exchange.declare name without the pattern", "exchange.declare",
             lambda ch: ch.exchange_declare("x.new-bar", "fanout") and "declare-ok",
             exchanges=["x.new-bar"], users=only),
        Case("queue.declare name without the pattern", "queue.declare",
             lambda ch: declare_ok(ch.queue_declare("q.new-bar")), queues=["q.new-bar"], users=only),
    ]


def topic_cases():
    """Topic permissions apply to topic exchanges only; a user without any is unrestricted."""
    def declare_dest(admin):
        admin.exchange_declare("x.dest-foo", "topic")

    return [
        Case("topic publish with a permitted routing key", "basic.publish",
             lambda ch: publish_and_sync(ch, "amq.topic", "topic-user.news"), users=TOPIC_USERS),
        Case("topic publish with a refused routing key", "basic.publish",
             lambda ch: publish_and_sync(ch, "amq.topic", "orders.new"), users=TOPIC_USERS),
        Case("topic queue.bind with a permitted binding key", "queue.bind",
             lambda ch: ch.queue_bind(QUEUE, "amq.topic", routing_key="public.news") and "bind-ok",
             unbind=[(QUEUE, "amq.topic", "public.news")], users=TOPIC_USERS),
        Case("topic queue.bind with a refused binding key", "queue.bind",
             lambda ch: ch.queue_bind(QUEUE, "amq.topic", routing_key="secret.news") and "bind-ok",
             unbind=[(QUEUE, "amq.topic", "secret.news")], users=TOPIC_USERS),
        Case("topic exchange.bind with a refused binding key", "exchange.bind",
             lambda ch: ch.exchange_bind("x.dest-foo", "amq.topic", routing_key="secret.news") and "bind-ok",
             setup=declare_dest, exchanges=["x.dest-foo"], users=TOPIC_USERS),
    ]


@dataclass
class Login:
    name: str
    user: str
    password: str
    vhost: str = "/"
    host: Optional[str] = None  # None: the broker's host


def login_cases(non_loopback_host):
    cases = [
        Login("connection.open to a vhost with permissions", ADMIN, password(ADMIN), "other"),
        Login("connection.open to a vhost without permissions", "outsider", password("outsider"), "other"),
        Login("connection.open to a vhost without permissions", "reader", password("reader"), "other"),
        Login("connection.open to a missing vhost", "outsider", password("outsider"), "nowhere"),
        Login("connection.open with empty permissions", "nobody", password("nobody")),
        Login("connection.open with a bad password", "writer", "not-the-password"),
        Login("connection.open as an unknown user", "ghost", "ghost-secret"),
        Login("connection.open as guest from loopback", "guest", "guest", host="127.0.0.1"),
    ]
    if non_loopback_host:
        cases.append(Login("connection.open as guest from a non-loopback address", "guest", "guest",
                           host=non_loopback_host))
    return cases


class Matrix:
    def __init__(self, host, port):
        self.host = host
        self.port = port
        self.admin_connection = connect(host, port, ADMIN, password(ADMIN))

    def admin(self):
        return self.admin_connection.channel()

    def run_case(self, case, user):
        setup = self.admin()
        case.setup(setup)
        setup.close()
        connection = None

        def operation():
            nonlocal connection
            connection = connect(self.host, self.port, user, password(user))
            return case.run(connection.channel())

        emit(case.name, user, case.op, run(operation))
        if connection is not None:
            close_quietly(connection)
        self.clean_up(case)

    def clean_up(self, case):
        """Removes what the case may have made; each step on its own channel, since the
        step fails (and closes its channel) when there was nothing to remove."""
        steps = [lambda ch, q=q, e=e, k=k: ch.queue_unbind(q, e, routing_key=k) for q, e, k in case.unbind]
        steps += [lambda ch, name=name: ch.exchange_delete(name) for name in case.exchanges]
        steps += [lambda ch, name=name: ch.queue_delete(name) for name in case.queues]
        steps.append(lambda ch: ch.queue_purge(QUEUE))
        for step in steps:
            channel = self.admin()
            try:
                step(channel)
                channel.close()
            except ChannelClosedByBroker:
                pass

    def run_login(self, login):
        def operation():
            connection = connect(login.host or self.host, self.port, login.user, login.password, login.vhost)
            connection.channel()
            close_quietly(connection)
            return "open-ok"

        emit(login.name, login.user, "connection.open", run(operation))


def check_definitions(host, management_port):
    """With a management port, says clearly when the definitions were not loaded."""
    request = urllib.request.Request(f"http://{host}:{management_port}/api/users/unanchored")
    token = base64.b64encode(f"{ADMIN}:{password(ADMIN)}".encode()).decode()
    request.add_header("Authorization", "Basic " + token)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            json.load(response)
    except Exception as error:  # noqa: BLE001 - any failure means the same to the caller
        fail(f"the broker on {host}:{management_port} does not have the matrix's definitions: {error}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--management-port", type=int)
    parser.add_argument("--non-loopback-host", help="an address of this machine that is not loopback, "
                        "to connect as guest from (the guest-loopback rule)")
    arguments = parser.parse_args()
    if arguments.management_port:
        check_definitions(arguments.host, arguments.management_port)

    matrix = Matrix(arguments.host, arguments.port)
    for case in resource_cases() + unanchored_cases() + topic_cases():
        for user in case.users:
            matrix.run_case(case, user)
    for login in login_cases(arguments.non_loopback_host):
        matrix.run_login(login)
    close_quietly(matrix.admin_connection)


if __name__ == "__main__":
    main()
