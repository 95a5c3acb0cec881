from odoo import api, models

from ..tools.legal_sources import cite
from ..tools.lgpd import label, yes_no


class ReportCobrancaDataSubject(models.AbstractModel):
    """Values of the readable data-subject report. The data comes from
    ``res.partner._cobranca_subject_data``, which refuses anyone but a collection
    approver and reads the user's current companies only: Odoo's report routes do
    not enforce the report action's groups."""

    _name = "report.l10n_br_cobranca_preventiva.report_cobranca_data_subject"
    _description = "Collection Data (LGPD) Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["res.partner"].browse(docids)
        # the channels' own names for the customer (those of other addons too)
        extra = {"channel": self.env["cobranca.channel"]._customer_labels()}
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": docs,
            "subject_data": {partner.id: partner._cobranca_subject_data() for partner in docs},
            "cite": cite,  # the words of a legal rule (tools/legal_sources.py)
            # the report prints Portuguese labels, the JSON export keeps the keys
            "label": lambda kind, value: label(kind, value, extra),
            "yes_no": yes_no,
        }
