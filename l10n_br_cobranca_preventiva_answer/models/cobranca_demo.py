"""The demo's customer answers: on the app's demo invoices (loaded before this addon),
a promise to pay, a contest, "já paguei" with a proof and an installment proposal,
from the answer page."""

from datetime import timedelta

from odoo import api, models

from odoo.addons.l10n_br_cobranca_preventiva.tools import demo_data

#: The proof of payment a demo customer sent (a one-line PDF).
DEMO_PROOF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class CobrancaDemo(models.AbstractModel):
    _inherit = "cobranca.demo"

    @api.model
    def _load_answers(self):
        company = self.env["res.company"].search([("vat", "=", demo_data.COMPANY.vat)], limit=1)
        if not company:
            return
        # the demo's open invoices: created last, in the order of OPEN_INVOICES
        moves = (
            self.env["account.move"]
            .with_company(company)
            .search(
                [("company_id", "=", company.id), ("move_type", "=", "out_invoice")],
                order="id desc",
                limit=len(demo_data.OPEN_INVOICES),
            )
            .sorted("id")
        )
        Answer = self.env["cobranca.answer"].with_company(company)
        today = self.env["cobranca.calendar"]._today(company)
        for move, invoice in zip(moves, demo_data.OPEN_INVOICES, strict=True):
            if invoice.event == "promise":
                Answer._promise(
                    move, today + timedelta(days=5), "portal", "portal", note="Pago na sexta-feira."
                )
            elif invoice.event == "dispute":
                Answer._contest(
                    move,
                    "O valor não confere com o pedido 4471: foram 8 caixas, não 10.",
                    "portal",
                    "portal",
                )
            elif invoice.event == "paid":
                Answer._says_paid(
                    move,
                    "portal",
                    "portal",
                    attachments=[("comprovante-pix.pdf", DEMO_PROOF)],
                    note="Paguei ontem pelo Pix.",
                )
            elif invoice.event == "installment":
                self.env["cobranca.installment.proposal"].with_company(company)._propose(
                    move,
                    3,
                    today + timedelta(days=7),
                    "portal",
                    "portal",
                    note="Movimento fraco este mês.",
                )
