"""The WhatsApp ``sending`` mark is committed before the request leaves.

Transaction tests cannot show it: they share one uncommitted transaction. This test
runs outside any test transaction, with real cursors that commit, and the fake Cloud
API looks at the reminder from a connection of its own while it holds the request.
Everything it committed is deleted afterwards.
"""

import json
import threading
from contextlib import closing
from datetime import date, datetime

from freezegun import freeze_time
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

#: Monday 16/03/2026 10:00 in São Paulo: the D-1 of an invoice due on Tuesday 17/03.
NOW = datetime(2026, 3, 16, 13, 0)
COMPANY_FIELDS = (
    "vat",
    "street",
    "city",
    "state_id",
    "cobranca_whatsapp_base_url",
    "cobranca_whatsapp_phone_number_id",
    "cobranca_whatsapp_token",
)


@tagged("post_install", "-at_install")
class TestWhatsappMarkCommitted(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.server = HTTPServer(host="127.0.0.1", port=0)
        self.server.start()
        self.addCleanup(self.server.stop)
        self.created = {}

    def env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def committed_state(self, reminder_id):
        """The reminder's state as any other connection sees it: committed data only."""
        with closing(sql_db.db_connect(get_db_name()).cursor()) as cr:
            cr.execute("SELECT state FROM cobranca_reminder WHERE id = %s", [reminder_id])
            return cr.fetchone()[0]

    def cancel_waiting_queries(self):
        with closing(sql_db.db_connect(get_db_name()).cursor()) as cr:
            cr.execute(
                "SELECT pg_cancel_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )

    def set_up_data(self, env):
        company = env.ref("base.main_company")
        self.created["company_values"] = {
            name: company[name].id if name == "state_id" else company[name]
            for name in COMPANY_FIELDS
        }
        company.write(
            {
                "vat": "11.222.333/0001-81",
                "street": "Rua Augusta, 1500",
                "city": "São Paulo",
                "state_id": env.ref("base.state_br_sp").id,
                "cobranca_whatsapp_base_url": self.server.url_for("").rstrip("/"),
                "cobranca_whatsapp_phone_number_id": "123",
                "cobranca_whatsapp_token": "tok",
            }
        )
        customer = env["res.partner"].create(
            {"name": "Cliente Compromisso", "mobile": "+55 11 98765-4321"}
        )
        env["cobranca.consent"]._cobranca_record(
            customer, "whatsapp", customer.mobile, "granted", "consent", "form",
            company=company, evidence="Formulário",
        )  # fmt: skip
        template = env["cobranca.whatsapp.template"].create(
            {
                "name": "lembrete_commit",
                "language": "pt_BR",
                "status": "APPROVED",
                "category": "UTILITY",
                "body": "Olá {{1}}. Credor: {{2}}",
                "param_count": 2,
                "company_id": company.id,
            }
        )
        regua = env["cobranca.regua"].create(
            {
                "name": "Só WhatsApp (commit)",
                "company_id": company.id,
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": -1,
                            "channel": "whatsapp",
                            "whatsapp_template_id": template.id,
                            "whatsapp_param_ids": [
                                Command.create({"sequence": 1, "value": "customer_name"}),
                                Command.create({"sequence": 2, "value": "creditor"}),
                            ],
                        }
                    )
                ],
            }
        )
        move = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "company_id": company.id,
                "partner_id": customer.id,
                "invoice_date": date(2026, 3, 12),
                "invoice_date_due": date(2026, 3, 17),
                "cobranca_regua_id": regua.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Serviço",
                            "price_unit": 500.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        self.created.update(
            company=company.id, customer=customer.id, template=template.id,
            regua=regua.id, move=move.id,
        )  # fmt: skip
        return move.cobranca_reminder_ids

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = self.env(cr)
            created = self.created
            if created.get("move"):
                cr.execute(
                    "DELETE FROM cobranca_reminder WHERE move_id = %s",
                    [created["move"]],
                )
                cr.execute(
                    "DELETE FROM mail_message WHERE model = 'account.move' AND res_id = %s",
                    [created["move"]],
                )
                cr.execute("DELETE FROM account_move WHERE id = %s", [created["move"]])
            if created.get("regua"):
                cr.execute("DELETE FROM cobranca_regua WHERE id = %s", [created["regua"]])
            if created.get("template"):
                cr.execute(
                    "DELETE FROM cobranca_whatsapp_template WHERE id = %s",
                    [created["template"]],
                )
            if created.get("customer"):
                cr.execute(
                    "DELETE FROM cobranca_consent_event WHERE partner_id = %s",
                    [created["customer"]],
                )
                cr.execute(
                    "DELETE FROM cobranca_consent WHERE partner_id = %s",
                    [created["customer"]],
                )
                cr.execute("DELETE FROM res_partner WHERE id = %s", [created["customer"]])
            if created.get("company_values"):
                env.ref("base.main_company").write(created["company_values"])
        super().tearDown()

    def test_sending_is_committed_before_the_request_leaves(self):
        with freeze_time(datetime(2026, 3, 12, 13, 0)), self.registry.cursor() as cr:
            reminder_id = self.set_up_data(self.env(cr)).id
        self.assertEqual(self.committed_state(reminder_id), "scheduled")

        seen = []

        def meta(_request):
            # the request has reached Meta: what does everybody else see?
            seen.append(self.committed_state(reminder_id))
            return Response(
                json.dumps({"messaging_product": "whatsapp", "messages": [{"id": "wamid.C"}]}),
                200,
                content_type="application/json",
            )

        self.server.expect_oneshot_request(
            "/v21.0/123/messages", method="POST"
        ).respond_with_handler(meta)
        outcome = {}

        def dispatch():
            try:
                with freeze_time(NOW), self.registry.cursor() as cr:
                    self.env(cr)["cobranca.reminder"]._cron_dispatch()
                    # the dispatcher's own transaction is not committed yet, the mark
                    # was
                    outcome["seen"] = list(seen)
            except Exception as exc:  # noqa: BLE001 - reported by the test below
                outcome["error"] = exc

        worker = threading.Thread(target=dispatch)
        worker.start()
        worker.join(60)
        if worker.is_alive():
            # a mark written in the batch's own transaction makes the result's cursor
            # wait for that transaction's lock forever: cancel it, and fail
            self.cancel_waiting_queries()
            worker.join(30)
            self.fail("the dispatch waited for its own uncommitted 'sending' mark")
        self.assertNotIn("error", outcome, outcome.get("error"))
        self.assertEqual(outcome["seen"], ["sending"])
        self.assertEqual(len(self.server.log), 1)
        self.assertEqual(self.committed_state(reminder_id), "sent")
        with self.registry.cursor() as cr:
            reminder = self.env(cr)["cobranca.reminder"].browse(reminder_id)
            self.assertEqual(reminder.provider_message_id, "wamid.C")
