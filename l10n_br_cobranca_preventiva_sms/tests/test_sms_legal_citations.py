"""Every text a customer reads by SMS cites only the laws of the table
(tools/legal_sources.py of the app): each SMS template of this addon rendered on real
invoices (before the due date, on it, overdue with late charges, several invoices in
one message, with an opt-out code) and its public page (the opt-out page of an SMS
code) fetched over HTTP."""

from itertools import product

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests import test_legal_citations


@tagged("post_install", "-at_install")
class TestSmsLegalCitations(test_legal_citations.LegalCitationsCommon):
    MODULE = "l10n_br_cobranca_preventiva_sms"

    def known_pages(self):
        reminder = self.before.cobranca_reminder_ids[:1]
        code = self.env["cobranca.consent"]._optout_new_code()
        reminder.sudo().write(
            {"optout_code": code, "partner_id": self.customer.id, "sent_date": "2026-03-02 12:00"}
        )
        self.env.flush_all()
        return {"/cobranca/o/<string:code>": f"/cobranca/o/{code}"}

    def test_sms_cite_only_the_table(self):
        code = self.env["cobranca.consent"]._optout_new_code()
        contexts = {
            "alone": {},
            "grouped": {"cobranca_groups": ((self.before.id, tuple(self.moves.ids)),)},
            "sms code": {"cobranca_optout_codes": tuple((m.id, code) for m in self.moves)},
        }
        for (name, context), lang in product(contexts.items(), ("pt_BR", "en_US")):
            for template in self.addon_records("sms.template"):
                rendered = template.with_context(lang=lang, **context)
                for move_id, text in rendered._render_field("body", self.moves.ids).items():
                    self.check(f"{template.name} {move_id} {name} {lang}", text)
        self.assert_all_known()
        self.assertIn("CNPJ 11.222.333/0001-81", " ".join(self.found))
        self.assertIn(f"/cobranca/o/{code}", " ".join(self.found))

    def test_public_pages_cite_only_the_table(self):
        pages = self.public_pages()
        self.assertEqual(set(pages), {"/cobranca/o/<string:code>"})
        for route, url in pages.items():
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, route)
            self.check(route, response.text)
        self.env.invalidate_all()
        self.assert_all_known()
        self.assertIn("Distribuidora Exemplo Ltda", " ".join(self.found))
