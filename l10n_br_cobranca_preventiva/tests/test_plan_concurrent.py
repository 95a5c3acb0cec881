"""Two transactions planning the same invoice at once (two queue_job planning jobs, a
retried one beside the first): PostgreSQL refuses the second, which is retried and
finds nothing left to plan. Nothing is planned twice.

Transaction tests cannot show it: they share one uncommitted transaction. This test
runs outside any test transaction, with real cursors that commit; everything it
committed is deleted afterwards.
"""

import threading
from contextlib import closing
from datetime import date, timedelta

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.modules.registry import Registry
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name


@tagged("post_install", "-at_install")
class TestPlanConcurrent(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.created = {}
        self.first = None

    def env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def tearDown(self):
        if self.first:
            self.first.close()  # rolled back when the test failed before its commit
        with self.registry.cursor() as cr:
            if self.created.get("move"):
                for table in ("cobranca_reminder", "cobranca_move_plan"):
                    cr.execute(f"DELETE FROM {table} WHERE move_id = %s", [self.created["move"]])
                cr.execute(
                    "DELETE FROM mail_message WHERE model = 'account.move' AND res_id = %s",
                    [self.created["move"]],
                )
                cr.execute("DELETE FROM account_move WHERE id = %s", [self.created["move"]])
            if self.created.get("customer"):
                cr.execute("DELETE FROM res_partner WHERE id = %s", [self.created["customer"]])
        super().tearDown()

    def committed(self, query, *params):
        with closing(sql_db.db_connect(get_db_name()).cursor()) as cr:
            cr.execute(query, params)
            return cr.fetchall()

    def make_outdated_invoice(self):
        """A posted invoice due in ten days, whose plan and reminders are gone (as
        after a ladder change): committed."""
        with self.registry.cursor() as cr:
            env = self.env(cr)
            customer = env["res.partner"].create(
                {"name": "Cliente Concorrente", "email": "concorrente@example.com"}
            )
            self.created["customer"] = customer.id
            today = date.today()
            move = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": today,
                    "invoice_date_due": today + timedelta(days=10),
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Serviço", "price_unit": 700.0, "tax_ids": [Command.clear()]}
                        )
                    ],
                }
            )
            move.action_post()
            self.created["move"] = move.id
            cr.execute("DELETE FROM cobranca_reminder WHERE move_id = %s", [move.id])
            cr.execute("DELETE FROM cobranca_move_plan WHERE move_id = %s", [move.id])
        return self.created["move"]

    def test_the_second_of_two_planning_the_same_invoice_is_refused_then_plans_nothing(self):
        move_id = self.make_outdated_invoice()
        self.first = first = self.registry.cursor()
        planned = self.env(first)["cobranca.planner"]._plan_range(move_id, move_id)
        self.assertEqual(planned, 1)
        outcome = {}

        def second():
            try:
                with self.registry.cursor() as cr:
                    self.env(cr)["cobranca.planner"]._plan_range(move_id, move_id)
            except Exception as exc:  # noqa: BLE001 - looked at by the test
                outcome["error"] = exc

        worker = threading.Thread(target=second)
        worker.start()
        # the second one waits for the first one's reminders (same invoice and steps)
        for _i in range(100):
            waiting = self.committed(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )[0][0]
            if waiting or not worker.is_alive():
                break
            worker.join(0.1)
        first.commit()
        worker.join(60)
        self.assertFalse(worker.is_alive())
        error = outcome.get("error")
        self.assertIsNotNone(error, "two transactions planned the same invoice")
        self.assertIn(getattr(error, "pgcode", None), PG_CONCURRENCY_ERRORS_TO_RETRY, error)
        reminders = self.committed(
            "SELECT step_id, count(*) FROM cobranca_reminder WHERE move_id = %s GROUP BY 1",
            move_id,
        )
        self.assertTrue(reminders)
        self.assertEqual({count for _step, count in reminders}, {1})
        # queue_job retries it: nothing is left to plan
        with self.registry.cursor() as cr:
            self.assertEqual(self.env(cr)["cobranca.planner"]._plan_range(move_id, move_id), 0)
        self.assertEqual(
            self.committed(
                "SELECT step_id, count(*) FROM cobranca_reminder WHERE move_id = %s GROUP BY 1",
                move_id,
            ),
            reminders,
        )
