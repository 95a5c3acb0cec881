from odoo.tests import TransactionCase, tagged
from odoo.tools import format_amount

from ..tools import demo_data


@tagged("post_install", "-at_install")
class TestBrazilianDemo(TransactionCase):
    """The demo a newcomer opens: a Brazilian company whose customers rank themselves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].browse(cls.env["cobranca.demo"]._load())

    def test_company_is_brazilian_and_the_admins_current_one(self):
        company = self.company
        self.assertEqual(company.name, "Distribuidora Exemplo Ltda")
        self.assertEqual(company.currency_id, self.env.ref("base.BRL"))
        self.assertEqual(company.vat, "11.222.333/0001-81")
        self.assertEqual(company.state_id, self.env.ref("base.state_br_sp"))
        self.assertFalse(company.cobranca_creditor_missing)
        # its privacy notice is complete: the officer and the contact are named
        self.assertFalse(company.cobranca_privacy_missing)
        self.assertEqual(self.env.ref("base.user_admin").company_id, company)
        self.assertTrue(self.env["res.partner.bank"]._cobranca_pix_accounts(company))
        lang_env = self.env(context={"lang": "pt_BR"})
        self.assertEqual(
            format_amount(lang_env, 1234.56, company.currency_id).replace("\xa0", " "),
            "R$ 1.234,56",
        )

    def test_the_ranking_computes_every_class_from_the_payments(self):
        customers = (
            self.env["res.partner"]
            .search([("name", "in", [c.name for c in demo_data.CUSTOMERS])])
            .with_company(self.company)
        )
        self.assertEqual(len(customers), len(demo_data.CUSTOMERS))
        # nothing pinned: the classes come from the year of payments
        self.assertFalse(customers.filtered("cobranca_class_manual"))
        self.assertEqual(set(customers.mapped("cobranca_class")), {"a", "b", "c", "d", "new"})

    def test_each_customer_shows_what_it_has_overdue_now(self):
        customers = (
            self.env["res.partner"]
            .search([("name", "in", [c.name for c in demo_data.CUSTOMERS])])
            .with_company(self.company)
        )
        today = self.env["cobranca.calendar"]._today(self.company)
        overdue = {customer: 0.0 for customer in customers}
        for move in self.env["account.move"].search(
            [
                ("company_id", "=", self.company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
            ]
        ):
            if move.cobranca_effective_due_date < today:
                overdue[move.commercial_partner_id] += move.amount_residual
        self.assertGreaterEqual(len([amount for amount in overdue.values() if amount]), 5)
        for customer, amount in overdue.items():
            self.assertAlmostEqual(customer.cobranca_overdue_amount, amount, 2, customer.name)

    def test_open_invoices_sit_on_the_ladders_with_an_escalation_waiting(self):
        moves = self.env["account.move"].search(
            [("company_id", "=", self.company.id), ("payment_state", "=", "not_paid")]
        )
        self.assertEqual(len(moves), len(demo_data.OPEN_INVOICES))
        self.assertTrue(all(moves.mapped("cobranca_regua_id")))
        self.assertTrue(moves.cobranca_reminder_ids)
        waiting = moves.cobranca_reminder_ids.filtered(lambda r: r.state == "to_approve")
        self.assertEqual(len(waiting), 1, "an escalation waiting for the approver")
        texts = self.env["cobranca.render.values"]._texts()
        self.assertTrue(
            moves.filtered(lambda move: texts(move).pix_code), "Pix codes from the bank account"
        )
