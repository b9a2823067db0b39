"""What a broker did with one AMQP operation, as the broker tests record it.

An outcome is "ok", "channel-closed" (a soft error: channel.close) or "connection-closed"
(a hard error, or a refusal while opening the connection: connection.close), with the reply
code and text the broker sent. The scripts print one JSON line per case, so the Swift tests
can compare any broker with the recorded oracle.
"""
import ast
import json
import re
import sys

import pika
from pika.exceptions import (
    AMQPConnectionError,
    ChannelClosedByBroker,
    ConnectionClosedByBroker,
)

# Server-named queues (amq.gen-...) are random: replaced so outcomes compare across runs.
_GENERATED = re.compile(r"amq\.gen-[A-Za-z0-9_-]+")
# pika reports a close received during the handshake only as the repr of the original
# ConnectionClosedByBroker, e.g.  ConnectionClosedByBroker: (530) "NOT_ALLOWED - ..."
_HANDSHAKE_CLOSE = re.compile(r"ConnectionClosedByBroker: \((\d+)\) (.*)$", re.S)


def normalise(text):
    return _GENERATED.sub("amq.gen-*", text)


def connect(host, port, user, password, vhost="/"):
    """A blocking connection, one attempt, failing fast rather than retrying."""
    parameters = pika.ConnectionParameters(
        host=host,
        port=port,
        virtual_host=vhost,
        credentials=pika.PlainCredentials(user, password),
        connection_attempts=1,
        socket_timeout=5,
        blocked_connection_timeout=5,
        heartbeat=0,
    )
    return pika.BlockingConnection(parameters)


def ok(text=""):
    return {"outcome": "ok", "code": 0, "text": normalise(text)}


def refusal(error):
    """The outcome an exception from pika stands for; re-raises what is not a broker's close."""
    if isinstance(error, ChannelClosedByBroker):
        return {"outcome": "channel-closed", "code": error.reply_code, "text": normalise(error.reply_text)}
    if isinstance(error, ConnectionClosedByBroker):
        return {"outcome": "connection-closed", "code": error.reply_code, "text": normalise(error.reply_text)}
    if isinstance(error, AMQPConnectionError):
        # ProbableAuthenticationError / ProbableAccessDeniedError carry the close as text.
        for argument in error.args:
            match = _HANDSHAKE_CLOSE.match(str(argument))
            if match:
                return {
                    "outcome": "connection-closed",
                    "code": int(match.group(1)),
                    "text": normalise(ast.literal_eval(match.group(2))),
                }
    raise error


def run(action):
    """Runs `action()` (which returns the success text) and says what the broker did."""
    try:
        return ok(action() or "")
    except (ChannelClosedByBroker, ConnectionClosedByBroker, AMQPConnectionError) as error:
        return refusal(error)


def emit(case, user, op, result):
    line = {"case": case, "user": user, "op": op}
    line.update(result)
    print(json.dumps(line), flush=True)


def close_quietly(connection):
    try:
        if connection.is_open:
            connection.close()
    except Exception:  # noqa: BLE001 - the outcome is already recorded; a dead socket is fine
        pass


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)
