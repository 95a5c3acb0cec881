"""Promises to pay: recorded by the clerk or the customer, one open per invoice, kept
by a payment, broken by the daily check (the ladder resumes, the score drops)."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.cobranca_answer import CobrancaAnswerError
from .common_answers import AnswersCommon


@tagged("post_install", "-at_install")
class TestPromise(AnswersCommon):
    def promise(self, move, day, source="portal", when="2026-03-02 10:00", **kw):
        channel = "phone" if source == "clerk" else source
        with self.at(when):
            return move.env["cobranca.answer"]._promise(move, day, source, channel, **kw)

    # ---------------------------------------------------------------- recording
    def test_the_clerk_date_on_the_invoice_is_a_promise_of_the_clerk(self):
        move = self.post_at("2026-03-16")
        move.cobranca_paused_until = date(2026, 3, 20)
        promise = move.cobranca_promise_ids
        self.assertEqual(
            (promise.source, promise.state, promise.date, promise.amount, promise.partner_id),
            ("clerk", "open", date(2026, 3, 20), 1000.0, self.customer),
        )
        self.assertEqual(move.cobranca_promise_id, promise)
        self.assertEqual(move.cobranca_pause_reason, "promise")
        pending = move.cobranca_reminder_ids.filtered(lambda r: r.state == "scheduled")
        self.assertEqual(set(pending.mapped("skip_reason")), {"paused"})
        # a new date replaces the promise; no date lifts it
        move.cobranca_paused_until = date(2026, 3, 25)
        self.assertEqual(promise.state, "cancelled")
        self.assertEqual(move.cobranca_promise_id.date, date(2026, 3, 25))
        self.assertEqual(len(move.cobranca_promise_ids), 2)
        move.action_cobranca_resume()
        self.assertEqual(set(move.cobranca_promise_ids.mapped("state")), {"cancelled"})
        self.assertFalse(move.cobranca_paused_until)
        self.assertEqual(set(pending.mapped("skip_reason")), {False})

    def test_a_customer_promise_pauses_the_reminders_until_the_day_after(self):
        move = self.post_at("2026-03-16")
        promise = self.promise(move, "2026-03-12", note="Pago na quinta <b>sem falta</b>")
        self.assertEqual((promise.source, promise.channel), ("portal", "portal"))
        self.assertEqual(move.cobranca_paused_until, date(2026, 3, 12))
        self.assertEqual(promise.note, "Pago na quinta <b>sem falta</b>")
        self.assertIn("Pago na quinta &lt;b&gt;sem falta&lt;/b&gt;", self.notes(move)[0])
        self.assertEqual(move.message_ids[0].author_id, self.customer)
        self.dispatch("2026-03-12 10:00")  # D-1 is 13/03: nothing is due yet anyway
        self.dispatch("2026-03-13 10:00")  # the day after the promise: D-1 goes
        self.assertEqual(self.reminders(move)["D-1"].state, "sent")

    def test_a_second_open_promise_is_refused_and_changes_nothing(self):
        move = self.post_at("2026-03-16")
        first = self.promise(move, "2026-03-10")
        with self.assertRaises(CobrancaAnswerError) as refused:
            self.promise(move, "2026-03-11", source="whatsapp")
        self.assertEqual(refused.exception.code, "promise_open")
        with (
            self.assertRaisesRegex(UserError, "already has an open promise"),
            self.env.cr.savepoint(),
        ):
            self.Promise.create({"move_id": move.id, "date": date(2026, 3, 11)})
        self.assertEqual(move.cobranca_promise_ids, first)
        self.assertEqual(move.cobranca_paused_until, date(2026, 3, 10))

    def test_dates_in_the_past_or_beyond_the_limit_are_refused(self):
        move = self.post_at("2026-03-16")
        for day, code in (
            ("2026-03-01", "date_past"),
            ("2026-03-13", "date_too_far"),  # 11 days from 02/03; the limit is 10
            ("amanhã", "date_invalid"),
        ):
            with self.subTest(day=day), self.assertRaises(CobrancaAnswerError) as refused:
                self.promise(move, day)
            self.assertEqual(refused.exception.code, code)
        self.assertFalse(move.cobranca_promise_ids)
        self.assertFalse(move.cobranca_paused_until)
        # the limit is the company's setting, and binds customers, not the clerk
        self.company.cobranca_promise_max_days = 15
        self.assertEqual(self.promise(move, "2026-03-13").state, "open")
        move.cobranca_promise_id.action_cancel()
        self.assertEqual(self.promise(move, "2026-04-30", source="clerk").source, "clerk")

    def test_a_paid_invoice_takes_no_promise(self):
        move = self.post_at("2026-03-16")
        self.pay(move, day=date(2026, 3, 2))
        with self.assertRaises(CobrancaAnswerError) as refused:
            self.promise(move, "2026-03-10")
        self.assertEqual(refused.exception.code, "paid")
        with self.assertRaisesRegex(UserError, "already paid"), self.env.cr.savepoint():
            move.cobranca_paused_until = date(2026, 3, 10)
        move.invalidate_recordset()
        self.assertFalse(move.cobranca_promise_ids)

    # ------------------------------------------------------------------ kept
    def test_a_payment_by_the_date_keeps_the_promise_at_once(self):
        move = self.post_at("2026-03-16")
        promise = self.promise(move, "2026-03-10")
        with self.at("2026-03-09 11:00"):
            self.pay(move, day=date(2026, 3, 9))
        self.assertEqual((promise.state, promise.closed_date), ("kept", date(2026, 3, 9)))
        self.assertFalse(move.cobranca_paused_until)
        self.assertIn("kept", self.notes(move)[0])

    def test_paying_the_promised_part_keeps_a_partial_promise(self):
        move = self.post_at("2026-03-16")
        promise = self.promise(move, "2026-03-10", amount=400.0)
        with self.at("2026-03-05 11:00"):
            self.pay(move, amount=300.0, day=date(2026, 3, 5))
        self.assertEqual(promise.state, "open")
        with self.at("2026-03-06 11:00"):
            self.pay(move, amount=100.0, day=date(2026, 3, 6))
        self.assertEqual(move.payment_state, "partial")
        self.assertEqual(promise.state, "kept")

    def test_a_payment_dated_after_the_promise_breaks_it(self):
        move = self.post_at("2026-03-16")
        promise = self.promise(move, "2026-03-10")
        with self.at("2026-03-12 11:00"):
            self.pay(move, day=date(2026, 3, 11))
        self.assertEqual(promise.state, "broken")

    def test_a_cancelled_invoice_cancels_its_promise(self):
        move = self.post_at("2026-03-16")
        promise = self.promise(move, "2026-03-10")
        move.button_draft()
        move.button_cancel()
        self.check_answers("2026-03-03 03:00")
        self.assertEqual(promise.state, "cancelled")

    # ---------------------------------------------------------------- broken
    def paid_history(self, partner):
        """Three invoices of January and February paid on their due dates."""
        for due in (date(2026, 1, 6), date(2026, 1, 20), date(2026, 2, 3)):
            with freeze_time(due - timedelta(days=20)):
                move = self.make_invoice(due, partner=partner, invoice_date=due - timedelta(20))
            with freeze_time(due):
                self.pay(move, day=due)

    def test_a_broken_promise_resumes_the_ladder_and_lowers_the_score(self):
        # two customers with the same history and invoice; one promises and does not pay
        twins = self.env["res.partner"].create(
            [
                {
                    "name": name,
                    "email": f"{key}@example.com",
                    "cobranca_regua_id": self.regua_padrao.id,
                }
                for key, name in (("lia", "Lia Promessa ME"), ("rui", "Rui Pontual ME"))
            ]
        )
        promised, other = twins
        for partner in twins:
            self.paid_history(partner)
        move = self.post_at("2026-03-16", partner=promised)
        twin_move = self.post_at("2026-03-16", partner=other)
        promise = self.promise(move, "2026-03-18", source="whatsapp", when="2026-03-10 09:00")

        self.dispatch("2026-03-16 10:00")
        self.assertEqual(self.reminders(twin_move)["D0"].state, "sent")
        self.assertEqual(
            (self.reminders(move)["D0"].state, self.reminders(move)["D0"].skip_reason),
            ("scheduled", "paused"),
        )
        self.assertFalse(self.mails_of(move))

        # 19/03, the night after the promised day: the check breaks it
        self.check_answers("2026-03-19 03:00")
        self.assertEqual((promise.state, promise.closed_date), ("broken", date(2026, 3, 19)))
        self.assertIn("broken", self.notes(move)[0])
        self.assertFalse(move.cobranca_paused_until)
        waited = move.cobranca_reminder_ids.filtered(lambda r: r.state == "scheduled")
        self.assertEqual(set(waited.mapped("skip_reason")), {False}, "released, not lost")
        self.assertEqual(
            set(waited.mapped("step_id.name")), {"D-5", "D-1", "D0", "D+3", "D+7", "D+15"}
        )

        # the ranking of the customer was computed again, against its twin's
        with freeze_time(self.sp_time("2026-03-19 03:00")):
            self.env["cobranca.ranking"]._rank(self.company, other.ids)
        twins.invalidate_recordset()
        self.assertEqual(promised.cobranca_broken_promise_count, 1)
        self.assertEqual(other.cobranca_broken_promise_count, 0)
        self.assertLess(promised.cobranca_score, other.cobranca_score)
        self.assertEqual(other.cobranca_score - promised.cobranca_score, 10)
        self.assertTrue(promised.cobranca_early_warning)
        self.assertIn("promise", promised.cobranca_early_warning_reason)
        self.assertFalse(other.cobranca_early_warning)

        # the same morning the ladder goes on: the latest due step goes out
        self.dispatch("2026-03-19 10:00")
        reminders = self.reminders(move)
        self.assertEqual(reminders["D+3"].state, "sent")
        self.assertEqual(reminders["D0"].skip_reason, "superseded")
        self.assertEqual(len(self.mails_of(move)), 1)

        # paid later: the warning clears, the score keeps the broken promise
        with self.at("2026-03-20 10:00"):
            self.pay(move, day=date(2026, 3, 20))
        with freeze_time(self.sp_time("2026-03-21 03:00")):
            self.env["cobranca.ranking"]._rank(self.company, promised.ids)
        promised.invalidate_recordset()
        self.assertFalse(promised.cobranca_early_warning)
        self.assertEqual(promised.cobranca_broken_promise_count, 1)
        self.assertEqual(promise.state, "broken")

    def test_the_check_leaves_promises_whose_day_has_not_passed(self):
        move = self.post_at("2026-03-16")
        promise = self.promise(move, "2026-03-10")
        self.check_answers("2026-03-10 23:00")  # still the promised day in São Paulo
        self.assertEqual(promise.state, "open")
        self.check_answers("2026-03-11 00:30")
        self.assertEqual(promise.state, "broken")
