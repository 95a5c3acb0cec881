from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    cobranca_regua_id = fields.Many2one(
        "cobranca.regua",
        string="Dunning Ladder",
        company_dependent=True,
        domain="[('company_id', 'in', (False, current_company_id))]",
        help="Ladder for this customer's invoices in the current company. Empty: "
        "the company's default ladder.",
    )
    cobranca_excluded = fields.Boolean(
        string="Excluded from Collection",
        company_dependent=True,
        help="No collection reminder is planned or sent for this customer's "
        "invoices in the current company.",
    )

    def _commercial_fields(self):
        return super()._commercial_fields() + ["cobranca_regua_id", "cobranca_excluded"]
