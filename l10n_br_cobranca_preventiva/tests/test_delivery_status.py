"""Delivery status of email reminders, from what Odoo's mail queue and the mail
gateway (a real bounce report) record."""

from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.mail.tests.common import MockEmail

from .common import CobrancaCommon

#: A delivery status notification as Postfix sends it back (RFC 3464: multipart/report
#: with the report and the headers of the message that could not be delivered).
DSN = """Return-Path: <>
Date: Mon, 09 Mar 2026 13:05:00 +0000
From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: {sender}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
    boundary="B0UND4RY.1773061500/mx.example.net"
Message-Id: <20260309130500.1A2B3C4D5E@mx.example.net>

This is a MIME-encapsulated message.

--B0UND4RY.1773061500/mx.example.net
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<{recipient}>: host mx.cliente.example[203.0.113.25] said: 550 5.1.1
    <{recipient}>: Recipient address rejected: User unknown in virtual
    mailbox table (in reply to RCPT TO command)

--B0UND4RY.1773061500/mx.example.net
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
X-Postfix-Queue-ID: 1A2B3C4D5E
Arrival-Date: Mon, 09 Mar 2026 13:04:58 +0000

Final-Recipient: rfc822; {recipient}
Original-Recipient: rfc822;{recipient}
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.cliente.example
Diagnostic-Code: smtp; 550 5.1.1 <{recipient}>: Recipient address rejected:
    User unknown in virtual mailbox table

--B0UND4RY.1773061500/mx.example.net
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: {sender}
To: {recipient}
Subject: {subject}
Message-Id: {message_id}
Date: Mon, 09 Mar 2026 13:04:57 +0000

--B0UND4RY.1773061500/mx.example.net--
"""


@tagged("post_install", "-at_install")
class TestDeliveryStatus(CobrancaCommon, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = cls.env["res.users"].create(
            {
                "name": "Cobradora Lia",
                "login": "lia.cobranca",
                "email": "lia@example.com",
            }
        )
        cls.customer.cobranca_collector_id = cls.collector
        # one email step that falls back to a call
        cls.regua = cls.env["cobranca.regua"].create(
            {
                "name": "E-mail, senão ligação",
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": -5,
                            "channel": "email",
                            "fallback_channel": "activity",
                            "mail_template_id": cls.template_before_due.id,
                            "activity_type_id": cls.env.ref("mail.mail_activity_data_call").id,
                        }
                    )
                ],
            }
        )

    def post(self, **vals):
        with freeze_time(self.sp_time("2026-03-02 09:00")):
            return self.make_invoice("2026-03-16", invoice_date=date(2026, 3, 2), **vals)

    def send_queue(self, reminder):
        # Odoo's mail queue, with its SMTP connection mocked as core's tests do
        with (
            freeze_time(self.sp_time("2026-03-09 10:05")),
            self.mock_mail_gateway(mail_unlink_sent=True),
        ):
            reminder.mail_mail_id.sudo().send()
        reminder.invalidate_recordset()

    def bounce(self, reminder):
        message = reminder.mail_message_id
        raw = DSN.format(
            sender=message.email_from,
            recipient=self.customer.email,
            subject=message.subject,
            message_id=message.message_id,
        )
        with freeze_time(self.sp_time("2026-03-09 10:10")):
            self.env["mail.thread"].sudo().message_process(None, raw)
        reminder.invalidate_recordset()

    def test_email_sent_by_the_mail_queue_is_delivered(self):
        move = self.post(cobranca_regua_id=self.regua.id)
        self.dispatch("2026-03-09 10:00")
        reminder = move.cobranca_reminder_ids
        self.assertEqual(reminder.state, "sent")
        self.send_queue(reminder)
        self.assertEqual(reminder.state, "delivered", reminder.error)

    def test_bounced_email_goes_out_on_the_fallback_in_the_next_run(self):
        move = self.post(cobranca_regua_id=self.regua.id)
        self.dispatch("2026-03-09 10:00")
        reminder = move.cobranca_reminder_ids
        self.send_queue(reminder)
        self.bounce(reminder)
        self.assertEqual((reminder.state, reminder.skip_reason), ("bounced", "bounced"))
        self.assertIn("User unknown", reminder.error)
        self.assertIn(reminder, self.bounced_filter())
        # the next run calls the customer instead; no second email
        self.dispatch("2026-03-09 10:15")
        self.assertEqual(
            (reminder.state, reminder.channel, reminder.fallback_reason),
            ("sent", "activity", "bounced"),
        )
        self.assertEqual(reminder.activity_id.user_id, self.collector)
        self.assertFalse(self.mails_of(move))  # the sent one was deleted, none queued
        self.assertEqual(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", "account.move"),
                    ("res_id", "=", move.id),
                    ("message_type", "=", "comment"),
                ]
            ),
            1,
        )
        self.assertIn(reminder, self.bounced_filter())

    def test_bounced_email_without_fallback_stays_bounced(self):
        move = self.post()  # the standard ladder: its D-5 has no fallback
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.send_queue(d5)
        self.bounce(d5)
        self.dispatch("2026-03-09 10:15")
        self.assertEqual(d5.state, "bounced")

    def bounced_filter(self):
        """The reminders the list's "Bounced" filter shows."""
        arch = self.env["cobranca.reminder"].get_view(view_type="search")["arch"]
        node = etree.fromstring(arch).xpath("//filter[@name='bounced']")[0]
        return self.env["cobranca.reminder"].search(safe_eval(node.get("domain")))
