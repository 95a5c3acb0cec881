from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import config

from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestSetupChecks(CobrancaCommon):
    """The settings' first-run panel names what is missing to send, until it is set."""

    def settings(self):
        return self.env["res.config.settings"].with_company(self.company).create({})

    def test_each_missing_item_clears_when_it_is_set(self):
        self.env["ir.mail_server"].search([]).unlink()
        self.company.partner_id.bank_ids.unlink()
        self.company.write(
            {
                "vat": False,
                "cobranca_whatsapp_phone_number_id": False,
                "cobranca_whatsapp_token": False,
            }
        )
        settings = self.settings()
        self.assertIn("CNPJ", settings.cobranca_creditor_missing)
        self.assertTrue(settings.cobranca_setup_no_mail_server)
        self.assertTrue(settings.cobranca_setup_no_pix)
        self.assertTrue(settings.cobranca_setup_no_whatsapp)
        self.assertFalse(settings.cobranca_setup_ready)

        self.company.vat = "11.222.333/0001-81"
        self.assertFalse(self.settings().cobranca_creditor_missing)

        self.env["ir.mail_server"].create({"name": "SMTP", "smtp_host": "smtp.example.com"})
        self.assertFalse(self.settings().cobranca_setup_no_mail_server)

        # a bank account without a Pix key is not enough
        bank = self.env["res.partner.bank"].create(
            {"acc_number": "12345-6", "partner_id": self.company.partner_id.id}
        )
        self.assertTrue(self.settings().cobranca_setup_no_pix)
        bank.write({"proxy_type": "br_cpf_cnpj", "proxy_value": "11222333000181"})
        settings = self.settings()
        self.assertFalse(settings.cobranca_setup_no_pix)
        # WhatsApp is optional: the company is ready without it
        self.assertTrue(settings.cobranca_setup_no_whatsapp)
        self.assertTrue(settings.cobranca_setup_ready)

        self.company.write(
            {"cobranca_whatsapp_phone_number_id": "123", "cobranca_whatsapp_token": "tok"}
        )
        self.assertFalse(self.settings().cobranca_setup_no_whatsapp)

    def test_a_mail_server_of_the_server_configuration_counts(self):
        """odoo.conf's or the command line's smtp_server (scripts/run.sh points it at its
        local sink) is what core sends through when no server record exists."""
        self.env["ir.mail_server"].search([]).unlink()
        with patch.dict(config.options, {"smtp_server": "localhost", "smtp_port": 25}):
            self.assertTrue(self.settings().cobranca_setup_no_mail_server)
        with patch.dict(config.options, {"smtp_server": "127.0.0.1", "smtp_port": 2525}):
            self.assertFalse(self.settings().cobranca_setup_no_mail_server)
        with patch.dict(config.options, {"smtp_server": "smtp.example.com", "smtp_port": 25}):
            self.assertFalse(self.settings().cobranca_setup_no_mail_server)

    def test_buttons_open_the_places_to_fix(self):
        settings = self.settings()
        self.assertEqual(
            settings.action_cobranca_open_mail_servers()["res_model"], "ir.mail_server"
        )
        action = settings.action_cobranca_open_bank_accounts()
        self.assertEqual(action["res_model"], "res.partner.bank")
        self.assertEqual(action["domain"], [("partner_id", "=", self.company.partner_id.id)])
        company = settings.action_cobranca_open_company()
        self.assertEqual(
            (company["res_model"], company["res_id"]), ("res.company", self.company.id)
        )
