"""A local SMTP server (aiosmtpd) the tests and the benchmark control: count, refuse, slow down."""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import threading
import time
from collections import Counter

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SinkHandler:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages: list[bytes] = []
        # The envelope recipients (RCPT TO) of each message, in the order of ``messages``.
        self.envelopes: list[tuple[str, ...]] = []
        self.arrivals: list[float] = []  # time.perf_counter() of each message
        self.sessions: set[int] = set()
        self.refusing = False
        self.refused = 0
        self.delay = 0.0
        # Address (lower case) -> the answer given at RCPT TO or after DATA, e.g.
        # "550 5.1.1 No such mailbox" (permanent) or "451 4.2.1 Mailbox busy" (temporary).
        self.refuse_rcpt: dict[str, str] = {}
        self.refuse_data: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.refuse_rcpt.get(address.lower())
        if answer:
            with self.lock:
                self.refused += 1
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.sessions.add(id(session))
            if self.refusing:
                self.refused += 1
                return "451 4.3.0 Try again later"
            answer = next(
                (self.refuse_data[a.lower()] for a in envelope.rcpt_tos if a.lower() in self.refuse_data), ""
            )
            if answer:
                self.refused += 1
                return answer
            self.messages.append(envelope.original_content or envelope.content)
            self.envelopes.append(tuple(envelope.rcpt_tos))
            self.arrivals.append(time.perf_counter())
        return "250 OK"


class SmtpSink:
    """Start with ``with SmtpSink() as sink:``; ``sink.url`` is an EMAIL_URL for the app."""

    def __init__(self):
        self.handler = SinkHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self):
        # aiosmtpd logs every SMTP command at INFO: at thousands of messages that logging,
        # not the server, would be what the tests and the benchmark measure.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def count(self) -> int:
        with self.handler.lock:
            return len(self.handler.messages)

    @property
    def connections(self) -> int:
        with self.handler.lock:
            return len(self.handler.sessions)

    def received(self) -> list[tuple[tuple[str, ...], bytes]]:
        """(envelope recipients, content) of each message accepted so far."""
        with self.handler.lock:
            return list(zip(self.handler.envelopes, self.handler.messages, strict=True))

    def delivery_ids(self) -> Counter:
        """How many times each delivery row's message arrived."""
        with self.handler.lock:
            raw = list(self.handler.messages)
        ids = Counter()
        for content in raw:
            match = re.search(rb"^X-Cop-Delivery: (\d+)", content, re.M)
            if match:
                ids[int(match.group(1))] += 1
        return ids
