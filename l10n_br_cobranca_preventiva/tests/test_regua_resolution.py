from odoo.tests import Form, tagged

from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestReguaResolution(CobrancaCommon):
    def test_company_default_when_customer_has_none(self):
        move = self.make_invoice("2026-03-10")
        self.assertEqual(move.cobranca_regua_id, self.regua_padrao)
        self.assertFalse(move.cobranca_regua_forced)

    def test_customer_ladder_wins_over_company_default(self):
        self.customer.cobranca_regua_id = self.regua_intensiva
        move = self.make_invoice("2026-03-10")
        self.assertEqual(move.cobranca_regua_id, self.regua_intensiva)

    def test_customer_ladder_is_read_on_the_commercial_partner(self):
        self.customer.write({"is_company": True, "cobranca_regua_id": self.regua_discreta.id})
        contact = self.env["res.partner"].create(
            {"name": "Financeiro", "parent_id": self.customer.id, "type": "invoice"}
        )
        move = self.make_invoice("2026-03-10", partner=contact)
        self.assertEqual(move.cobranca_regua_id, self.regua_discreta)

    def test_changing_the_customer_ladder_follows_on_open_invoices(self):
        move = self.make_invoice("2026-03-10")
        self.customer.cobranca_regua_id = self.regua_discreta
        self.assertEqual(move.cobranca_regua_id, self.regua_discreta)
        self.customer.cobranca_regua_id = False
        self.assertEqual(move.cobranca_regua_id, self.regua_padrao)

    def test_changing_the_company_default_follows_on_invoices(self):
        move = self.make_invoice("2026-03-10")
        # a new customer follows the ladder of its class first...
        self.company.cobranca_default_regua_id = self.regua_intensiva
        self.assertEqual(move.cobranca_regua_id, self.regua_padrao)
        # ...and the company default when the class has none
        self.company.cobranca_regua_new_id = False
        self.assertEqual(move.cobranca_regua_id, self.regua_intensiva)

    def test_class_ladder_follows_the_setting(self):
        move = self.make_invoice("2026-03-10")
        self.company.cobranca_regua_new_id = self.regua_discreta
        self.assertEqual(move.cobranca_regua_id, self.regua_discreta)

    def test_invoice_ladder_wins_and_survives_customer_changes(self):
        self.customer.cobranca_regua_id = self.regua_intensiva
        move = self.make_invoice("2026-03-10")
        move.cobranca_regua_id = self.regua_discreta
        self.assertTrue(move.cobranca_regua_forced)
        self.customer.cobranca_regua_id = self.regua_padrao
        self.company.cobranca_default_regua_id = self.regua_intensiva
        self.assertEqual(move.cobranca_regua_id, self.regua_discreta)
        move.action_cobranca_reset_regua()
        self.assertFalse(move.cobranca_regua_forced)
        self.assertEqual(move.cobranca_regua_id, self.regua_padrao)

    def test_invoice_ladder_chosen_at_creation(self):
        move = self.make_invoice("2026-03-10", cobranca_regua_id=self.regua_intensiva.id)
        self.assertTrue(move.cobranca_regua_forced)
        self.customer.cobranca_regua_id = self.regua_discreta
        self.assertEqual(move.cobranca_regua_id, self.regua_intensiva)

    def test_form_edits_do_not_freeze_the_automatic_ladder(self):
        other = self.env["res.partner"].create(
            {
                "name": "Padaria Pão Quente ME",
                "cobranca_regua_id": self.regua_discreta.id,
            }
        )
        with Form(self.env["account.move"].with_context(default_move_type="out_invoice")) as form:
            form.partner_id = self.customer
            form.partner_id = other
            with form.invoice_line_ids.new() as line:
                line.name = "Pães"
                line.price_unit = 100
        move = form.record
        self.assertEqual(move.cobranca_regua_id, self.regua_discreta)
        self.assertFalse(move.cobranca_regua_forced)
        # choosing the automatic ladder by hand is not an override either
        move.cobranca_regua_id = self.regua_discreta
        self.assertFalse(move.cobranca_regua_forced)

    def test_copied_invoice_follows_the_customer_again(self):
        move = self.make_invoice("2026-03-10", cobranca_regua_id=self.regua_intensiva.id)
        copy = move.copy()
        self.assertFalse(copy.cobranca_regua_forced)
        self.assertEqual(copy.cobranca_regua_id, self.regua_padrao)

    def test_ladder_of_another_company_is_ignored(self):
        other_company = self.setup_other_company()["company"]
        self.customer.with_company(
            other_company
        ).cobranca_regua_id = other_company.cobranca_default_regua_id
        move = self.make_invoice("2026-03-10")
        self.assertEqual(move.cobranca_regua_id, self.regua_padrao)
        # company-dependent: the customer has no ladder in the invoice's company
        self.assertFalse(self.customer.cobranca_regua_id)

    def test_archived_customer_ladder_falls_back_to_default(self):
        self.customer.cobranca_regua_id = self.regua_discreta
        self.regua_discreta.active = False
        move = self.make_invoice("2026-03-10")
        self.assertEqual(move.cobranca_regua_id, self.regua_padrao)

    def test_only_customer_invoices_get_a_ladder(self):
        bill = self.make_invoice("2026-03-10", move_type="in_invoice", post=False)
        refund = self.make_invoice("2026-03-10", move_type="out_refund", post=False)
        self.assertFalse(bill.cobranca_regua_id)
        self.assertFalse(refund.cobranca_regua_id)
        self.assertFalse(refund.cobranca_timeline_html)

    def test_no_ladder_anywhere(self):
        self.regua_padrao.is_default = False
        self.company.cobranca_regua_new_id = False
        move = self.make_invoice("2026-03-10")
        self.assertFalse(move.cobranca_regua_id)
        self.assertEqual(self.env["cobranca.timeline"]._lines(move), [])
        self.assertIn("No dunning ladder applies", move.cobranca_timeline_html)
