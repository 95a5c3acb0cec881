from odoo import api, fields, models


class CobrancaClosedDate(models.Model):
    """A day the company does not count as a business day: a municipal holiday
    (*feriado municipal*) or any other closure the national and state calendars
    do not know. Its steps move around it and no message goes out that day."""

    _name = "cobranca.closed.date"
    _description = "Collection Closed Day"
    _order = "date desc, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date = fields.Date(required=True)
    name = fields.Char(
        string="Reason",
        required=True,
        help="Shown on the invoice's collection timeline, e.g. Aniversário da cidade.",
    )

    _sql_constraints = [
        (
            "cobranca_closed_date_unique",
            "unique(company_id, date)",
            "This day is already closed for this company.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.company_id._cobranca_outdate_plans()
        return records

    def write(self, vals):
        companies = self.company_id
        res = super().write(vals)
        if {"date", "company_id"} & vals.keys():
            (companies | self.company_id)._cobranca_outdate_plans()
        return res

    def unlink(self):
        companies = self.company_id
        res = super().unlink()
        companies._cobranca_outdate_plans()
        return res
