from odoo import api, fields, models

from ..cobranca_core.business_calendar import get_calendar

#: Ladders shipped in data/cobranca_regua_data.xml, copied into new companies.
SHIPPED_REGUAS = (
    "l10n_br_cobranca_preventiva.regua_padrao",
    "l10n_br_cobranca_preventiva.regua_discreta",
    "l10n_br_cobranca_preventiva.regua_intensiva",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    cobranca_regua_ids = fields.One2many(
        "cobranca.regua", "company_id", string="Dunning Ladders"
    )
    cobranca_default_regua_id = fields.Many2one(
        "cobranca.regua",
        string="Default Dunning Ladder",
        compute="_compute_cobranca_default_regua_id",
        inverse="_inverse_cobranca_default_regua_id",
        store=True,
        domain="[('company_id', '=', id)]",
        help="Ladder of the company's customer invoices when neither the invoice "
        "nor the customer names one.",
    )

    @api.depends("cobranca_regua_ids.is_default", "cobranca_regua_ids.active")
    def _compute_cobranca_default_regua_id(self):
        for company in self:
            company.cobranca_default_regua_id = company.cobranca_regua_ids.filtered(
                "is_default"
            )[:1]

    def _inverse_cobranca_default_regua_id(self):
        for company in self:
            default = company.cobranca_default_regua_id
            (
                company.cobranca_regua_ids.filtered("is_default") - default
            ).is_default = False
            if default and not default.is_default:
                default.is_default = True

    def _cobranca_calendar(self):
        """Business calendar of the company: national, plus its state's holidays."""
        self.ensure_one()
        state = self.state_id.code if self.country_id.code == "BR" else None
        return get_calendar(state)

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._cobranca_setup_default_reguas()
        return companies

    def _cobranca_setup_default_reguas(self):
        """Copy the shipped ladders into companies that have none yet."""
        templates = self.env["cobranca.regua"]
        for xmlid in SHIPPED_REGUAS:
            templates |= self.env.ref(xmlid, raise_if_not_found=False) or templates
        if not templates:
            return
        # sudo: a company can be created by a user who does not manage ladders;
        # the copies belong to that new company and follow its record rules after.
        Regua = self.env["cobranca.regua"].sudo().with_context(active_test=False)
        have_reguas = {
            company.id
            for [company] in Regua._read_group(
                [("company_id", "in", self.ids)], ["company_id"]
            )
        }
        for company in self.filtered(lambda c: c.id not in have_reguas):
            for template in templates.sudo():
                template.copy(
                    {
                        "company_id": company.id,
                        "name": template.name,
                        "is_default": template.is_default,
                    }
                )
