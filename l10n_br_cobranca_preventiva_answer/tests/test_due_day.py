"""The customer picks the best due day: it asks on the answer page (over the real
route), a collection user approves or refuses, the customer is told by email (the
channel of the page), and once approved its next invoice falls due on that day
(core's payment terms "Todo dia N") with its ladder planned from it, while the
invoices already issued keep theirs. Whoever may not ask or decide is refused."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from ..models.cobranca_due_day_request import term_line_values
from ..models.res_partner import usual_day
from .common_answers import NOW, AnswerPageMixin, AnswersCommon
from .test_decisions import text_of


@tagged("post_install", "-at_install")
class TestDueDay(AnswerPageMixin, AnswersCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.clerk = new_test_user(
            cls.env,
            login="faturista.vencimento",
            groups="account.group_account_invoice,base.group_partner_manager",
            **company,
        )
        cls.employee = new_test_user(
            cls.env, login="vendedor.vencimento", groups="base.group_user", **company
        )
        cls.company_b = cls.env["res.company"].create({"name": "Outra Distribuidora Ltda"})
        cls.clerk_b = new_test_user(
            cls.env,
            login="faturista.b",
            groups="account.group_account_invoice,base.group_partner_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.stranger = new_test_user(
            cls.env,
            login="outro.portal.vencimento",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"].create({"name": "Outra Empresa ME"}).id,
        )
        cls.Request = cls.env["cobranca.due.day.request"]

    def setUp(self):
        super().setUp()
        self.move = self.post_at("2026-03-16")
        self.move._portal_ensure_token()

    def requests(self):
        return self.Request.search([("partner_id", "=", self.customer.id)])

    def ask(self, day=10, **fields):
        response = self.post("due_day", day=str(day), **fields)
        self.assertEqual(response.status_code, 200, response.text[-500:])
        return self.requests()[:1]  # the latest

    def decide(self, request, action, user=None, note=None):
        request = request.with_user(user or self.clerk)
        if note:
            request.decision_note = note
        with self.at("2026-03-03 10:00"):
            getattr(request, action)()
        self.env.invalidate_all()
        return request

    def invoice(self, invoice_date, partner=None):
        """An invoice as a clerk makes it: the customer's payment terms decide its due
        date."""
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.customer).id,
                "invoice_date": invoice_date,
                "invoice_line_ids": [
                    Command.create({"name": "Consultoria", "price_unit": 500.0, "tax_ids": []})
                ],
            }
        )
        move.action_post()
        return move

    def told(self, move):
        reminders = move.cobranca_reminder_ids.mail_message_id
        return self.mails_of(move).filtered(lambda m: m.mail_message_id not in reminders)

    # ------------------------------------------------------------------ asking
    def test_a_due_day_asked_on_the_page_waits_for_a_person(self):
        page = self.open(self.url())
        self.assertIn("Escolher o dia de vencimento", page.text)
        self.assertIn('<option value="25">Todo dia 25</option>', page.text)
        request = self.ask(10, note="Recebo dia 5")
        self.assertEqual(
            (request.day, request.state, request.source, request.channel, request.note),
            (10, "requested", "portal", "portal", "Recebo dia 5"),
        )
        self.assertEqual(request.move_id, self.move)
        [todo] = self.activities(request)
        self.assertEqual(todo.user_id, self.collector)
        self.assertIn("day 10 of the month", self.notes(self.move)[0])
        page = self.open(self.url())
        self.assertIn("O seu pedido de vencimento todo dia <strong>10</strong>", page.text)
        # asking again while it waits changes its day: one request, one to-do
        self.ask(15)
        self.assertEqual(self.requests(), request)
        self.assertEqual(request.day, 15)
        self.assertEqual(len(self.activities(request)), 1)

    def test_a_day_not_offered_changes_nothing(self):
        response = self.post("due_day", day="12")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Escolha um dos dias de vencimento oferecidos", response.text)
        self.company.cobranca_due_days = ""
        page = self.open(self.url())
        self.assertNotIn("Escolher o dia de vencimento", page.text)
        self.assertEqual(self.post("due_day", day="10").status_code, 400)
        self.assertFalse(self.requests())

    def test_a_customer_asks_three_times_a_month_at_most(self):
        for day in (10, 15, 20):
            request = self.ask(day)
            self.decide(request, "action_refuse", note="O contrato prevê o dia 5.")
            request.invalidate_recordset()
        response = self.post("due_day", day="25")
        self.assertEqual(response.status_code, 400)
        self.assertIn("vários pedidos de dia de vencimento", response.text)
        self.assertEqual(len(self.requests()), 3)

    def test_a_collection_user_records_a_request_in_its_own_name(self):
        self.authenticate("faturista.vencimento", "faturista.vencimento")
        page = self.open(self.url(token=""))
        self.assertIn("Escolher o dia de vencimento", page.text)
        response = self.post("due_day", token="", day="20")
        self.assertEqual(response.status_code, 200)
        [request] = self.requests()
        self.assertEqual((request.source, request.channel, request.day), ("clerk", False, 20))
        note = self.move.message_ids.filtered(lambda m: "day 20 of the month" in (m.body or ""))
        self.assertEqual(note.author_id, self.clerk.partner_id)
        self.assertIn("Recorded by", note.body)

    def test_the_offered_days_are_days_every_month_has(self):
        for wrong in ("5,40", "0,10", "dez", "10;29"):
            with self.subTest(wrong=wrong), self.assertRaises(ValidationError):
                self.company.cobranca_due_days = wrong
        self.company.cobranca_due_days = " 20, 5;10 "
        self.assertEqual(self.company._cobranca_due_days(), [5, 10, 20])
        with self.assertRaises(ValidationError):
            self.company.cobranca_due_day_min_days = -1

    # ------------------------------------------------------------------ actors
    def test_anonymous_with_a_bad_token_is_refused(self):
        page = self.open(self.url())
        data = {"csrf_token": self.csrf(page), "action": "due_day", "day": "10"}
        response = self.open(
            f"/my/invoices/{self.move.id}/cobranca", data={**data, "access_token": "x" * 36}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.requests())

    def test_a_portal_user_of_another_customer_is_refused(self):
        self.authenticate("outro.portal.vencimento", "outro.portal.vencimento")
        self.assertEqual(self.post("due_day", token="", day="10").status_code, 403)
        self.assertFalse(self.requests())
        with self.assertRaises(AccessError):
            self.Request.with_user(self.stranger).search([])

    def test_only_collection_users_of_its_company_decide(self):
        request = self.ask(10)
        for user in (self.employee, self.clerk_b, self.stranger):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    request.with_user(user).action_approve()
                with self.assertRaises(AccessError):
                    request.with_user(user).read(["day"])
        with self.assertRaises(AccessError):
            request.with_user(self.clerk).write({"day": 20})
        self.assertEqual(request.state, "requested")
        self.assertFalse(self.customer.with_company(self.company).property_payment_term_id)

    # ---------------------------------------------------------------- decision
    def test_approved_the_next_invoice_falls_due_on_that_day_open_ones_keep_theirs(self):
        contact = self.env["res.partner"].create(
            {"name": "Financeiro", "parent_id": self.customer.id, "type": "invoice"}
        )
        request = self.decide(self.ask(10), "action_approve")
        self.assertEqual((request.state, request.decided_by_id), ("approved", self.clerk))
        customer = self.customer.with_company(self.company)
        term = customer.property_payment_term_id
        self.assertEqual((term.name, term.company_id), ("Todo dia 10", self.company))
        self.assertEqual(request.payment_term_id, term)
        self.assertEqual(customer.with_user(self.clerk).cobranca_due_day, 10)
        self.assertFalse(self.activities(request))
        self.assertEqual(self.move.invoice_date_due, date(2026, 3, 16))  # issued: kept
        # at least 10 days after the invoice date, on the 10th
        with self.at("2026-03-12 09:00"):
            late = self.invoice("2026-03-12")
        self.assertEqual(
            (late.invoice_payment_term_id, late.invoice_date_due), (term, date(2026, 4, 10))
        )
        with self.at("2026-02-27 09:00"):
            early = self.invoice("2026-02-27")
        self.assertEqual(early.invoice_date_due, date(2026, 3, 10))
        # the ladder is planned from the new due date: D-1 on Thursday 09/04
        self.assertEqual(self.timeline_dates(late)["D-1"], date(2026, 4, 9))
        self.assertEqual(late.cobranca_due_date, date(2026, 4, 10))
        # an invoice to one of the customer's contacts too (the terms are the
        # commercial partner's, synchronised to its contacts, older or newer)
        with self.at("2026-03-12 09:00"):
            to_contact = self.invoice("2026-03-12", partner=contact)
        self.assertEqual(to_contact.invoice_date_due, date(2026, 4, 10))
        newer = self.env["res.partner"].create({"name": "Compras", "parent_id": self.customer.id})
        self.assertEqual(newer.with_company(self.company).property_payment_term_id, term)
        # a second customer approved on the same day gets the same terms
        other = self.env["res.partner"].create({"name": "José", "email": "jose@example.com"})
        second = self.Request.sudo().create(
            {
                "partner_id": other.id,
                "company_id": self.company.id,
                "day": 10,
                "move_id": self.move.id,
            }
        )
        self.decide(second.with_env(self.env), "action_approve")
        self.assertEqual(other.with_company(self.company).property_payment_term_id, term)

    def test_the_customer_is_told_the_approval_by_email(self):
        request = self.decide(self.ask(10), "action_approve")
        [mail] = self.told(self.move)
        text = text_of(mail.body_html)
        self.assertEqual(mail.subject, "Vencimento das suas faturas: todo dia 10")
        self.assertIn(
            "as suas próximas faturas de Distribuidora Exemplo Ltda vencerão todo dia 10", text
        )
        self.assertIn("As faturas já emitidas mantêm o vencimento que têm.", text)
        self.assertIn("CNPJ 11.222.333/0001-81", text)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn("Due day request approved by", self.notes(self.move)[0])
        self.assertTrue(request.message_ids)

    def test_a_refusal_needs_a_reason_and_tells_the_customer_it(self):
        request = self.ask(20)
        with self.assertRaises(UserError):
            self.decide(request, "action_refuse")
        self.decide(request, "action_refuse", note="O contrato prevê vencimento no dia 5.")
        self.assertEqual(request.state, "refused")
        self.assertFalse(self.customer.with_company(self.company).property_payment_term_id)
        [mail] = self.told(self.move)
        text = text_of(mail.body_html)
        self.assertIn("vençam todo dia 20 não foi aceito", text)
        self.assertIn("Motivo: O contrato prevê vencimento no dia 5.", text)
        with self.assertRaises(UserError):
            request.with_user(self.clerk).decision_note = "outro motivo"
        # the page shows the decision, no pending request any more
        page = self.open(self.url(), when=NOW)
        self.assertNotIn("está em análise", page.text)
        self.assertIn("Motivo: O contrato prevê vencimento no dia 5.", page.text)

    # ----------------------------------------------------------- payment terms
    def test_todo_dia_n_is_the_first_such_day_after_the_minimum_days(self):
        term = self.Request._due_day_term(self.company, 15)
        line = term.line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(
            {k: line[k] for k in ("delay_type", "days_next_month", "nb_days")},
            {
                k: v
                for k, v in term_line_values(15, 10).items()
                if k != "value" and k != "value_amount"
            },
        )
        for invoiced, due in (
            (date(2026, 3, 2), date(2026, 3, 15)),  # 12/03 is before the 15th
            (date(2026, 3, 5), date(2026, 3, 15)),  # exactly 10 days
            (date(2026, 3, 6), date(2026, 4, 15)),
            (date(2026, 12, 28), date(2027, 1, 15)),
            (date(2027, 1, 31), date(2027, 2, 15)),
        ):
            self.assertEqual(line._get_due_date(invoiced), due, invoiced)
        self.assertEqual(self.Request._due_day_term(self.company, 15), term)
        self.company.cobranca_due_day_min_days = 0
        other = self.Request._due_day_term(self.company, 15)
        self.assertNotEqual(other, term)
        self.assertEqual(other.line_ids._get_due_date(date(2026, 3, 15)), date(2026, 3, 15))

    # ----------------------------------------------------------- the usual day
    def test_the_collection_tab_suggests_the_day_the_customer_usually_pays(self):
        customer = self.customer.with_user(self.clerk).with_company(self.company)
        self.assertEqual(customer.cobranca_usual_pay_day, 0)
        for due, paid in (
            ("2025-10-05", "2025-10-12"),
            ("2025-11-05", "2025-11-11"),
            ("2025-12-05", "2025-12-13"),
            ("2026-01-05", "2026-01-12"),
        ):
            move = self.post_at(due, posted=due[:8] + "01")
            self.pay(move, day=date.fromisoformat(paid))
        customer.invalidate_recordset()
        self.assertEqual(customer.cobranca_usual_pay_day, 12)
        self.assertEqual(customer.cobranca_suggested_due_day, 15)
        self.assertEqual(customer.cobranca_due_day, 0)

    def test_the_usual_day_reads_the_turn_of_the_month_and_needs_a_habit(self):
        self.assertEqual(usual_day({30: 2, 31: 1, 1: 2, 2: 1}, 3), 31)
        self.assertEqual(usual_day({10: 1, 11: 1}, 3), 0)  # too few
        self.assertEqual(usual_day({1: 1, 8: 1, 16: 1, 24: 1}, 3), 0)  # no habit
