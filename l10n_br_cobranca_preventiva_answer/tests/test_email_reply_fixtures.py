"""The customer's words of real mail clients' replies, measured through Odoo's own
path: each reply vendored under the repository's ``tests/data/email_replies`` (the
test fixtures of crisp-oss/email-reply-parser, github/email_reply_parser and
mailgun/talon, see its README) is parsed by the mail gateway (``message_parse``: the
HTML part when there is one, core's quote marks) and read by
``cobranca.email.inbound._customer_words``. A reply passes when every line of the
customer's words is kept and no quoted line is (``expected.json``)."""

import json
import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools import html2plaintext

from odoo.addons.l10n_br_cobranca_preventiva.tools import email_quotes

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "email_replies"
# The goal is 95 %; every fixture passes today (docs/answers.md): the measured figure
# is kept as the floor so that no change makes it worse.
GOAL = 100.0


def _lines(text):
    return [email_quotes._norm(line) for line in str(text or "").split("\n")]


def _message(path):
    raw = path.read_bytes()
    if path.suffix == ".eml":
        return message_from_bytes(raw, policy=policy.SMTP), None
    message = EmailMessage()
    message["From"] = "Maria <maria@example.com>"
    message["To"] = "catchall@empresa.example.com"
    message["Subject"] = "Re: Sua fatura"
    message["Message-Id"] = f"<{path.stem}@example.com>"
    text = raw.decode("utf-8", "replace")
    message.set_content(text, subtype="html" if path.suffix == ".html" else "plain")
    return message, text


@tagged("post_install", "-at_install")
class TestEmailReplyFixtures(TransactionCase):
    def expected(self, entry, source, body):
        own, quoted = [], []
        for first, last in entry.get("own", []):
            own += _lines("\n".join(source[first - 1 : last]))
        for first, last in entry.get("quoted", []):
            quoted += _lines("\n".join(source[first - 1 : last]))
        own += _lines("\n".join(entry.get("own_text", [])))
        if "quoted_after" in entry:
            lines = _lines(html2plaintext(body))
            mark = email_quotes._norm(entry["quoted_after"])
            quoted += lines[min(i for i, line in enumerate(lines) if line.endswith(mark)) + 1 :]
        own = [line for line in own if re.search(r"\w", line)]
        quoted = [line for line in quoted if re.search(r"\w", line) and line not in set(own)]
        return own, quoted

    def test_real_client_replies(self):
        entries = json.loads((DATA / "expected.json").read_text())
        Inbound = self.env["cobranca.email.inbound"]
        passed, failed = 0, []
        for entry in entries:
            message, text = _message(DATA / entry["file"])
            body = self.env["mail.thread"].message_parse(message)["body"]
            if text is None:
                plain = next(
                    (p for p in message.walk() if p.get_content_type() == "text/plain"), None
                )
                text = plain.get_content() if plain else ""
            own, quoted = self.expected(entry, text.split("\n"), body)
            words = _lines(Inbound._customer_words(body))
            flat = " ".join(line for line in words if line)
            missing = [line for line in own if line not in flat]
            leaked = [
                line for line in quoted if line in words or (len(line) >= 12 and line in flat)
            ]
            if missing or leaked:
                failed.append((entry["file"], missing[:1], leaked[:1]))
            else:
                passed += 1
        share = 100.0 * passed / len(entries)
        # the figure the issue asks to see printed with the test results
        print(f"email replies: {share:.1f} % of {len(entries)} real-client fixtures")  # noqa: T201  # pylint: disable=print-used
        self.assertGreaterEqual(len(entries), 120)
        self.assertGreaterEqual(share, GOAL, failed)
