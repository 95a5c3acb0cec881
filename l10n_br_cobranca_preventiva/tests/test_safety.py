"""Safety properties at their edges: every way an invoice gets paid, several contacts
and several companies, the company's day, the created-late boundary, consolidation."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import CobrancaCommon

PENDING_STEPS = ("D-1", "D0", "D+3", "D+7", "D+15")


@tagged("post_install", "-at_install")
class TestPaidAnyWay(CobrancaCommon):
    """Whatever settles the invoice cancels what is pending, with the reason."""

    def post(self):
        with freeze_time(self.sp_time("2026-03-02 09:00")):
            return self.make_invoice("2026-03-16", invoice_date=date(2026, 3, 2))

    def receivable(self, move):
        return move.line_ids.filtered(lambda line: line.display_type == "payment_term")

    def assert_cancelled(self, move, reason):
        move.invalidate_recordset()
        reminders = self.reminders(move)
        for name in PENDING_STEPS:
            self.assertEqual(
                (reminders[name].state, reminders[name].skip_reason),
                ("cancelled", reason),
                name,
            )
        self.dispatch("2026-03-16 10:00")
        self.assertFalse(self.mails_of(move))

    def test_paid_by_a_bank_statement_line(self):
        move = self.post()
        with freeze_time(self.sp_time("2026-03-12 10:00")):
            line = self.env["account.bank.statement.line"].create(
                {
                    "payment_ref": f"PIX {move.name}",
                    "journal_id": self.company_data["default_journal_bank"].id,
                    "partner_id": self.customer.id,
                    "amount": 1000.0,
                    "date": date(2026, 3, 12),
                }
            )
            # no bank reconciliation widget in Community: reconcile the suspense line
            _liquidity, suspense, _other = line.with_context(
                skip_account_move_synchronization=True
            )._seek_for_lines()
            suspense.account_id = self.receivable(move).account_id
            (suspense + self.receivable(move)).reconcile()
        self.assertIn(move.payment_state, ("paid", "in_payment"))
        self.assert_cancelled(move, "paid")

    def test_paid_by_an_outstanding_credit(self):
        move = self.post()
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 1000.0,
                "date": date(2026, 3, 5),
                "journal_id": self.company_data["default_journal_bank"].id,
            }
        )
        payment.action_post()
        credit = payment.move_id.line_ids.filtered(
            lambda line: line.account_id == self.receivable(move).account_id
        )
        with freeze_time(self.sp_time("2026-03-12 10:00")):
            move.js_assign_outstanding_line(credit.id)
        self.assertIn(move.payment_state, ("paid", "in_payment"))
        self.assert_cancelled(move, "paid")

    def test_settled_by_a_credit_note(self):
        move = self.post()
        with freeze_time(self.sp_time("2026-03-12 10:00")):
            reversal = (
                self.env["account.move.reversal"]
                .with_context(active_model="account.move", active_ids=move.ids)
                .create(
                    {
                        "reason": "Devolução",
                        "journal_id": move.journal_id.id,
                        "date": date(2026, 3, 12),
                    }
                )
            )
            reversal.refund_moves()
            # posting the credit note reconciles it with the invoice it reverses
            move.reversal_move_ids.action_post()
        self.assertEqual(move.payment_state, "reversed")
        self.assert_cancelled(move, "invoice_reversed")

    def test_partial_credit_note_keeps_reminding_the_rest(self):
        move = self.post()
        with freeze_time(self.sp_time("2026-03-05 10:00")):
            credit_note = self.env["account.move"].create(
                {
                    "move_type": "out_refund",
                    "partner_id": self.customer.id,
                    "invoice_date": date(2026, 3, 5),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Desconto",
                                "price_unit": 400.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            credit_note.action_post()
            move.js_assign_outstanding_line(
                credit_note.line_ids.filtered(lambda line: line.display_type == "payment_term").id
            )
        self.assertEqual(move.payment_state, "partial")
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual(d5.state, "sent")
        self.assertIn("600,00", d5.mail_message_id.body)


@tagged("post_install", "-at_install")
class TestRecipientsAndCompanies(CobrancaCommon):
    def post_at(self, due, posted="2026-03-02", partner=None, **vals):
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            return self.make_invoice(
                due, partner=partner, invoice_date=date.fromisoformat(posted), **vals
            )

    def test_each_contact_gets_its_own_invoices(self):
        company = self.env["res.partner"].create(
            {
                "name": "Atacado Paulista Ltda",
                "is_company": True,
                "email": "geral@atacado.example",
            }
        )
        buying, billing = self.env["res.partner"].create(
            [
                {
                    "name": "Compras",
                    "parent_id": company.id,
                    "email": "compras@atacado.example",
                },
                {
                    "name": "Financeiro",
                    "parent_id": company.id,
                    "type": "invoice",
                    "email": "financeiro@atacado.example",
                },
            ]
        )
        first = self.post_at("2026-03-16", partner=buying)
        second = self.post_at("2026-03-16", partner=billing)
        third = self.post_at("2026-03-16", posted="2026-03-03", partner=billing)
        self.company.cobranca_daily_cap = 2
        self.dispatch("2026-03-09 10:00")
        mails = self.mails_of(first | second | third)
        self.assertEqual(len(mails), 2)
        by_recipient = {mail.recipient_ids: mail for mail in mails}
        self.assertEqual(set(by_recipient), {buying, billing})
        self.assertIn(first.name, by_recipient[buying].body_html)
        self.assertNotIn(second.name, by_recipient[buying].body_html)
        for move in (second, third):
            self.assertIn(move.name, by_recipient[billing].body_html)
            self.assertEqual(self.reminders(move)["D-5"].partner_id, billing)
        self.assertEqual(self.reminders(first)["D-5"].partner_id, buying)

    def test_contact_without_email_falls_back_to_the_customer(self):
        company = self.env["res.partner"].create(
            {
                "name": "Mercado Central ME",
                "is_company": True,
                "email": "contato@mercado.example",
            }
        )
        contact = self.env["res.partner"].create({"name": "Balcão", "parent_id": company.id})
        move = self.post_at("2026-03-16", partner=contact)
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual((d5.state, d5.partner_id), ("sent", company))
        self.assertEqual(d5.mail_mail_id.recipient_ids, company)

    def test_one_customer_two_companies_each_with_its_cap_ladder_and_window(self):
        other = self.setup_other_company(name="Filial Rio Ltda")["company"]
        other.write(
            {
                "vat": "11.444.777/0001-61",
                "street": "Avenida Rio Branco, 10",
                "city": "Rio de Janeiro",
                "state_id": self.env.ref("base.state_br_rj").id,
                "cobranca_window_weekday_end": 18.0,  # the other company stops earlier
            }
        )
        mine = self.post_at("2026-03-16")
        with freeze_time(self.sp_time("2026-03-02 09:00")):
            theirs = (
                self.env["account.move"]
                .with_company(other)
                .create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": self.customer.id,
                        "invoice_date": date(2026, 3, 2),
                        "invoice_date_due": date(2026, 3, 16),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": "Frete",
                                    "price_unit": 300.0,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                )
            )
            theirs.action_post()
        # each invoice follows its company's own ladder
        self.assertEqual(mine.cobranca_regua_id, self.regua_padrao)
        self.assertEqual(theirs.cobranca_regua_id, other.cobranca_default_regua_id)
        self.assertNotEqual(theirs.cobranca_regua_id, self.regua_padrao)
        # Monday 09/03 19:00: this company's window is open, the other's closed at 18:00
        self.dispatch("2026-03-09 19:00")
        self.assertEqual(self.reminders(mine)["D-5"].state, "sent")
        self.assertEqual(self.reminders(theirs)["D-5"].state, "scheduled")
        self.dispatch("2026-03-10 10:00")
        self.assertEqual(self.reminders(theirs)["D-5"].state, "sent")
        # Friday 13/03: both D-1 reach the customer, one message a day per company
        self.dispatch("2026-03-13 10:00")
        self.assertEqual(self.reminders(mine)["D-1"].state, "sent")
        self.assertEqual(self.reminders(theirs)["D-1"].state, "sent")
        self.assertEqual(len(self.mails_of(mine)), 2)
        self.assertEqual(len(self.mails_of(theirs)), 2)


@tagged("post_install", "-at_install")
class TestPlannerDay(CobrancaCommon):
    """The planner's today is the company's (São Paulo, UTC-3), not UTC's."""

    def test_late_evening_in_sao_paulo_is_still_the_same_day(self):
        # 23:30 UTC on 09/03 is 20:30 in São Paulo, on 09/03: a D-5 of 09/03 is planned
        with freeze_time(datetime(2026, 3, 9, 23, 30)):
            move = self.make_invoice("2026-03-16", invoice_date=date(2026, 3, 9))
        d5 = self.reminders(move)["D-5"]
        self.assertEqual((d5.scheduled_date, d5.state), (date(2026, 3, 9), "scheduled"))

    def test_early_utc_morning_is_the_previous_sao_paulo_day(self):
        # 02:30 UTC on 10/03 is 23:30 in São Paulo on 09/03: the D-5 of 09/03 is not
        # late
        with freeze_time(datetime(2026, 3, 10, 2, 30)):
            move = self.make_invoice("2026-03-16", invoice_date=date(2026, 3, 9))
        d5 = self.reminders(move)["D-5"]
        self.assertEqual((d5.state, d5.skip_reason), ("scheduled", False))
        # an hour later in São Paulo it is 10/03: the same step would be late
        with freeze_time(datetime(2026, 3, 10, 3, 30)):
            other = self.make_invoice(
                "2026-03-16", partner=self.partner_a, invoice_date=date(2026, 3, 10)
            )
        self.assertEqual(self.reminders(other)["D-5"].skip_reason, "created_late")

    def test_created_late_boundary(self):
        # the step's date is the posting day: planned, and sent that day
        with freeze_time(self.sp_time("2026-03-09 09:00")):
            on_the_day = self.make_invoice("2026-03-16", invoice_date=date(2026, 3, 9))
        d5 = self.reminders(on_the_day)["D-5"]
        self.assertEqual((d5.scheduled_date, d5.state), (date(2026, 3, 9), "scheduled"))
        self.dispatch("2026-03-09 10:00")
        self.assertEqual(d5.state, "sent")
        # posted the day after the step's date: created late, never sent
        with freeze_time(self.sp_time("2026-03-10 09:00")):
            day_after = self.make_invoice(
                "2026-03-16", partner=self.partner_a, invoice_date=date(2026, 3, 10)
            )
        late = self.reminders(day_after)["D-5"]
        self.assertEqual((late.state, late.skip_reason), ("skipped", "created_late"))

    def test_due_date_moved_after_posting_moves_and_revives_the_steps(self):
        with freeze_time(self.sp_time("2026-03-10 09:00")):
            move = self.make_invoice("2026-03-16", invoice_date=date(2026, 3, 10))
            self.assertEqual(self.reminders(move)["D-5"].skip_reason, "created_late")
            # the customer gets two more weeks: D-5 is in the future again
            move.invoice_date_due = date(2026, 3, 30)
            move.cobranca_reminder_ids.invalidate_recordset()
        reminders = self.reminders(move)
        self.assertEqual(
            (reminders["D-5"].state, reminders["D-5"].scheduled_date),
            ("scheduled", date(2026, 3, 23)),
        )
        self.assertEqual(reminders["D0"].scheduled_date, date(2026, 3, 30))


@tagged("post_install", "-at_install")
class TestConsolidation(CobrancaCommon):
    def test_invoices_on_different_ladders_due_the_same_day_go_in_one_email(self):
        own = self.env["cobranca.regua"].create(
            {
                "name": "Régua da obra",
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": -5,
                            "channel": "email",
                            "mail_template_id": self.template_before_due.id,
                        }
                    )
                ],
            }
        )
        with freeze_time(self.sp_time("2026-03-02 09:00")):
            standard = self.make_invoice("2026-03-16", invoice_date=date(2026, 3, 2))
            special = self.make_invoice(
                "2026-03-16", invoice_date=date(2026, 3, 2), cobranca_regua_id=own.id
            )
        self.assertEqual(special.cobranca_regua_id, own)
        self.dispatch("2026-03-09 10:00")
        r1, r2 = self.reminders(standard)["D-5"], self.reminders(special)["D-5"]
        self.assertEqual((r1.state, r2.state), ("sent", "sent"))
        self.assertEqual(r1.mail_mail_id, r2.mail_mail_id)
        self.assertEqual(len(self.mails_of(standard | special)), 1)
