from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestTimeline(CobrancaCommon):
    def test_friday_before_carnaval(self):
        # Due Friday 13/02/2026; Carnaval is Monday 16 and Tuesday 17.
        move = self.make_invoice("2026-02-13")
        self.assertEqual(move.cobranca_effective_due_date, date(2026, 2, 13))
        self.assertEqual(
            self.timeline_dates(move),
            {
                "D-5": date(2026, 2, 6),
                "D-1": date(2026, 2, 12),
                "D0": date(2026, 2, 13),
                "D+3": date(2026, 2, 20),  # 18 (Ash Wednesday), 19, 20
                "D+7": date(2026, 2, 26),
                "D+15": date(2026, 3, 10),
            },
        )

    def test_saturday_due_date_counts_from_monday(self):
        move = self.make_invoice("2026-03-14")
        self.assertEqual(move.cobranca_due_date, date(2026, 3, 14))
        self.assertEqual(move.cobranca_effective_due_date, date(2026, 3, 16))
        dates = self.timeline_dates(move)
        self.assertEqual(dates["D-5"], date(2026, 3, 9))
        self.assertEqual(dates["D-1"], date(2026, 3, 13))
        self.assertEqual(dates["D0"], date(2026, 3, 16))
        self.assertEqual(dates["D+3"], date(2026, 3, 19))

    def test_calendar_day_steps(self):
        step = self.regua_padrao.step_ids.filtered(lambda s: s.offset_days == 15)
        step.day_type = "calendar"
        move = self.make_invoice("2026-02-13")
        self.assertEqual(self.timeline_dates(move)["D+15"], date(2026, 2, 28))

    def test_company_state_holidays(self):
        # 09/07 is a holiday in São Paulo only.
        self.company.state_id = self.env.ref("base.state_br_mg")
        move = self.make_invoice("2026-07-10")
        self.assertEqual(self.timeline_dates(move)["D-1"], date(2026, 7, 9))
        self.company.state_id = self.env.ref("base.state_br_sp")
        move.invalidate_recordset()
        self.assertEqual(self.timeline_dates(move)["D-1"], date(2026, 7, 8))

    def test_open_installment_is_the_due_date(self):
        terms = self.env["account.payment.term"].create(
            {
                "name": "30/60",
                "line_ids": [
                    (0, 0, {"value": "percent", "value_amount": 50, "nb_days": 30}),
                    (0, 0, {"value": "percent", "value_amount": 50, "nb_days": 60}),
                ],
            }
        )
        move = self.make_invoice(
            "2026-04-01",
            invoice_date=date(2026, 3, 2),
            invoice_payment_term_id=terms.id,
        )
        self.assertEqual(move.invoice_date_due, date(2026, 5, 1))
        self.assertEqual(move.cobranca_due_date, date(2026, 4, 1))

    def test_invoice_without_due_date_uses_invoice_date(self):
        move = self.make_invoice(
            "2026-03-10", invoice_date=date(2026, 3, 2), post=False
        )
        move.invoice_date_due = False
        self.assertEqual(move.cobranca_due_date, date(2026, 3, 2))
        self.assertEqual(self.timeline_dates(move)["D0"], date(2026, 3, 2))

    @freeze_time("2026-02-12 10:00:00")
    def test_timeline_html_lists_steps_and_today(self):
        move = self.make_invoice("2026-02-13", post=False)
        html = move.cobranca_timeline_html
        for name in ("D-5", "D-1", "D0", "D+3", "D+7", "D+15"):
            self.assertIn(f"<td>{name}</td>", html)
        self.assertIn("02/13/2026", html)  # en_US user
        self.assertIn("today", html)
        self.assertIn("needs approval", html)
        self.assertIn("(else Email)", html)  # D-1 WhatsApp falls back to email
        self.assertIn("Preview", html)
        # once posted, the planned reminders replace the preview
        move.action_post()
        self.assertNotIn("<td>D-5</td>", move.cobranca_timeline_html)
        self.assertEqual(len(move.cobranca_reminder_ids), 6)

    def test_timeline_html_in_portuguese(self):
        move = self.make_invoice("2026-02-13", post=False).with_context(lang="pt_BR")
        html = move.cobranca_timeline_html
        self.assertIn("13/02/2026", html)
        self.assertIn("Vencimento", html)
        self.assertIn("requer aprovação", html)

    def test_timeline_states(self):
        draft = self.make_invoice("2026-02-13", post=False)
        self.assertIn("Preview", draft.cobranca_timeline_html)
        self.customer.cobranca_excluded = True
        posted = self.make_invoice("2026-02-13")
        self.assertIn("excluded from collection", posted.cobranca_timeline_html)
        posted.button_cancel()
        self.assertIn("paid or cancelled", posted.cobranca_timeline_html)

    def test_saturday_timeline_says_when_it_is_payable(self):
        move = self.make_invoice("2026-03-14")
        self.assertIn("payable until", move.cobranca_timeline_html)
        self.assertIn("03/16/2026", move.cobranca_timeline_html)
