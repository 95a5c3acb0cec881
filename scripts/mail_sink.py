#!/usr/bin/env python3
"""A local SMTP server that keeps every message it receives as a file and sends nothing
on: the demo's outgoing mail (scripts/run.sh), so that a reminder sent on a machine with
no mail server is delivered (to this folder) instead of failing.

    python3 scripts/mail_sink.py [--host 127.0.0.1] [--port 2525] [--folder var/mail]

Each message is written as ``<folder>/<date>-<time>-<n>.eml`` (any mail client opens
it) and one line is printed with its recipients and subject. Plain Python, no
dependency; it speaks the part of SMTP (RFC 5321) that Python's ``smtplib`` and so
Odoo use: no TLS, no authentication, local connections only.
"""

# A command-line tool: it says what it received.
# pylint: disable=print-used

import argparse
import asyncio
import contextlib
import email
import email.policy
import itertools
from datetime import datetime
from pathlib import Path

#: The largest message accepted (the size advertised in EHLO), in bytes.
MAX_SIZE = 50 * 1024 * 1024


class Sink:
    """Receives messages over SMTP and writes each one to ``folder``."""

    def __init__(self, folder, quiet=False):
        self.folder = Path(folder)
        self.quiet = quiet
        self.counter = itertools.count(1)

    def keep(self, recipients, data):
        """Writes one message (its bytes as received) and returns its path."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.folder / f"{stamp}-{next(self.counter):05d}.eml"
        path.write_bytes(data)
        if not self.quiet:
            subject = email.message_from_bytes(data, policy=email.policy.default)["Subject"]
            print(f"mail to {', '.join(recipients)}: {subject} -> {path}", flush=True)
        return path

    async def handle(self, reader, writer):
        """One SMTP session."""

        async def reply(*lines):
            for line in lines[:-1]:
                writer.write(f"{line[:3]}-{line[4:]}\r\n".encode())
            writer.write(f"{lines[-1]}\r\n".encode())
            await writer.drain()

        await reply("220 cobranca-mail-sink ESMTP (nothing leaves this machine)")
        recipients = []
        try:
            while line := await reader.readline():
                verb = line[:4].decode("ascii", "replace").upper()
                if verb == "EHLO":
                    await reply("250 hello", "250 8BITMIME", "250 SMTPUTF8", f"250 SIZE {MAX_SIZE}")
                elif verb in ("HELO", "NOOP"):
                    await reply("250 OK")
                elif verb in ("MAIL", "RSET"):
                    recipients = []
                    await reply("250 OK")
                elif verb == "RCPT":
                    address = line.decode("utf-8", "replace").partition(":")[2]
                    recipients.append(address.strip().split(" ")[0].strip("<>"))
                    await reply("250 OK")
                elif verb == "DATA":
                    if not recipients:
                        await reply("503 RCPT first")
                        continue
                    await reply("354 end with <CRLF>.<CRLF>")
                    self.keep(recipients, await self._data(reader))
                    recipients = []
                    await reply("250 OK: kept")
                elif verb == "QUIT":
                    await reply("221 bye")
                    break
                else:
                    await reply("502 not implemented")
        finally:
            writer.close()

    @staticmethod
    async def _data(reader):
        """The message up to the lone ``.`` line, its dot-stuffing undone."""
        lines = []
        while (line := await reader.readline()) and line.rstrip(b"\r\n") != b".":
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


async def serve(host, port, folder, quiet=False, started=None):
    """Serves until cancelled; ``started`` (an ``asyncio.Event``-like object with
    ``set``) is set once it listens."""
    server = await asyncio.start_server(Sink(folder, quiet).handle, host, port)
    if started is not None:
        started.set()
    async with server:
        await server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--folder", default="var/mail")
    parser.add_argument("--quiet", action="store_true", help="print nothing per message")
    args = parser.parse_args()
    print(f"mail sink on {args.host}:{args.port}, messages kept in {args.folder}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C stops it
        asyncio.run(serve(args.host, args.port, args.folder, args.quiet))


if __name__ == "__main__":
    main()
