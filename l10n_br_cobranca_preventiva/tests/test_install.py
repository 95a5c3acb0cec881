from odoo.tests import tagged
from odoo.tools import convert_file

from .common import CobrancaCommon

MODULE = "l10n_br_cobranca_preventiva"


def steps_of(regua):
    return [
        (s.offset_days, s.channel, s.fallback_channel or None, s.requires_approval)
        for s in regua.step_ids.sorted("offset_days")
    ]


@tagged("post_install", "-at_install")
class TestInstall(CobrancaCommon):
    def test_shipped_ladders_in_the_main_company(self):
        # the main company is not the test user's: read as superuser
        main = self.env.ref("base.main_company").sudo()
        padrao = self.env.ref(f"{MODULE}.regua_padrao").sudo()
        self.assertEqual(padrao.company_id, main)
        self.assertTrue(padrao.is_default)
        self.assertEqual(main.cobranca_default_regua_id, padrao)
        self.assertEqual(
            steps_of(padrao),
            [
                (-5, "email", None, False),
                (-1, "whatsapp", "email", False),
                (0, "email", None, False),
                (3, "email", None, False),
                (7, "activity", None, False),
                (15, "email", None, True),
            ],
        )
        self.assertTrue(padrao.step_ids.filtered(lambda s: s.offset_days == 15).escalation_notice)
        self.assertEqual(
            padrao.step_ids.filtered(lambda s: s.offset_days == 7).activity_type_id,
            self.env.ref("mail.mail_activity_data_call"),
        )
        self.assertEqual(
            steps_of(self.env.ref(f"{MODULE}.regua_discreta").sudo()),
            [(-3, "email", None, False), (5, "email", None, False)],
        )
        intensiva = self.env.ref(f"{MODULE}.regua_intensiva").sudo()
        self.assertEqual([s[0] for s in steps_of(intensiva)], [-7, -3, -1, 0, 1, 3, 10])
        self.assertEqual(
            intensiva.step_ids.filtered("requires_approval").mapped("offset_days"), [10]
        )
        self.assertEqual(
            intensiva.step_ids.filtered(lambda s: s.offset_days == 1).channel,
            "activity",
        )
        # every email step, or email fallback, has its Portuguese template
        for step in (padrao | intensiva).step_ids:
            if "email" in (step.channel, step.fallback_channel):
                self.assertEqual(step.mail_template_id.model, "account.move")

    def test_new_company_gets_its_own_copy_of_the_ladders(self):
        company = self.env["res.company"].create({"name": "Filial Recife Ltda"})
        reguas = self.env["cobranca.regua"].sudo().search([("company_id", "=", company.id)])
        self.assertEqual(len(reguas), 3)
        self.assertEqual(company.cobranca_default_regua_id.name, "Régua padrão")
        self.assertEqual(reguas.filtered("is_default"), company.cobranca_default_regua_id)
        self.assertEqual(reguas.step_ids.company_id, company)
        self.assertNotIn(self.env.ref(f"{MODULE}.regua_padrao"), reguas)
        # the test company was created the same way
        self.assertEqual(self.regua_padrao.name, "Régua padrão")
        self.assertEqual(len(self.regua_padrao.step_ids), 6)

    def test_installed_without_demo_data(self):
        self.assertFalse(self.env.ref(f"{MODULE}.demo_partner_maria", raise_if_not_found=False))

    def test_portuguese_is_active_for_customer_texts(self):
        self.assertTrue(self.env["res.lang"]._lang_get("pt_BR"))

    def test_demo_data_loads_and_shows_timelines(self):
        convert_file(
            self.env(su=True),
            MODULE,
            "demo/cobranca_demo.xml",
            {},
            mode="init",
            noupdate=False,
            kind="demo",
        )
        due_today = self.env.ref(f"{MODULE}.demo_invoice_due_today")
        self.assertEqual(due_today.state, "posted")
        self.assertEqual(due_today.partner_id.name, "Maria Aparecida Souza")
        self.assertTrue(due_today.cobranca_regua_id)
        self.assertEqual(
            len(self.env["cobranca.timeline"]._lines(due_today)),
            len(due_today.cobranca_regua_id.step_ids),
        )
        # posting planned its reminders
        self.assertEqual(
            due_today.cobranca_reminder_ids.step_id,
            due_today.cobranca_regua_id.step_ids,
        )
        excluded = self.env.ref(f"{MODULE}.demo_invoice_excluded")
        self.assertIn("excluded from collection", excluded.cobranca_timeline_html)
