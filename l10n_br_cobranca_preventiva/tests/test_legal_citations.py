"""Every text a customer reads cites only the laws of the table (tools/legal_sources.py):
each email template of the addon rendered on real invoices (before the due date,
on it, overdue with late charges, a formal notice before a protest, several invoices in
one message); the WhatsApp parameter values of every kind, the formal notice PDF, the
data-subject page, the collector's call notes of every state, and the addon's public
pages fetched over HTTP (opt-out by signed link and any other public page its
controllers declare, such as the privacy notice). The other addons of the family check
their own texts with ``LegalCitationsCommon``."""

import re
from itertools import product

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import html2plaintext

from ..models.cobranca_whatsapp_param import PARAM_VALUES
from ..tools import contact_hours
from ..tools.legal_sources import RULES, unknown_citations
from .common import CobrancaCommon

MODULE = "l10n_br_cobranca_preventiva"
#: Public GET routes of the addon that are no page for a person: Meta's webhook answers
#: its subscription check with the challenge it sent, nothing else.
NOT_PAGES = {"/cobranca/whatsapp/webhook"}


class LegalCitationsCommon(CobrancaCommon, HttpCase):
    """Invoices before, on and after their due date (with late charges and a protest
    hand-off), and how to check the texts read on them."""

    #: the addon whose records and pages are checked
    MODULE = MODULE

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"cobranca_late_fee_percent": 2, "cobranca_late_interest_percent": 1})
        cls.approver = new_test_user(
            cls.env,
            login="aprovador_citacoes",
            groups="account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.company.cobranca_approver_id = cls.approver
        # a hand-off to protest after the formal notice (D+15): the notice says who
        # notifies the debtor before a protest or a negativação
        cls.regua_padrao.step_ids = [
            Command.create(
                {
                    "offset_days": 25,
                    "channel": "activity",
                    "activity_type_id": cls.env.ref("mail.mail_activity_data_todo").id,
                    "requires_approval": True,
                    "escalation_protest": True,
                }
            )
        ]
        cls.customer.mobile = "(11) 98765-4321"
        # today is Monday 02/03/2026
        cls.before = cls.make_invoice("2026-03-16", invoice_date="2026-03-01")
        cls.due_today = cls.make_invoice("2026-03-02", invoice_date="2026-02-02")
        cls.overdue = cls.make_invoice("2026-02-09", invoice_date="2026-01-09")
        cls.moves = cls.before | cls.due_today | cls.overdue

    def setUp(self):
        super().setUp()
        self.unknown = {}  # label -> the citations of its text no row holds
        self.found = []  # the texts read, to prove they print what they should

    # ------------------------------------------------------------------- helpers
    def check(self, label, html):
        """Record the citations of ``html`` (a rendered text) that no row holds."""
        text = html2plaintext(str(html or ""))
        self.found.append(text)
        bad = [citation.text for citation in unknown_citations(text)]
        if bad:
            self.unknown[label] = bad

    def assert_all_known(self):
        self.assertFalse(
            self.unknown,
            "texts citing a law that tools/legal_sources.py does not hold: "
            + "; ".join(f"{label}: {bad}" for label, bad in self.unknown.items()),
        )

    def assert_cited(self, *keys):
        """The texts read print these rows' citations (the check read real texts)."""
        text = " ".join(" ".join(t.split()) for t in self.found)
        for key in keys:
            self.assertIn(RULES[key].citation, text, key)

    def addon_records(self, model):
        data = self.env["ir.model.data"].search(
            [("module", "=", self.MODULE), ("model", "=", model)]
        )
        records = self.env[model].browse(data.mapped("res_id"))
        self.assertTrue(records, model)
        return records

    # ------------------------------------------------------------------ messages
    def check_mail_templates(self, templates, langs=("pt_BR", "en_US")):
        """Each mail template's subject and body on its real records, alone and (on the
        invoices) with all of them reminded together, in these languages."""
        contexts = {
            "alone": {},
            "grouped": {"cobranca_groups": ((self.before.id, tuple(self.moves.ids)),)},
        }
        for (name, context), lang, template in product(contexts.items(), langs, templates):
            rendered = template.with_context(lang=lang, **context)
            records = self.records_of(template)
            for field in ("subject", "body_html"):
                for res_id, text in rendered._render_field(field, records.ids).items():
                    self.check(f"{template.name} {field} {res_id} {name} {lang}", text)

    def records_of(self, template):
        """The real records a template is rendered on: the invoices."""
        self.assertEqual(template.model, "account.move", template.name)
        return self.moves

    # ------------------------------------------------------------------ web pages
    def known_pages(self):
        """{route: URL} of the addon's public pages that need a valid link."""
        self.before._portal_ensure_token()
        token = self.env["cobranca.consent"]._optout_token(self.customer, self.company)
        return {"/cobranca/optout/<string:token>": f"/cobranca/optout/{token}"}

    def public_pages(self):
        """{route: URL} of every public GET page the addon's controllers declare: the
        known ones with a valid link; another with integer arguments gets the company's
        id (a page per company); one of another shape fails here, to be added."""
        known = self.known_pages()
        pages = {}
        for rule in self.env["ir.http"].routing_map().iter_rules():
            routing = rule.endpoint.routing
            if not (
                rule.endpoint.__module__.startswith(f"odoo.addons.{self.MODULE}.")
                and routing["type"] == "http"
                and routing["auth"] in ("public", "none")
                and (not rule.methods or "GET" in rule.methods)
                and rule.rule not in NOT_PAGES
            ):
                continue
            url = known.get(rule.rule) or re.sub(r"<int:\w+>", str(self.company.id), rule.rule)
            self.assertNotIn("<", url, f"public page {rule.rule}: add how to open it")
            pages[rule.rule] = url
        self.assertLessEqual(set(known), set(pages))
        return pages


@tagged("post_install", "-at_install")
class TestLegalCitations(LegalCitationsCommon):
    def test_emails_cite_only_the_table(self):
        self.check_mail_templates(self.addon_records("mail.template"))
        self.assert_all_known()
        self.assert_cited("protest_intimation", "bureau_written_notice", "bureau_notifies")

    def test_whatsapp_parameters_of_every_kind_cite_only_the_table(self):
        template = (
            self.env["cobranca.whatsapp.template"]
            .sudo()
            .create(
                {
                    "name": "todos_os_parametros",
                    "language": "pt_BR",
                    "status": "APPROVED",
                    "category": "UTILITY",
                    "body": " ".join(f"{{{{{n}}}}}" for n in range(1, len(PARAM_VALUES) + 1)),
                    "param_count": len(PARAM_VALUES),
                    "company_id": self.company.id,
                }
            )
        )
        Params = self.env["cobranca.whatsapp.param"]
        for move in self.moves:
            reminder = move.cobranca_reminder_ids[:1]
            reminder.step_id.write(
                {
                    "whatsapp_template_id": template.id,
                    "whatsapp_param_ids": [Command.clear()]
                    + [
                        Command.create({"sequence": n, "value": value})
                        for n, (value, _label) in enumerate(PARAM_VALUES)
                    ],
                }
            )
            values = Params._render(reminder, template)
            self.assertEqual(len(values), len(PARAM_VALUES))
            for (kind, _label), value in zip(PARAM_VALUES, values, strict=True):
                self.check(f"WhatsApp {kind} {move.name}", value)
            self.check(f"WhatsApp text {move.name}", template._render_text(values))
        self.assert_all_known()
        self.assertIn("CNPJ 11.222.333/0001-81", " ".join(self.found))

    # ----------------------------------------------------------- documents, notes
    def test_formal_notice_and_data_subject_page_cite_only_the_table(self):
        Report = self.env["ir.actions.report"]
        html, _format = Report._render_qweb_html(
            f"{MODULE}.action_report_cobranca_formal_notice", self.moves.ids
        )
        self.check("formal notice PDF", html.decode())
        html, _format = Report.with_user(self.approver)._render_qweb_html(
            f"{MODULE}.action_report_cobranca_data_subject", self.customer.ids
        )
        self.check("data-subject page", html.decode())
        self.assert_all_known()
        self.assert_cited(
            "protest_intimation",
            "bureau_written_notice",
            "bureau_notifies",
            "lgpd_subject_rights",
            "lgpd_automated_decision_review",
            "lgpd_basis_contract",
            "debt_claim_prescription",
        )

    def test_call_notes_of_every_state_cite_only_the_table(self):
        Activity = self.env["cobranca.channel.activity"]
        reminder = self.overdue.cobranca_reminder_ids[:1]
        rules = [*contact_hours.RULES.values(), contact_hours.default_rule("America/Sao_Paulo")]
        for rule in rules:
            self.check(f"call note {rule.state}", Activity._note(reminder, rule))
        self.assert_all_known()
        self.assert_cited(
            "sp_contact_hours", "rj_contact_hours", "sp_call_recording", "pr_call_recording"
        )

    def test_public_pages_cite_only_the_table(self):
        for route, url in self.public_pages().items():
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, route)
            self.check(route, response.text)
        self.env.invalidate_all()
        self.assert_all_known()
        self.assertIn("Distribuidora Exemplo Ltda", " ".join(self.found))
        # the privacy notice (/cobranca/privacidade/<company id>) was read: its laws
        self.assert_cited(
            "lgpd_basis_contract",
            "lgpd_basis_legitimate_interest",
            "lgpd_basis_legal_claims",
            "lgpd_retention_legal_obligation",
            "lgpd_subject_rights",
            "lgpd_automated_decision_review",
            "lgpd_international_transfer",
            "debt_claim_prescription",
        )
