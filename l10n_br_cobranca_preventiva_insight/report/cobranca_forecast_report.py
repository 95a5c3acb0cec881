from collections import defaultdict

from odoo import fields, models
from odoo.tools import SQL

from ..tools import insight
from . import insight_sql

FORECAST_WEEKS = 12
MIN_OWN_HISTORY = 3
SERIES = [
    ("low", "Slow (P75 of the delays)"),
    ("expected", "Expected (median delay)"),
    ("high", "Fast (P25 of the delays)"),
]


class CobrancaForecastReport(models.Model):
    """Weekly cash-in forecast of the open customer invoices (collection dashboard).

    Each open invoice is expected on its collection due date plus its customer's
    usual delay: the customer's own days late over the payer ranking's look-back
    period when it paid at least three invoices in it, else those of its payer
    class, else the company's. Three series, cumulative from this week: the median
    delay (*expected*) and the band between every customer paying at its first and at
    its third quartile (``tools.insight_forecast.weekly_forecast``).
    """

    _name = "cobranca.forecast.report"
    _description = "Cash-in Forecast"
    _auto = False
    _order = "company_id, week, series"
    _rec_name = "week"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    week = fields.Date(readonly=True)
    series = fields.Selection(SERIES, readonly=True)
    amount = fields.Monetary(string="Cash In by the Week's End", readonly=True)

    @property
    def _table_query(self):
        # kept for a while: see report/cobranca_insight_cache.py
        rows = self.env["cobranca.insight.cache"].sudo()._rows(self)
        columns = list(zip(*rows, strict=True)) if rows else [[]] * 6
        return SQL(
            """
            SELECT * FROM unnest(%s::int[], %s::int[], %s::int[], %s::date[], %s::varchar[],
                                 %s::numeric[])
                AS f(id, company_id, currency_id, week, series, amount)
            """,
            *(list(values) for values in columns),
        )

    def _cobranca_rows(self):
        history, open_items = self._cobranca_read()
        companies = self.env["res.company"].sudo().search([])
        todays = self.env["cobranca.calendar"]._today_by_company(companies)
        result = []
        for company in companies:
            items = self._cobranca_items(history.get(company.id, {}), open_items[company.id])
            weeks = insight.weekly_forecast(items, todays[company.id], weeks=FORECAST_WEEKS)
            for index, week in enumerate(weeks):
                for offset, (series, _label) in enumerate(SERIES):
                    result.append(
                        (
                            (company.id * 1000 + index) * 3 + offset,
                            company.id,
                            company.currency_id.id,
                            week.week_start,
                            series,
                            getattr(week, series),
                        )
                    )
        return result

    @staticmethod
    def _cobranca_items(history, open_items):
        """(amount, due date, delays) of each open invoice, with the delays its
        prediction uses: the customer's own, its class's, or the company's."""
        by_class, everyone = defaultdict(list), []
        for delays, klass in history.values():
            by_class[klass].extend(delays)
            everyone.extend(delays)
        items = []
        for partner_id, due, amount, klass in open_items:
            own = history.get(partner_id, ((), klass))[0]
            if len(own) >= MIN_OWN_HISTORY:
                delays = own
            else:
                delays = by_class.get(klass) or everyone
            items.append((float(amount), due, delays))
        return items

    def _cobranca_read(self):
        """({company: {customer: (days late of its paid invoices, class)}},
        {company: [(customer, due date, amount due, class)]}), in two queries."""
        env = self.env
        env.flush_all()
        klass = SQL("coalesce(p.cobranca_class ->> m.company_id::text, 'new')")
        paid = env.execute_query(
            SQL(
                """
                WITH %(today)s, %(payments)s, %(paid_on)s
                SELECT m.company_id, m.commercial_partner_id, %(klass)s,
                       array_agg(greatest(po.day - m.cobranca_due_date, 0))
                  FROM account_move m
                  JOIN paid_on po ON po.move_id = m.id
                  JOIN today t ON t.company_id = m.company_id
                  JOIN res_company c ON c.id = m.company_id
                  JOIN res_partner p ON p.id = m.commercial_partner_id
                 WHERE %(invoices)s AND m.cobranca_due_date IS NOT NULL
                   AND po.day >= t.day - coalesce(c.cobranca_rank_lookback_days, 365)
              GROUP BY 1, 2, 3
                """,
                today=insight_sql.today_cte(env),
                payments=insight_sql.payments_cte(insight_sql.SETTLED_INVOICE),
                paid_on=insight_sql.paid_on_cte(),
                invoices=insight_sql.INVOICES,
                klass=klass,
            )
        )
        history = defaultdict(dict)
        for company_id, partner_id, partner_class, delays in paid:
            history[company_id][partner_id] = (delays, partner_class)
        opened = env.execute_query(
            SQL(
                """
                SELECT m.company_id, m.commercial_partner_id, m.cobranca_due_date,
                       m.cobranca_amount_due_signed, %(klass)s
                  FROM account_move m JOIN res_partner p ON p.id = m.commercial_partner_id
                 WHERE %(open)s AND m.cobranca_due_date IS NOT NULL
                """,
                open=insight_sql.OPEN_INVOICE,
                klass=klass,
            )
        )
        open_items = defaultdict(list)
        for company_id, *item in opened:
            open_items[company_id].append(tuple(item))
        return history, open_items
