"""The WhatsApp account settings: system administrators only, token over https."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common_whatsapp import WABA_ID, WhatsappCommon

TEMPLATES_PATH = f"/v21.0/{WABA_ID}/message_templates"


@tagged("post_install", "-at_install")
class TestWhatsappSettings(WhatsappCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = {
            "company_id": cls.company.id,
            "company_ids": [(6, 0, cls.company.ids)],
        }
        cls.accountant = new_test_user(
            cls.env,
            login="wa_accountant",
            groups="account.group_account_manager,l10n_br_cobranca_preventiva.group_cobranca_approver",
            **company,
        )
        # may edit companies (Settings > Companies) without being a system administrator
        cls.access_admin = new_test_user(
            cls.env, login="wa_access_admin", groups="base.group_erp_manager", **company
        )
        cls.sysadmin = new_test_user(
            cls.env, login="wa_sysadmin", groups="base.group_system", **company
        )

    def expect_templates(self):
        self.server.expect_oneshot_request(TEMPLATES_PATH, method="GET").respond_with_json(
            {
                "data": [
                    {
                        "name": "lembrete_novo",
                        "language": "pt_BR",
                        "status": "APPROVED",
                        "category": "UTILITY",
                        "id": "594425479261596",
                        "components": [{"type": "BODY", "text": "Olá {{1}}, fatura {{2}}."}],
                    }
                ],
                "paging": {"cursors": {"before": "MAZDZD", "after": "MjQZD"}},
            }
        )

    def synced(self):
        return self.env["cobranca.whatsapp.template"].search([("name", "=", "lembrete_novo")])

    # ------------------------------------------------------------------ opt-in
    def test_switching_whatsapp_away_from_opt_in_warns_that_meta_requires_it(self):
        settings = Form(self.env["res.config.settings"])
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as warned:
            settings.cobranca_consent_whatsapp = "opt_out"
        self.assertIn("Meta requires an opt-in", warned.output[0])
        with self.assertNoLogs("odoo.tests.form.onchange", "WARNING"):
            settings.cobranca_consent_whatsapp = "opt_in"
        # the page says it too while the policy is not opt-in
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]
        self.assertIn("only after they opted in", arch["arch"])
        self.assertIn("cobranca_consent_whatsapp == 'opt_in'", arch["arch"])

    # ------------------------------------------------------------ template sync
    def test_template_sync_is_refused_outside_the_system_group(self):
        self.expect_templates()
        for user in (self.accountant, self.access_admin):
            with self.assertRaises(AccessError):
                self.company.with_user(user).action_cobranca_whatsapp_sync()
        self.assertFalse(self.server.log)  # the token never left
        self.assertFalse(self.synced())

    def test_system_administrator_synchronises_the_templates(self):
        self.expect_templates()
        settings = self.env["res.config.settings"].with_user(self.sysadmin).create({})
        result = settings.action_cobranca_whatsapp_sync()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(len(self.server.log), 1)
        self.assertEqual((self.synced().status, self.synced().param_count), ("APPROVED", 2))

    # ---------------------------------------------------------------- API URL
    def test_api_url_is_for_system_administrators(self):
        company = self.company.with_user(self.access_admin)
        self.assertTrue(company.name)  # the company itself is readable and writable
        company.write({"cobranca_daily_cap": 3})
        with self.assertRaises(AccessError):
            company.write({"cobranca_whatsapp_base_url": "https://evil.example.com"})
        with self.assertRaises(AccessError):
            company.read(["cobranca_whatsapp_base_url"])
        self.assertEqual(
            self.company.sudo().cobranca_whatsapp_base_url,
            self.server.url_for("").rstrip("/"),
        )

    def test_api_url_needs_https_except_on_loopback(self):
        company = self.company.with_user(self.sysadmin)
        for url in (
            "http://graph.facebook.com",
            "http://localhost.example.com",
            "ftp://x.com",
        ):
            with self.assertRaises(ValidationError):
                company.write({"cobranca_whatsapp_base_url": url})
        for url in (
            "https://graph.facebook.com",
            "http://127.0.0.1:8069",
            "http://localhost:8069",
            "http://[::1]:8069",
        ):
            company.write({"cobranca_whatsapp_base_url": url})
            self.assertEqual(company.cobranca_whatsapp_base_url, url)
