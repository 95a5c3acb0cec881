"""Every text a customer reads about its answers cites only the laws of the table
(tools/legal_sources.py of the app): each decision email of this addon rendered on a
real installment proposal or invoice, the WhatsApp text of every decision, and the
answer page fetched over HTTP."""

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests import test_legal_citations
from odoo.addons.l10n_br_cobranca_preventiva.tools import notice_text

from ..models.cobranca_notice import Notice


@tagged("post_install", "-at_install")
class TestAnswerLegalCitations(test_legal_citations.LegalCitationsCommon):
    MODULE = "l10n_br_cobranca_preventiva_answer"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an installment proposal, the record the plan decisions are rendered on
        cls.proposal = cls.env["cobranca.installment.proposal"]._propose(
            cls.overdue, 3, "2026-03-10", "portal", "portal", note="Posso pagar em 3x"
        )
        cls.proposal.decision_note = "Só aceitamos até 2 parcelas."
        # a due day request, the record the due day decisions are rendered on
        cls.due_day = cls.env["cobranca.due.day.request"]._ask(
            cls.overdue, 10, "portal", "portal", note="Recebo dia 5"
        )
        cls.due_day.decision_note = "O contrato prevê vencimento no dia 5."

    def records_of(self, template):
        """The invoices, or the proposal or due day request the decisions are
        rendered on."""
        if template.model == "account.move":
            return self.moves
        if template.model == "cobranca.due.day.request":
            return self.due_day
        self.assertEqual(template.model, "cobranca.installment.proposal", template.name)
        return self.proposal

    def known_pages(self):
        self.before._portal_ensure_token()
        return {
            "/my/invoices/<int:invoice_id>/cobranca": (
                f"/my/invoices/{self.before.id}/cobranca?access_token={self.before.access_token}"
            ),
        }

    def test_decision_emails_cite_only_the_table(self):
        self.check_mail_templates(self.addon_records("mail.template"))
        self.assert_all_known()
        self.assertIn("Parcelamento aceito", " ".join(self.found))

    def test_the_whatsapp_text_of_every_decision_cites_only_the_table(self):
        Notices = self.env["cobranca.notice"]
        for kind in notice_text.BODIES:
            proposal = self.proposal if kind.startswith("plan_") else None
            request = self.due_day if kind.startswith("due_day_") else None
            notice = Notice(kind, self.overdue, "whatsapp", proposal, request)
            text = notice_text.whatsapp_text(kind, Notices._facts(notice))
            self.check(f"WhatsApp decision {kind}", text)
        self.assert_all_known()
        self.assertIn("CNPJ 11.222.333/0001-81", " ".join(self.found))

    def test_reminder_emails_with_the_answer_links_cite_only_the_table(self):
        app = self.env["ir.model.data"].search(
            [("module", "=", "l10n_br_cobranca_preventiva"), ("model", "=", "mail.template")]
        )
        templates = self.env["mail.template"].browse(app.mapped("res_id"))
        self.check_mail_templates(templates, langs=("pt_BR",))
        self.assert_all_known()
        self.assertIn("Responda aqui", " ".join(self.found))

    def test_public_pages_cite_only_the_table(self):
        pages = self.public_pages()
        self.assertEqual(set(pages), {"/my/invoices/<int:invoice_id>/cobranca"})
        for route, url in pages.items():
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, route)
            self.check(route, response.text)
        self.env.invalidate_all()
        self.assert_all_known()
        self.assertIn("Distribuidora Exemplo Ltda", " ".join(self.found))
