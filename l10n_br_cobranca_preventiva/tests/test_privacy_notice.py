"""The collection's privacy notice is a public page per company (no login, in
Portuguese), naming the data protection officer and the contact set in the settings,
and every collection email and the opt-out page link to it (the answer page too: the
answer addon's test). A
company without that contact is warned in the settings."""

from urllib.parse import urlsplit

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from ..tools.legal_sources import cite
from .test_consent import ConsentCommon

NOTICE_URL = "/cobranca/privacidade/%s"


@tagged("post_install", "-at_install")
class TestPrivacyNotice(ConsentCommon, HttpCase):
    def open(self, url):
        """GET an absolute URL of the database on the test server, without a session."""
        parts = urlsplit(url)
        with freeze_time("2026-03-09 13:00:00"):
            return self.url_open(f"{parts.path}?{parts.query}" if parts.query else parts.path)

    def test_anyone_reads_the_notice_without_logging_in(self):
        self.company.write(
            {
                "cobranca_privacy_officer": "Ana Lima",
                "cobranca_privacy_contact": "privacidade@distribuidora.example.com",
            }
        )
        self.post_at("2026-03-16")  # a customer with an invoice: nothing of it is shown
        response = self.url_open(NOTICE_URL % self.company.id)  # no session
        self.assertEqual(response.status_code, 200)
        page = response.text
        for expected in (
            "Aviso de privacidade da cobrança",
            "Distribuidora Exemplo Ltda",
            "CNPJ 11.222.333/0001-81",
            "Rua Augusta, 1500",
            '<span class="o_cobranca_privacy_officer">Ana Lima</span>',
            '<span class="o_cobranca_privacy_contact">privacidade@distribuidora.example.com',
            "Para quê",
            "Base legal",
            cite("lgpd_basis_contract"),
            "Quem recebe os dados",
            "Transferência internacional",
            cite("lgpd_international_transfer"),
            "Por quanto tempo",
            "para uma fatura não paga, até 5 anos após o vencimento",
            cite("debt_claim_prescription"),
            cite("lgpd_basis_legal_claims"),
            cite("lgpd_retention_legal_obligation"),
            "Seus direitos",
            cite("lgpd_subject_rights"),
            "escreva para privacidade@distribuidora.example.com",
            "Classificação automática de pagadores",
            "B (bom): atraso médio de até 7 dias",
            "Você pode pedir a revisão desta classificação "
            f"({cite('lgpd_automated_decision_review')}) pelo contato "
            "privacidade@distribuidora.example.com: a seu pedido, uma pessoa da empresa "
            "pode fixar a sua classe, que passa a valer no lugar da calculada",
            "uma classe fixada não é piorada pelo alerta antecipado",
        ):
            self.assertIn(expected, page)
        # LGPD art. 20 as in force asks no review by a person (§ 3º vetoed): the page
        # offers what the code does, a class a person pins on request, and no more
        self.assertNotRegex(page, r"revisão[^.:;]* por uma pessoa")
        self.assertNotIn(self.customer.name, page)
        self.assertNotIn(self.customer.email, page)

    def test_an_unknown_company_has_no_notice(self):
        response = self.url_open(NOTICE_URL % 999999)
        self.assertEqual(response.status_code, 404)

    def test_a_company_without_a_privacy_contact_is_warned_in_the_settings(self):
        self.company.email = "financeiro@distribuidora.example.com"
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(
            settings.cobranca_privacy_missing,
            "the data protection officer's name, a privacy contact",
        )
        arch = settings.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('invisible="not cobranca_privacy_missing"', arch)
        self.assertIn("The privacy notice lacks", arch)
        # meanwhile the notice names nobody and gives the company's email
        page = self.url_open(NOTICE_URL % self.company.id).text
        self.assertIn('<span class="o_cobranca_privacy_officer">não indicado</span>', page)
        self.assertIn("escreva para financeiro@distribuidora.example.com", page)
        settings.write({"cobranca_privacy_officer": "Ana Lima"})
        settings.execute()
        self.assertEqual(self.company.cobranca_privacy_missing, "a privacy contact")
        self.company.cobranca_privacy_contact = "privacidade@distribuidora.example.com"
        self.assertFalse(self.company.cobranca_privacy_missing)
        self.assertFalse(self.env["res.config.settings"].create({}).cobranca_privacy_missing)

    def test_every_email_and_the_opt_out_page_link_to_it(self):
        url = self.company.cobranca_privacy_url
        self.assertTrue(url.endswith(NOTICE_URL % self.company.id))
        move = self.post_at("2026-03-16")
        self.dispatch("2026-03-09 10:00")
        email = self.reminders(move)["D-5"].mail_message_id
        self.assertIn(f'href="{url}"', email.body)
        for template in (
            "mail_template_cobranca_before_due",
            "mail_template_cobranca_due_today",
            "mail_template_cobranca_overdue",
            "mail_template_cobranca_formal_notice",
        ):
            with self.subTest(template=template):
                body = self.env.ref(f"l10n_br_cobranca_preventiva.{template}")._render_field(
                    "body_html", move.ids
                )[move.id]
                self.assertIn(f'href="{url}"', body)
        optout = self.open(self.texts(move).optout_url)
        self.assertEqual(optout.status_code, 200)
        self.assertIn(f'href="{url}"', optout.text)

    def test_every_value_the_readable_export_shows_has_a_portuguese_label(self):
        shown = {
            "channel": [
                ("cobranca.consent", "channel"),
                ("cobranca.reminder", "channel"),
            ],
            "consent_status": [("cobranca.consent.event", "status")],
            "legal_basis": [
                ("cobranca.consent.event", "legal_basis"),
                ("cobranca.reminder", "legal_basis"),
            ],
            "consent_source": [("cobranca.consent.event", "source")],
            "reminder_state": [("cobranca.reminder", "state")],
            "payer_class": [("res.partner", "cobranca_class")],
        }
        self.assert_export_labels(shown)
