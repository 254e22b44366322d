"""A real SMTP server on 127.0.0.1, in a thread, for the e-mail tests.

It speaks enough SMTP for smtplib and Django's SMTP backend (EHLO/HELO, MAIL, RCPT, DATA,
RSET, NOOP, QUIT) and can be told what to do: be stopped (connections are refused),
answer 451 to some or all recipients (busy, try later), answer 550 to some recipients
(no such user), or accept. `messages` holds what it accepted, so a test counts exactly
what was delivered.
"""

import socket
import socketserver
import threading
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Received:
    mail_from: str
    to: list[str]
    data: bytes


def _address(argument: str) -> str:
    """`TO:<anna@example.com>` -> anna@example.com"""
    start, end = argument.find("<"), argument.find(">")
    return argument[start + 1 : end].lower() if start >= 0 and end > start else argument


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        fake: FakeSMTPServer = self.server.fake  # type: ignore[attr-defined]
        self.reply("220 fake.example ESMTP ready")
        mail_from, recipients = "", []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode(errors="replace").strip()
            verb, _space, argument = command.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self.wfile.write(b"250-fake.example\r\n250 8BITMIME\r\n")
            elif verb in ("HELO", "NOOP"):
                self.reply("250 OK")
            elif verb == "RSET":
                mail_from, recipients = "", []
                self.reply("250 OK")
            elif verb == "MAIL":
                mail_from, recipients = _address(argument), []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = _address(argument)
                if fake.busy is True or address in fake.busy:
                    self.reply("451 4.3.2 Try again later")
                elif address in fake.reject:
                    self.reply("550 5.1.1 No such user")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                if not recipients:
                    self.reply("503 5.5.1 No valid recipients")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                with fake.lock:
                    fake.messages.append(Received(mail_from, recipients, data))
                mail_from, recipients = "", []
                self.reply("250 2.0.0 Queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not recognised")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class FakeSMTPServer:
    """Start it, point Django's SMTP backend at `port`, read `messages`."""

    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.busy: set[str] | bool = set()  # True: every recipient gets 451
        self.reject: set[str] = set()  # these recipients get 550
        self.lock = threading.Lock()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._server: _Server | None = None

    def start(self) -> None:
        """Listen (again) on the same port."""
        if self._server is not None:
            return
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.fake = self  # type: ignore[attr-defined]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Stop listening: connecting is refused, as when the mail server is down."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._server = None

    def received_by(self, address: str) -> int:
        return sum(address in message.to for message in self.messages)


@contextmanager
def fake_smtp(settings):
    """A running FakeSMTPServer with Django's real SMTP backend pointed at it."""
    server = FakeSMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        server.stop()
