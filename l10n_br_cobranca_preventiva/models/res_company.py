from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.res_partner import _tz_get

from ..cobranca_core.business_calendar import get_calendar
from ..cobranca_core.sending_window import DEFAULT_TZ, SendingWindow

#: Ladders shipped in data/cobranca_regua_data.xml, copied into new companies.
SHIPPED_REGUAS = (
    "l10n_br_cobranca_preventiva.regua_padrao",
    "l10n_br_cobranca_preventiva.regua_discreta",
    "l10n_br_cobranca_preventiva.regua_intensiva",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    cobranca_regua_ids = fields.One2many("cobranca.regua", "company_id", string="Dunning Ladders")
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

    # Sending window (Lei 15.426/2014 SP defaults) and customer-level rules
    cobranca_tz = fields.Selection(
        _tz_get,
        string="Collection Timezone",
        default=DEFAULT_TZ,
        required=True,
        help="Timezone of the sending window and of the collection day.",
    )
    cobranca_window_weekday_start = fields.Float(string="Weekdays From", default=8.0)
    cobranca_window_weekday_end = fields.Float(string="Weekdays Until", default=20.0)
    cobranca_window_saturday = fields.Boolean(string="Send on Saturdays", default=True)
    cobranca_window_saturday_start = fields.Float(string="Saturdays From", default=8.0)
    cobranca_window_saturday_end = fields.Float(string="Saturdays Until", default=14.0)
    cobranca_daily_cap = fields.Integer(
        string="Messages per Customer per Day",
        default=1,
        help="At most this many collection messages reach one customer a day; the "
        "others wait for the next day. Invoices reminded together count once.",
    )
    cobranca_responsible_id = fields.Many2one(
        "res.users",
        string="Collection Responsible",
        help="Gets the collection activities (calls, to-dos) of customers that have "
        "no collector nor salesperson.",
    )

    @api.constrains(
        "cobranca_window_weekday_start",
        "cobranca_window_weekday_end",
        "cobranca_window_saturday",
        "cobranca_window_saturday_start",
        "cobranca_window_saturday_end",
        "cobranca_daily_cap",
    )
    def _check_cobranca_window(self):
        for company in self:
            try:
                company._cobranca_window()
            except ValueError as exc:
                raise ValidationError(
                    _(
                        "The sending window of %(company)s is not valid: %(error)s",
                        company=company.name,
                        error=exc,
                    )
                ) from exc
            if company.cobranca_daily_cap < 1:
                raise ValidationError(
                    _("Allow at least one collection message per customer per day.")
                )

    def _cobranca_window(self):
        """The company's sending window, in its timezone, closed on its holidays."""
        self.ensure_one()
        return SendingWindow.from_hours(
            weekday=(
                self.cobranca_window_weekday_start,
                self.cobranca_window_weekday_end,
            ),
            saturday=(
                self.cobranca_window_saturday_start,
                self.cobranca_window_saturday_end,
            )
            if self.cobranca_window_saturday
            else None,
            tz=self.cobranca_tz,
            state=self._cobranca_state_code(),
        )

    def _cobranca_today(self, now=None):
        """The company's collection day (in its timezone)."""
        self.ensure_one()
        return self._cobranca_window().local_date(now or fields.Datetime.now())

    def _cobranca_state_code(self):
        self.ensure_one()
        return self.state_id.code if self.country_id.code == "BR" else None

    @api.depends("cobranca_regua_ids.is_default", "cobranca_regua_ids.active")
    def _compute_cobranca_default_regua_id(self):
        for company in self:
            company.cobranca_default_regua_id = company.cobranca_regua_ids.filtered("is_default")[
                :1
            ]

    def _inverse_cobranca_default_regua_id(self):
        for company in self:
            default = company.cobranca_default_regua_id
            (company.cobranca_regua_ids.filtered("is_default") - default).is_default = False
            if default and not default.is_default:
                default.is_default = True

    def _cobranca_calendar(self):
        """Business calendar of the company: national, plus its state's holidays."""
        self.ensure_one()
        return get_calendar(self._cobranca_state_code())

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
            for [company] in Regua._read_group([("company_id", "in", self.ids)], ["company_id"])
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
