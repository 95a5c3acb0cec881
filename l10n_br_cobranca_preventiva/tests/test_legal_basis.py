from odoo import Command
from odoo.tests import tagged

from .lgpd_common import LgpdCommon


@tagged("post_install", "-at_install")
class TestLegalBasis(LgpdCommon):
    """The legal basis follows the purpose (collecting a contract debt) and who
    receives the message, not the channel."""

    def test_the_debtor_is_reminded_under_the_contract(self):
        move = self.post_at("2026-03-16")
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual(
            (d5.state, d5.partner_id, d5.legal_basis),
            ("sent", self.customer, "contract"),
        )

    def test_a_contact_person_is_reminded_under_legitimate_interest(self):
        self.customer.is_company = True
        financeiro = self.env["res.partner"].create(
            {
                "name": "Financeiro",
                "parent_id": self.customer.id,
                "type": "invoice",
                "email": "financeiro@example.com",
            }
        )
        move = self.post_at("2026-03-16", partner=financeiro)
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual(
            (d5.state, d5.partner_id, d5.legal_basis),
            ("sent", financeiro, "legitimate_interest"),
        )

    def test_calls_to_the_debtor_rest_on_the_contract_too(self):
        self.customer.cobranca_collector_id = self.env.user
        move = self.post_at("2026-03-02", posted="2026-02-02")
        self.dispatch("2026-03-11 10:00")
        d7 = self.reminders(move)["D+7"]
        self.assertEqual((d7.state, d7.legal_basis), ("sent", "contract"))

    def test_an_explicit_consent_is_the_basis_whoever_receives(self):
        self.customer.is_company = True
        financeiro = self.env["res.partner"].create(
            {
                "name": "Financeiro",
                "parent_id": self.customer.id,
                "email": "fin@example.com",
            }
        )
        consent = self.grant("email", financeiro.email, partner=financeiro)
        move = self.post_at("2026-03-16", partner=financeiro)
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual((d5.consent_id, d5.legal_basis), (consent, "consent"))

    # ------------------------------------------------------------ the notice
    def in_company_a(self):
        return self.customer.with_context(allowed_company_ids=self.company.ids)

    def test_the_export_states_purpose_recipients_retention_and_ranking_criteria(self):
        self.company.write(
            {
                "email": "dpo@empresa.example.com",
                "cobranca_retention_years": 6,
                "cobranca_rank_d_min_days": 45,
            }
        )
        self.company.sudo().write(
            {
                "cobranca_whatsapp_phone_number_id": "123",
                "cobranca_whatsapp_token": "tok",
            }
        )
        self.regua_padrao.write(
            {
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": 30,
                            "channel": "activity",
                            "requires_approval": True,
                            "escalation_protest": True,
                        }
                    )
                ]
            }
        )
        [notice] = self.in_company_a()._cobranca_subject_data()["processing"]
        self.assertIn("Cobrar as faturas", notice["purpose"])
        self.assertIn("art. 7º, V", notice["legal_basis"])
        self.assertIn("art. 7º, IX", notice["legal_basis"])
        # the channels whose policy is opt-in (WhatsApp by default; others of addons)
        opt_in = notice["legal_basis"].split("lembretes por ")[1].split(" só são enviados")[0]
        self.assertIn("WhatsApp", opt_in.split(", "))
        self.assertNotIn("e-mail", opt_in)
        names = " | ".join(r["name"] for r in notice["recipients"])
        self.assertIn("Meta", names)
        self.assertIn("protesto", names)
        self.assertIn("Meta Platforms (WhatsApp)", notice["transfer"])
        # what is kept, how long and why: one row each (the privacy notice's table)
        retention = " ".join(f"{r['period']} {r['reason']}" for r in notice["retention"])
        self.assertIn("6 anos após a quitação", retention)
        self.assertIn("206", retention)
        ranking = notice["ranking"]
        self.assertIn("365 dias", ranking["data"])
        self.assertIn("45 dias ou mais", ranking["classes"]["d"])
        self.assertIn("0,5 × fração das faturas pagas em dia", ranking["score"])
        self.assertIn("dpo@empresa.example.com", ranking["review"])
        html, _fmt = (
            self.in_company_a()
            .env["ir.actions.report"]
            ._render_qweb_html(
                "l10n_br_cobranca_preventiva.report_cobranca_data_subject",
                self.customer.ids,
            )
        )
        self.assertIn("Classificação automática de pagadores", html.decode())
        self.assertIn("Meta Platforms", html.decode())

    def test_without_whatsapp_account_or_protest_only_email_is_listed(self):
        [notice] = self.in_company_a()._cobranca_subject_data()["processing"]
        self.assertEqual(len(notice["recipients"]), 1)
        self.assertIn("e-mail", notice["recipients"][0]["name"])
