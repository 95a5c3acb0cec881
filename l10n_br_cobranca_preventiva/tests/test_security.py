from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestSecurity(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Empresa B Ltda")["company"]
        cls.user_b = new_test_user(
            cls.env,
            login="cobranca_b",
            groups="account.group_account_manager",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.clerk = new_test_user(
            cls.env,
            login="cobranca_clerk",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def test_user_of_company_b_does_not_see_company_a_ladders(self):
        Regua = self.env["cobranca.regua"].with_user(self.user_b)
        visible = Regua.search([])
        self.assertTrue(visible)
        self.assertEqual(visible.company_id, self.company_b)
        self.assertNotIn(self.regua_padrao, visible)
        with self.assertRaises(AccessError):
            self.regua_padrao.with_user(self.user_b).read(["name"])
        steps = self.env["cobranca.regua.step"].with_user(self.user_b).search([])
        self.assertEqual(steps.company_id, self.company_b)

    def test_invoicing_user_is_a_collection_user(self):
        self.assertTrue(
            self.clerk.has_group("l10n_br_cobranca_preventiva.group_cobranca_user")
        )
        self.assertFalse(
            self.clerk.has_group("l10n_br_cobranca_preventiva.group_cobranca_approver")
        )
        self.assertTrue(
            self.user_b.has_group("l10n_br_cobranca_preventiva.group_cobranca_approver")
        )

    def test_clerk_reads_but_does_not_configure_ladders(self):
        regua = self.regua_padrao.with_user(self.clerk)
        self.assertEqual(regua.name, "Régua padrão")
        self.assertTrue(regua.step_ids)
        with self.assertRaises(AccessError):
            regua.name = "Outra"
        with self.assertRaises(AccessError):
            regua.step_ids[0].offset_days = -2

    def test_clerk_can_override_the_ladder_of_an_invoice(self):
        move = self.make_invoice("2026-03-10")
        move.with_user(self.clerk).cobranca_regua_id = self.regua_discreta
        self.assertEqual(move.cobranca_regua_id, self.regua_discreta)
        self.assertTrue(move.cobranca_regua_forced)
