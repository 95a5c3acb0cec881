"""scripts/mail_sink.py, the demo's local mail server: what Python's smtplib (and so
Odoo) sends is kept as it was sent, and nothing is accepted without a recipient."""

import asyncio
import contextlib
import email
import email.policy
import importlib.util
import smtplib
import socket
import threading
from email.message import EmailMessage
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("mail_sink", ROOT / "scripts" / "mail_sink.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def sink(tmp_path):
    """A running sink on a free local port: (port, folder)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    loop, started = asyncio.new_event_loop(), threading.Event()
    task = loop.create_task(_script().serve("127.0.0.1", port, tmp_path, True, started))

    def run():
        with contextlib.suppress(asyncio.CancelledError):
            loop.run_until_complete(task)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(5)
    yield port, tmp_path
    loop.call_soon_threadsafe(task.cancel)
    thread.join(5)
    loop.close()


def test_a_message_is_kept_as_sent(sink):
    port, folder = sink
    message = EmailMessage()
    message["From"] = "cobranca@empresa.example.com.br"
    message["To"] = "Maria <maria@example.com.br>"
    message["Subject"] = "Lembrete: sua fatura vence em 5 dias — R$ 1.234,56"
    body = "Olá, Maria.\n.linha que começa com ponto\n..\nAté logo.\n"
    message.set_content(body)
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
        refused = smtp.send_message(message, to_addrs=["maria@example.com.br", "b@example.com"])
    assert refused == {}
    (kept,) = folder.glob("*.eml")
    received = email.message_from_bytes(kept.read_bytes(), policy=email.policy.default)
    assert received["Subject"] == message["Subject"]
    assert received["To"] == "Maria <maria@example.com.br>"
    assert received.get_content().replace("\r\n", "\n") == body  # SMTP's line ends


def test_two_messages_in_one_session_are_two_files(sink):
    port, folder = sink
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
        smtp.sendmail("a@example.com", ["b@example.com"], b"Subject: one\r\n\r\nfirst\r\n")
        smtp.sendmail("a@example.com", ["c@example.com"], b"Subject: two\r\n\r\nsecond\r\n")
    subjects = sorted(
        email.message_from_bytes(path.read_bytes())["Subject"] for path in folder.glob("*.eml")
    )
    assert subjects == ["one", "two"]


def test_data_without_a_recipient_is_refused_and_nothing_is_kept(sink):
    port, folder = sink
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
        smtp.ehlo()
        assert smtp.mail("a@example.com")[0] == 250
        assert smtp.docmd("DATA")[0] == 503
    assert not list(folder.glob("*.eml"))
