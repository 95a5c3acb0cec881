"""WhatsApp messages of a dispatch batch cost a few statements per chunk of requests,
whatever the number of reminders: the parameters' invoice fields are computed for the
chunk at once, the notes and states are written once per chunk."""

import itertools
import json

from freezegun import freeze_time
from werkzeug import Response

from odoo.tests import tagged

from .common_whatsapp import CONSENTED, WhatsappCommon


@tagged("post_install", "-at_install")
class TestWhatsappBatch(WhatsappCommon):
    def customers(self, n, tag):
        customers = self.env["res.partner"].create(
            [
                {"name": f"Cliente WA {tag} {i}", "mobile": f"(11) 9{7000 + i:04d}-{2000 + i}"}
                for i in range(n)
            ]
        )
        with freeze_time(CONSENTED):
            for customer in customers:
                self.grant("whatsapp", customer.mobile, partner=customer)
        return customers

    def answer_each(self):
        numbers = itertools.count(1)

        def handler(request):
            body = json.loads(request.get_data())
            return Response(
                json.dumps(
                    {
                        "messaging_product": "whatsapp",
                        "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                        "messages": [{"id": f"wamid.batch{next(numbers)}"}],
                    }
                ),
                content_type="application/json",
            )

        self.server.expect_request("/v21.0/123/messages", method="POST").respond_with_handler(
            handler
        )

    def test_queries_grow_with_chunks_not_reminders(self):
        self.answer_each()

        def count_queries(n, posted, tag):
            moves = self.env["account.move"]
            for customer in self.customers(n, tag):
                moves |= self.post_at(posted=posted, partner=customer)
            self.env.invalidate_all()
            with freeze_time(self.sp_time("2026-03-13 10:00")):
                before = self.env.cr.sql_log_count
                self.env["cobranca.dispatcher"]._dispatch()
                count = self.env.cr.sql_log_count - before
            sent = moves.cobranca_reminder_ids.filtered(lambda r: r.channel == "whatsapp")
            self.assertEqual(sent.mapped("state"), ["sent"] * n)
            self.assertEqual(len(set(sent.mapped("provider_message_id"))), n)
            for reminder in sent:
                # each invoice's note holds its own number and text
                self.assertIn(reminder.move_id.name, reminder.mail_message_id.body)
                self.assertEqual(reminder.mail_message_id.res_id, reminder.move_id.id)
            return count

        count_queries(2, "2026-03-02", "w")  # warm the caches
        small = count_queries(3, "2026-03-03", "s")
        large = count_queries(12, "2026-03-04", "l")  # one chunk of requests, like 3
        self.assertEqual(len(self.server.log), 17)
        self.assertLessEqual(large, small + 3)
