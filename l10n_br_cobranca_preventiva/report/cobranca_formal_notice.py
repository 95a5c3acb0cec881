from odoo import api, models
from odoo.tools import format_amount, format_date


class ReportCobrancaFormalNotice(models.AbstractModel):
    """Values of the formal notice letter: amounts and dates always in pt_BR."""

    _name = "report.l10n_br_cobranca_preventiva.report_formal_notice"
    _description = "Collection Formal Notice"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["account.move"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "account.move",
            "docs": docs,
            "cobranca": self.env["cobranca.render.values"]._texts(),
            "today": self.env["cobranca.calendar"]._today(docs[:1].company_id or self.env.company),
            "fmt_date": lambda day: format_date(self.env, day, lang_code="pt_BR"),
            "fmt_amount": lambda amount, currency: format_amount(
                self.env, amount, currency, lang_code="pt_BR"
            ),
        }
