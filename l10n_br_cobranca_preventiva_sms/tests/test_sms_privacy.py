"""What the customer is told about SMS: the privacy notice names it among the channels
that need a consent (its default policy) and, when a step sends SMS, Odoo S.A. and the
carriers as processors, possibly abroad; the data-subject export names the channel."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests import lgpd_common


@tagged("post_install", "-at_install")
class TestSmsPrivacyNotice(lgpd_common.LgpdCommon):
    def notice(self):
        partner = self.customer.with_context(allowed_company_ids=self.company.ids)
        [notice] = partner._cobranca_subject_data()["processing"]
        return notice

    def test_without_an_sms_step_odoo_is_not_named(self):
        self.assertEqual(self.company.cobranca_consent_sms, "opt_in")
        notice = self.notice()
        basis = notice["legal_basis"]
        self.assertIn("lembretes por WhatsApp, SMS só são enviados com o seu consentimento", basis)
        self.assertNotIn("Odoo S.A.", " | ".join(r["name"] for r in notice["recipients"]))
        self.assertNotIn("Odoo S.A.", notice["transfer"])

    def test_an_sms_step_names_odoo_and_the_carriers(self):
        self.regua_padrao.write(
            {
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": 30,
                            "channel": "sms",
                            "sms_template_id": self.env.ref(
                                "l10n_br_cobranca_preventiva_sms.sms_template_cobranca_due_today"
                            ).id,
                        }
                    )
                ]
            }
        )
        notice = self.notice()
        names = " | ".join(r["name"] for r in notice["recipients"])
        self.assertIn("Odoo S.A. (serviço de SMS do Odoo, IAP) e operadoras de telefonia", names)
        self.assertIn("Odoo S.A. (SMS)", notice["transfer"])
        self.assertIn("textos de e-mail, WhatsApp e SMS", notice["retention"][0]["data"])

    def test_sms_policy_opt_out_leaves_it_out_of_the_consent_sentence(self):
        self.company.cobranca_consent_sms = "opt_out"
        self.assertNotIn("SMS", self.notice()["legal_basis"])
