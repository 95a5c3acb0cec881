"""Contact hours by the debtor's state: a reminder goes out only when the
company's window and the legal hours of the customer's state (in its own
timezone) are both open; call to-dos fall on a day the debtor may be called."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from ..tools.outcome import Outcome
from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestDebtorHours(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = cls.env["res.users"].create(
            {
                "name": "Cobradora Rita",
                "login": "rita.cobranca",
                "email": "rita@example.com",
            }
        )
        cls.paulista = cls.customer_in("Paula Mooca", "base.state_br_sp")
        cls.acreano = cls.customer_in("Acácio Rio Branco", "base.state_br_ac")
        cls.carioca = cls.customer_in("Carlos Tijuca", "base.state_br_rj")
        cls.capixaba = cls.customer_in("Cida Vitória", "base.state_br_es")

    @classmethod
    def customer_in(cls, name, state_xmlid):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "email": f"{name.split()[0].lower()}@example.com",
                "mobile": "+55 11 91234-5678",
                "country_id": cls.env.ref("base.br").id,
                "state_id": cls.env.ref(state_xmlid).id,
                "cobranca_collector_id": cls.collector.id,
            }
        )

    def post_at(self, due, partner, posted="2026-03-02", **vals):
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            return self.make_invoice(
                due, partner=partner, invoice_date=date.fromisoformat(posted), **vals
            )

    def one_step_regua(self, offset, channel="email"):
        step = {"offset_days": offset, "day_type": "calendar", "channel": channel}
        if channel == "email":
            step["mail_template_id"] = self.template_before_due.id
        return self.env["cobranca.regua"].create(
            {"name": f"Um passo {offset}", "step_ids": [Command.create(step)]}
        )

    def d5(self, move):
        return self.reminders(move)["D-5"]

    # ------------------------------------------------------------ time zones
    def test_acre_customer_waits_for_eight_in_rio_branco(self):
        # D-5 of an invoice due Monday 16/03/2026 is Monday 09/03. At 08:30 in São
        # Paulo it is 06:30 in Rio Branco (UTC-5): the Acre customer waits until
        # 08:00 there, 10:00 in São Paulo; the São Paulo customer goes at once.
        paulista = self.post_at("2026-03-16", self.paulista)
        acreano = self.post_at("2026-03-16", self.acreano)
        self.dispatch("2026-03-09 08:30")
        self.assertEqual(self.d5(paulista).state, "sent")
        self.assertEqual(self.d5(acreano).state, "scheduled")
        self.dispatch("2026-03-09 09:59")
        self.assertEqual(self.d5(acreano).state, "scheduled")
        self.dispatch("2026-03-09 10:00")
        self.assertEqual(self.d5(acreano).state, "sent")
        self.assertEqual(self.d5(acreano).sent_date, self.sp_time("2026-03-09 10:00"))

    def test_due_count_follows_the_state_windows(self):
        Dispatcher = self.env["cobranca.dispatcher"]
        times = [self.sp_time(f"2026-03-09 {hour}") for hour in ("07:00", "08:30", "10:00")]
        before = [Dispatcher._due_count(when) for when in times]
        self.post_at("2026-03-16", self.paulista)
        self.post_at("2026-03-16", self.acreano)
        after = [Dispatcher._due_count(when) for when in times]
        # closed for everybody, open for São Paulo only, open for both
        self.assertEqual([a - b for a, b in zip(after, before, strict=True)], [0, 1, 2])

    # -------------------------------------------------------- stricter law
    def test_rio_law_allows_business_days_nine_to_seven(self):
        carioca = self.post_at("2026-03-16", self.carioca)
        self.dispatch("2026-03-09 08:30")
        self.assertEqual(self.d5(carioca).state, "scheduled")
        self.dispatch("2026-03-09 09:00")
        self.assertEqual(self.d5(carioca).state, "sent")

    def test_reported_law_of_espirito_santo_ends_the_day_at_seven(self):
        # Lei ES 10.626/2017 is reported (weekdays 08:00–19:00, no Saturday), its
        # text not confirmed: its narrower hours apply, and the collector's note
        # says it is only reported.
        paulista = self.post_at("2026-03-16", self.paulista)
        capixaba = self.post_at("2026-03-16", self.capixaba)
        self.dispatch("2026-03-09 19:30")
        self.assertEqual(self.d5(paulista).state, "sent")
        self.assertEqual(self.d5(capixaba).state, "scheduled")
        self.dispatch("2026-03-10 08:00")
        self.assertEqual(self.d5(capixaba).state, "sent")
        regua = self.one_step_regua(0, channel="activity")
        call = self.post_at("2026-03-17", self.capixaba, cobranca_regua_id=regua.id)
        self.dispatch("2026-03-17 10:00")
        self.assertIn(
            "Call between 08:00 and 19:00 Mon–Fri, never on weekends or holidays "
            "(ES, Lei ES 10.626/2017, reported, text not confirmed).",
            str(call.cobranca_reminder_ids.activity_id.note),
        )

    def test_rio_customer_is_not_reminded_on_saturday(self):
        # a calendar-day step two days before a Monday due date: Saturday 14/03
        regua = self.one_step_regua(-2)
        paulista = self.post_at("2026-03-16", self.paulista, cobranca_regua_id=regua.id)
        carioca = self.post_at("2026-03-16", self.carioca, cobranca_regua_id=regua.id)
        self.dispatch("2026-03-14 10:00")
        self.assertEqual(paulista.cobranca_reminder_ids.state, "sent")
        self.assertEqual(carioca.cobranca_reminder_ids.state, "scheduled")
        self.dispatch("2026-03-16 08:30")
        self.assertEqual(carioca.cobranca_reminder_ids.state, "scheduled")
        self.dispatch("2026-03-16 09:00")
        self.assertEqual(carioca.cobranca_reminder_ids.state, "sent")

    def test_customer_without_state_gets_sao_paulo_hours(self):
        move = self.post_at("2026-03-16", self.customer)
        self.dispatch("2026-03-09 07:59")
        self.assertEqual(self.d5(move).state, "scheduled")
        self.dispatch("2026-03-09 08:00")
        self.assertEqual(self.d5(move).state, "sent")

    # ------------------------------------------------------------------ calls
    def test_call_to_do_falls_on_a_day_the_debtor_may_be_called(self):
        # The call step falls on Saturday 14/03; Rio allows no Saturday calls: the
        # to-do is created on Monday when the window opens, due that Monday.
        regua = self.one_step_regua(-2, channel="activity")
        paulista = self.post_at("2026-03-16", self.paulista, cobranca_regua_id=regua.id)
        carioca = self.post_at("2026-03-16", self.carioca, cobranca_regua_id=regua.id)
        self.dispatch("2026-03-14 10:00")
        sp_call = paulista.cobranca_reminder_ids.activity_id
        self.assertEqual(sp_call.date_deadline, date(2026, 3, 14))
        self.assertFalse(carioca.cobranca_reminder_ids.activity_id)
        self.dispatch("2026-03-16 09:00")
        rj_call = carioca.cobranca_reminder_ids.activity_id
        self.assertEqual(rj_call.user_id, self.collector)
        self.assertEqual(rj_call.date_deadline, date(2026, 3, 16))
        self.assertIn(
            "Call between 09:00 and 19:00 Mon–Fri, never on weekends or holidays "
            "(RJ, Lei RJ 6.854/2014, art. 3º, § 4º",
            str(rj_call.note),
        )
        self.assertIn(
            "Call between 08:00 and 20:00 Mon–Fri, 08:00–14:00 Sat, never on Sundays or "
            "holidays (SP, Lei SP 15.426/2014, art. 2º).",
            str(sp_call.note),
        )

    def test_call_to_do_in_sp_rj_and_pr_says_the_call_is_recorded(self):
        # SP Lei 14.953/2013 art. 3º, RJ Lei 6.854/2014 art. 3º and PR Lei 17.352/2012
        # art. 2º-A: collection calls are recorded, and the consumer is told so and
        # given the recording on request; Acre has no such law.
        regua = self.one_step_regua(0, channel="activity")
        paranaense = self.customer_in("Paulo Curitiba", "base.state_br_pr")
        moves = {
            state: self.post_at("2026-03-17", partner, cobranca_regua_id=regua.id)
            for state, partner in (
                ("SP", self.paulista),
                ("RJ", self.carioca),
                ("PR", paranaense),
                ("AC", self.acreano),
            )
        }
        self.dispatch("2026-03-17 12:00")
        notes = {state: str(m.cobranca_reminder_ids.activity_id.note) for state, m in moves.items()}
        recorded = (
            "Record this call (date and time) and tell the customer at its start that "
            "collection calls are recorded and that the recording is given on request "
            "within 7 business days"
        )
        for state, law in (
            ("SP", "(SP, Lei SP 14.953/2013, art. 3º, § 2º)"),
            ("RJ", "(RJ, Lei RJ 6.854/2014, art. 3º, § 2º"),
            ("PR", "(PR, Lei PR 17.352/2012, art. 2º-A, § 1º"),
        ):
            self.assertIn(recorded, notes[state])
            self.assertIn(law, notes[state])
        self.assertTrue(moves["AC"].cobranca_reminder_ids.activity_id)
        self.assertNotIn("Record this call", notes["AC"])

    def test_call_deadline_skips_the_debtor_holidays(self):
        # Created on a Saturday for a Rio customer whose next business day,
        # Thursday 23/04/2026, is São Jorge: the deadline is Friday 24/04.
        regua = self.one_step_regua(-2, channel="activity")
        move = self.post_at(
            "2026-04-25", self.carioca, posted="2026-04-01", cobranca_regua_id=regua.id
        )
        reminder = move.cobranca_reminder_ids
        self.assertEqual(reminder.scheduled_date, date(2026, 4, 25))  # Monday 27/04 - 2
        reminder.sudo().scheduled_date = date(2026, 4, 23)
        outcome = Outcome(self.sp_time("2026-04-22 21:00"))
        Activity = self.env["cobranca.channel.activity"]
        Activity._send(Activity._targets(reminder, outcome), outcome)
        activity = self.env["mail.activity"].browse(outcome.values[reminder.id]["activity_id"])
        self.assertEqual(activity.date_deadline, date(2026, 4, 24))

    def test_call_note_states_the_hours_in_the_collector_language(self):
        regua = self.one_step_regua(0, channel="activity")
        self.collector.lang = "pt_BR"
        move = self.post_at("2026-03-10", self.acreano, cobranca_regua_id=regua.id)
        self.dispatch("2026-03-10 10:00")
        note = str(move.cobranca_reminder_ids.activity_id.note)
        self.assertIn("10/03/2026", note)  # the collector reads dd/mm/aaaa
        self.assertIn("(AC, Lei SP 15.426/2014, art. 2º", note)
        self.assertIn("America/Rio_Branco", note)
        self.collector.lang = "en_US"
        other = self.post_at("2026-03-10", self.paulista, cobranca_regua_id=regua.id)
        self.dispatch("2026-03-10 10:30")
        note = str(other.cobranca_reminder_ids.activity_id.note)
        self.assertIn("03/10/2026", note)
        self.assertNotIn("local time", note)  # São Paulo: the company's own zone

    def test_sent_dates_are_inside_both_windows(self):
        moves = [self.post_at("2026-03-16", c) for c in (self.paulista, self.acreano, self.carioca)]
        start = datetime(2026, 3, 9, 6, 0)
        for minutes in range(0, 6 * 60, 30):
            self.dispatch((start + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M"))
        sent = {m.commercial_partner_id.state_id.code: self.d5(m).sent_date for m in moves}
        self.assertEqual(
            sent,
            {
                "SP": self.sp_time("2026-03-09 08:00"),
                "RJ": self.sp_time("2026-03-09 09:00"),
                "AC": self.sp_time("2026-03-09 10:00"),
            },
        )
