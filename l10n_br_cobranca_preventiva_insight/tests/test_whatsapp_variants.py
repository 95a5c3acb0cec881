"""A/B variants on WhatsApp: each customer always gets the same template of a step
(its variant, stored on the reminder), filled with the step's parameters; the Cloud
API receives that template's name; a variant whose template does not take the step's
parameters is refused; its reads count in the variant's figures."""

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common_whatsapp import WhatsappCommon

from ..tools import insight


@tagged("post_install", "-at_install")
class TestWhatsappVariants(WhatsappCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Template = cls.env["cobranca.whatsapp.template"].sudo()
        cls.template_b = Template.create(
            {
                "name": "lembrete_vencimento_b",
                "language": "pt_BR",
                "status": "APPROVED",
                "category": "UTILITY",
                "body": "{{1}}, sua fatura {{2}} de {{3}} vence amanhã. Pague com o Pix "
                "{{4}}. {{5}}",
                "param_count": 5,
                "company_id": cls.company.id,
            }
        )
        cls.short = Template.create(
            {
                "name": "lembrete_curto",
                "language": "pt_BR",
                "status": "APPROVED",
                "category": "UTILITY",
                "body": "{{1}}: fatura {{2}}.",
                "param_count": 2,
                "company_id": cls.company.id,
            }
        )

    def variants(self, weight_a, weight_b):
        self.d1.variant_ids = [
            Command.clear(),
            Command.create(
                {"name": "A", "weight": weight_a, "whatsapp_template_id": self.template.id}
            ),
            Command.create(
                {"name": "B", "weight": weight_b, "whatsapp_template_id": self.template_b.id}
            ),
        ]
        return self.d1.variant_ids.sorted("name")

    def test_the_customers_variant_goes_to_meta_and_on_the_reminder(self):
        variant_a, variant_b = self.variants(50, 50)
        expected = insight.variant_for(
            self.customer.commercial_partner_id.id,
            self.d1.id,
            [(variant_a.id, 50), (variant_b.id, 50)],
        )
        chosen = variant_a if expected == variant_a.id else variant_b
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual((d1.state, d1.variant_id), ("sent", chosen))
        [body] = self.sent_bodies()
        self.assertEqual(body["template"]["name"], chosen.whatsapp_template_id.name)
        # the step's parameters, in order: the customer's name first, the creditor last
        params = body["template"]["components"][0]["parameters"]
        self.assertEqual(params[0]["text"], self.customer.name)
        self.assertIn("11.222.333/0001-81", params[-1]["text"])
        # Meta reports it read: the variant's figures count it
        self.webhook(self.status_payload("wamid.A", "read"))
        self.assertEqual((chosen.sent_count, chosen.read_count), (1, 1))

    def test_all_weight_on_b_sends_b(self):
        _variant_a, variant_b = self.variants(0, 100)
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        self.assertEqual(self.reminders(move)["D-1"].variant_id, variant_b)
        self.assertEqual(self.sent_bodies()[0]["template"]["name"], "lembrete_vencimento_b")

    def test_a_variant_that_does_not_take_the_steps_parameters_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "does not take the parameters"):
            self.d1.variant_ids = [
                Command.create({"name": "C", "weight": 50, "whatsapp_template_id": self.short.id})
            ]

    def test_without_variants_the_steps_template_goes(self):
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertFalse(d1.variant_id)
        self.assertEqual(self.sent_bodies()[0]["template"]["name"], "lembrete_vencimento")

    def test_a_variant_refuses_a_template_that_is_not_utility(self):
        """Collection reminders are Meta's UTILITY messages: a MARKETING template is
        refused on a step's A/B variant as on the step."""
        marketing = (
            self.env["cobranca.whatsapp.template"]
            .sudo()
            .create(
                {
                    "name": "oferta",
                    "language": "pt_BR",
                    "status": "APPROVED",
                    "category": "MARKETING",
                    "body": self.template_b.body,
                    "param_count": 5,
                    "company_id": self.company.id,
                }
            )
        )
        with (
            self.assertRaisesRegex(ValidationError, "UTILITY templates only"),
            self.env.cr.savepoint(),
        ):
            self.d1.variant_ids = [
                Command.create({"name": "B", "whatsapp_template_id": marketing.id})
            ]
        self.assertFalse(self.d1.variant_ids)
