from datetime import date

from freezegun import freeze_time
from psycopg2.errors import UniqueViolation

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from ..models import cobranca_planner as planner_module
from ..models.account_move_line import replan_after
from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestPlan(CobrancaCommon):
    @freeze_time("2026-02-02 12:00:00")
    def test_posting_plans_every_step(self):
        move = self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
        reminders = self.reminders(move)
        self.assertEqual(
            {name: r.scheduled_date for name, r in reminders.items()},
            {
                "D-5": date(2026, 2, 6),
                "D-1": date(2026, 2, 12),
                "D0": date(2026, 2, 13),
                "D+3": date(2026, 2, 20),
                "D+7": date(2026, 2, 26),
                "D+15": date(2026, 3, 10),
            },
        )
        self.assertEqual(set(move.cobranca_reminder_ids.mapped("state")), {"scheduled"})
        # D-1 is a WhatsApp step: without the customer's consent it plans its fallback
        self.assertEqual(reminders["D-1"].channel, "email")
        self.assertEqual(move.cobranca_planned_regua_id, self.regua_padrao)
        self.assertEqual(move.cobranca_reminder_count, 6)
        self.assertEqual(self.customer.cobranca_reminder_count, 6)

    @freeze_time("2026-03-05 12:00:00")
    def test_invoice_posted_after_its_d5_is_created_late(self):
        move = self.make_invoice("2026-03-09", invoice_date=date(2026, 3, 5))
        reminders = self.reminders(move)
        self.assertEqual(reminders["D-5"].scheduled_date, date(2026, 3, 2))
        self.assertEqual(reminders["D-5"].state, "skipped")
        self.assertEqual(reminders["D-5"].skip_reason, "created_late")
        self.assertEqual(reminders["D-1"].state, "scheduled")  # 06/03 is still ahead
        self.assertEqual(reminders["D+3"].state, "scheduled")

    @freeze_time("2026-02-02 12:00:00")
    def test_ladder_change_replans_pending_and_keeps_history(self):
        move = self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
        sent = self.reminders(move)["D-5"]
        self.env.cr.execute("UPDATE cobranca_reminder SET state = 'sent' WHERE id = %s", [sent.id])
        self.customer.cobranca_regua_id = self.regua_discreta
        self.env["cobranca.planner"]._plan()
        move.invalidate_recordset()
        states = {
            (r.regua_id, r.step_id.name): (r.state, r.skip_reason)
            for r in move.cobranca_reminder_ids
        }
        self.assertEqual(states[(self.regua_padrao, "D-5")], ("sent", False))
        self.assertEqual(states[(self.regua_padrao, "D0")], ("cancelled", "regua_changed"))
        self.assertEqual(states[(self.regua_discreta, "D-3")], ("scheduled", False))
        self.assertEqual(states[(self.regua_discreta, "D+5")], ("scheduled", False))
        # back to the standard ladder: its steps are planned again, the sent one stays sent
        self.customer.cobranca_regua_id = False
        self.env["cobranca.planner"]._plan()
        move.invalidate_recordset()
        padrao = {
            r.step_id.name: r.state
            for r in move.cobranca_reminder_ids
            if r.regua_id == self.regua_padrao
        }
        self.assertEqual(padrao["D-5"], "sent")
        self.assertEqual(padrao["D0"], "scheduled")

    @freeze_time("2026-02-02 12:00:00")
    def test_due_date_change_moves_the_dates(self):
        move = self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
        move.invoice_date_due = date(2026, 3, 13)
        reminders = self.reminders(move)
        self.assertEqual(reminders["D0"].scheduled_date, date(2026, 3, 13))
        self.assertEqual(reminders["D-5"].scheduled_date, date(2026, 3, 6))

    @freeze_time("2026-02-02 12:00:00")
    def test_cancel_and_reset_to_draft_cancel_pending_reminders(self):
        move = self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
        move.button_draft()
        self.assertEqual(set(move.cobranca_reminder_ids.mapped("skip_reason")), {"invoice_draft"})
        self.assertEqual(set(move.cobranca_reminder_ids.mapped("state")), {"cancelled"})
        move.action_post()
        self.assertEqual(set(move.cobranca_reminder_ids.mapped("state")), {"scheduled"})
        move.button_draft()
        move.button_cancel()
        self.assertEqual(set(move.cobranca_reminder_ids.mapped("state")), {"cancelled"})

    @freeze_time("2026-02-02 12:00:00")
    def test_full_payment_cancels_and_unreconcile_revives(self):
        move = self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
        payment = self.pay(move, day=date(2026, 2, 2))
        self.assertEqual(move.payment_state, "paid")
        self.assertEqual(set(move.cobranca_reminder_ids.mapped("skip_reason")), {"paid"})
        payment.move_id.line_ids.remove_move_reconcile()
        self.assertEqual(move.payment_state, "not_paid")
        self.assertEqual(set(move.cobranca_reminder_ids.mapped("state")), {"scheduled"})

    @freeze_time("2026-02-02 12:00:00")
    def test_reconciliations_replan_their_invoices_when_they_end(self):
        """The invoices paid inside a reconciliation block (a payment wizard, a
        reconciliation) are replanned once, when the outermost block ends, not in the
        middle of Odoo's bookkeeping; before the commit, whatever is still pending is."""
        first = self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
        second = self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
        with replan_after(self.env):
            self.pay(first, day=date(2026, 2, 2))
            self.assertEqual(first.payment_state, "paid")
            self.assertEqual(set(first.cobranca_reminder_ids.mapped("state")), {"scheduled"})
        self.assertEqual(set(first.cobranca_reminder_ids.mapped("skip_reason")), {"paid"})
        with replan_after(self.env):
            self.pay(second, day=date(2026, 2, 2))
            self.assertEqual(set(second.cobranca_reminder_ids.mapped("state")), {"scheduled"})
            self.env.cr.flush()  # what a commit runs first
            self.assertEqual(set(second.cobranca_reminder_ids.mapped("skip_reason")), {"paid"})

    @freeze_time("2026-02-02 12:00:00")
    def test_pause_marks_the_scheduled_reminders(self):
        move = self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
        move.cobranca_paused_until = date(2026, 2, 20)
        self.assertEqual(set(move.cobranca_reminder_ids.mapped("skip_reason")), {"paused"})
        move.cobranca_dispute = True
        self.assertEqual(set(move.cobranca_reminder_ids.mapped("skip_reason")), {"dispute"})
        move.action_cobranca_resume()
        self.assertEqual(set(move.cobranca_reminder_ids.mapped("skip_reason")), {False})

    def test_unique_reminder_per_invoice_and_step(self):
        with freeze_time("2026-02-02 12:00:00"):
            move = self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
        step = self.regua_padrao.step_ids[0]
        with self.assertRaises(UniqueViolation), self.env.cr.savepoint():
            self.env.execute_query(
                SQL(
                    """INSERT INTO cobranca_reminder (move_id, step_id, company_id,
                       scheduled_date, state) VALUES (%s, %s, %s, '2026-01-01', 'scheduled')""",
                    move.id,
                    step.id,
                    move.company_id.id,
                )
            )

    @freeze_time("2026-02-02 12:00:00")
    def test_planner_queries_grow_with_batches_not_invoices(self):
        def count_queries(n):
            moves = self.env["account.move"]
            for _i in range(n):
                moves |= self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
            self.env.cr.execute(
                "DELETE FROM cobranca_reminder WHERE move_id = ANY(%s)", [moves.ids]
            )
            self.env.cr.execute(
                "DELETE FROM cobranca_move_plan WHERE move_id = ANY(%s)",
                [moves.ids],
            )
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            planned, remaining = self.env["cobranca.planner"]._plan(moves.ids)
            self.assertEqual((planned, remaining), (n, 0))
            self.assertEqual(
                self.env["cobranca.reminder"].search_count([("move_id", "in", moves.ids)]),
                6 * n,
            )
            return self.env.cr.sql_log_count - before

        count_queries(2)  # warm the caches
        small, large = count_queries(3), count_queries(30)
        self.assertLessEqual(large, small + 3)

    @freeze_time("2026-02-02 12:00:00")
    def test_cron_batches_resume_after_the_last_and_start_over(self):
        """The cron's batches start after the invoice the previous one stopped at, and
        come back to the first invoices when nothing is left after it."""
        moves = self.env["account.move"]
        for _i in range(4):
            moves |= self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
        moves = moves.sorted("id")
        Planner = self.env["cobranca.planner"]
        Planner._plan()  # whatever else the database holds
        self.env.cr.execute("DELETE FROM cobranca_reminder WHERE move_id = ANY(%s)", [moves.ids])
        Planner._outdate(partner_ids=self.customer.ids)
        self.env.invalidate_all()
        # the previous batch stopped at the second invoice
        planner_module._RESUME[self.env.cr.dbname] = moves[1].id
        # what remains after it (the first two are counted once none remains after)
        self.assertEqual(Planner._plan(limit=1), (1, 1))
        self.assertEqual(
            self.env["cobranca.reminder"].search([("move_id", "in", moves.ids)]).move_id, moves[2]
        )
        # the third and fourth, then the first and second
        self.assertEqual(Planner._plan(limit=3), (3, 0))
        self.assertEqual(planner_module._RESUME[self.env.cr.dbname], moves[1].id)
        self.assertEqual(
            self.env["cobranca.reminder"].search([("move_id", "in", moves.ids)]).move_id, moves
        )
        self.assertEqual(Planner._plan(), (0, 0))
        # a hint beyond every invoice (a rolled-back run) starts over
        Planner._outdate(partner_ids=self.customer.ids)
        planner_module._RESUME[self.env.cr.dbname] = moves[-1].id + 1000
        self.assertEqual(Planner._plan(limit=10), (4, 0))

    @freeze_time("2026-02-02 12:00:00")
    def test_new_step_is_planned_for_open_invoices(self):
        move = self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
        self.regua_padrao.write(
            {
                "step_ids": [
                    (0, 0, {"offset_days": 10, "channel": "activity"}),
                ]
            }
        )
        self.env["cobranca.planner"]._plan()
        # 13/02 + 10 business days, across Carnaval
        self.assertEqual(self.reminders(move)["D+10"].scheduled_date, date(2026, 3, 3))
        # moving a step moves the pending reminders
        self.regua_padrao.step_ids.filtered(lambda s: s.offset_days == 10).offset_days = 12
        self.env["cobranca.planner"]._plan()
        self.assertEqual(self.reminders(move)["D+12"].scheduled_date, date(2026, 3, 5))

    @freeze_time("2026-02-02 12:00:00")
    def test_deleting_steps_keeps_what_was_sent(self):
        move = self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
        d15 = self.regua_padrao.step_ids.filtered(lambda s: s.offset_days == 15)
        d15.unlink()
        self.assertNotIn("D+15", self.reminders(move))
        d5 = self.reminders(move)["D-5"]
        self.env.cr.execute("UPDATE cobranca_reminder SET state = 'sent' WHERE id = %s", [d5.id])
        self.env.invalidate_all()
        with self.assertRaisesRegex(UserError, "already reminded 1 invoice"):
            d5.step_id.unlink()
        with self.assertRaisesRegex(UserError, "already reminded"):
            self.regua_padrao.unlink()
        # a ladder that never sent anything can go, with its planned reminders
        other = self.make_invoice(
            "2026-02-13",
            invoice_date=date(2026, 2, 2),
            cobranca_regua_id=self.regua_discreta.id,
        )
        self.assertTrue(other.cobranca_reminder_ids)
        self.regua_discreta.unlink()
        self.assertFalse(other.cobranca_reminder_ids.exists())

    @freeze_time("2026-02-02 12:00:00")
    def test_payment_without_journal_entry_cancels_reminders(self):
        self.inbound_payment_method_line.payment_account_id = False
        move = self.make_invoice("2026-02-13", invoice_date=date(2026, 2, 2))
        self.pay(move, day=date(2026, 2, 2))
        self.assertFalse(move.line_ids.matched_credit_ids)
        self.assertEqual(set(move.cobranca_reminder_ids.mapped("skip_reason")), {"paid"})
