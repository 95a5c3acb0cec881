from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import create_unique_index

from ..tools.business_calendar import city_key

#: The name of the unique index (and of the message of ``_sql_constraints``).
UNIQUE_INDEX = "cobranca_closed_date_cobranca_closed_date_unique"


class CobrancaClosedDate(models.Model):
    """A day the company does not count as a business day: a municipal holiday
    (*feriado municipal*) or any other closure the national and state calendars
    do not know. Its steps move around it and no message goes out that day.

    With a city (and a state), the day is closed only for the debtors and the
    people reminded in that city (of that state): its holiday, not the company's."""

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
    city = fields.Char(
        help="Closes the day only for the customers and contacts in this city (the city "
        "of their address; case, accents and spaces do not matter). Empty: closed for "
        "everybody, a day the company does not work.",
    )
    state_id = fields.Many2one(
        "res.country.state",
        string="State",
        domain="[('country_id.code', '=', 'BR')]",
        help="With a city: only that city of this state.",
    )
    city_key = fields.Char(compute="_compute_city_key", store=True, precompute=True)

    # the unique index is created in init(): a day closes a place once
    _sql_constraints = [
        ("cobranca_closed_date_unique", "", "This day is already closed for this place."),
    ]

    def init(self):
        res = super().init()
        create_unique_index(
            self.env.cr,
            UNIQUE_INDEX,
            self._table,
            ["company_id", "date", "coalesce(state_id, 0)", "coalesce(city_key, '')"],
        )
        return res

    @api.depends("city")
    def _compute_city_key(self):
        for record in self:
            record.city_key = city_key(record.city)

    @api.constrains("city", "state_id")
    def _check_place(self):
        for record in self:
            if record.state_id and not record.city_key:
                raise ValidationError(
                    _("A closed day with a state needs its city: %(name)s.", name=record.name)
                )

    def _places(self):
        """{(company id, state code or None, city key)} these days close ('' city:
        the whole company)."""
        return {
            (record.company_id.id, record.state_id.code or None, record.city_key or "")
            for record in self
        }

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self._cobranca_outdate(records._places())
        return records

    def write(self, vals):
        places = self._places()
        res = super().write(vals)
        if {"date", "company_id", "city", "state_id"} & vals.keys():
            self._cobranca_outdate(places | self._places())
        return res

    def unlink(self):
        places = self._places()
        res = super().unlink()
        self._cobranca_outdate(places)
        return res

    @api.model
    def _cobranca_outdate(self, places):
        """Open invoices planned again for the closed days of ``places``: all those
        of a company for a company-wide day, else those whose customer or invoice
        contact is in the city."""
        companies = self.env["res.company"].browse({company for company, _s, city in places})
        wide = {company for company, _state, city in places if not city}
        local = {place for place in places if place[2] and place[0] not in wide}
        Planner = self.env["cobranca.planner"]
        Planner._outdate_companies(companies.filtered(lambda c: c.id in wide))
        if local:
            Planner._outdate_companies(companies.filtered(lambda c: c.id not in wide), local)
