"""The dashboard's heavy figures, kept for a while (``cobranca.insight.cache``).

The monthly indicators (``cobranca.kpi.report``), the cash-in forecast
(``cobranca.forecast.report``) and the effect of the reminders
(``cobranca.effect.report``) read the whole payment history: seconds on hundreds of
thousands of invoices, too slow for a chart a manager opens several times a day. The
first two keep their rows here, JSON, with the time they were computed; the effect
keeps its rows in a materialized view and its time here. A report reads them while
they are younger than ``cobranca.insight_cache_minutes`` (system parameter, default 60;
0: always computed) and from the same collection day, else computes them again. An
hourly cron (``ir_cron_cobranca_insight``) computes them ahead, so that nobody waits.
"""

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import table_kind

#: Reports whose rows are kept (model name → method computing the rows).
CACHED = {
    "cobranca.kpi.report": "_cobranca_rows",
    "cobranca.forecast.report": "_cobranca_rows",
}


def _encode(value):
    """A row's value as JSON keeps it: dates as ISO strings, numerics as floats."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


class CobrancaInsightCache(models.Model):
    _name = "cobranca.insight.cache"
    _description = "Collection Dashboard: Kept Figures"

    report = fields.Char(required=True, readonly=True)
    computed_at = fields.Datetime(required=True, readonly=True)
    rows = fields.Json(readonly=True)

    _sql_constraints = [("report_unique", "UNIQUE(report)", "One set of figures per report.")]

    @api.model
    def _max_age(self):
        minutes = self.env["ir.config_parameter"].sudo().get_param("cobranca.insight_cache_minutes")
        try:
            return timedelta(minutes=max(0, int(minutes or 60)))
        except ValueError:
            return timedelta(minutes=60)

    @api.model
    def _rows(self, report):
        """The rows of ``report`` (a report model), kept or computed now."""
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                "SELECT computed_at, rows FROM cobranca_insight_cache WHERE report = %s",
                report._name,
            )
        )
        found = self.env.cr.fetchone()
        if found and self._fresh(found[0], now):
            return [tuple(row) for row in found[1]]
        rows = getattr(report, CACHED[report._name])()
        self._keep(report._name, rows, now)
        return rows

    @api.model
    def _fresh(self, computed_at, now):
        """Kept figures may be read: computed in the last ``_max_age`` (0: never kept)
        and on the same collection day of every company."""
        age = self._max_age()
        if not age or computed_at > now or now - computed_at > age:
            return False
        companies = self.env["res.company"].sudo().search([])
        Calendar = self.env["cobranca.calendar"]
        return Calendar._today_by_company(companies, computed_at) == Calendar._today_by_company(
            companies, now
        )

    @api.model
    def _keep(self, name, rows, now):
        payload = json.dumps([[_encode(value) for value in row] for row in rows])
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO cobranca_insight_cache (report, computed_at, rows, create_uid,
                                                    create_date, write_uid, write_date)
                VALUES (%(report)s, %(at)s, %(rows)s::jsonb, %(uid)s, %(at)s, %(uid)s, %(at)s)
                ON CONFLICT (report) DO UPDATE
                   SET computed_at = EXCLUDED.computed_at, rows = EXCLUDED.rows,
                       write_date = EXCLUDED.write_date
                """,
                report=name,
                at=now,
                rows=payload,
                uid=self.env.uid,
            )
        )
        self.invalidate_model()

    @api.model
    def _refresh_view(self, name, view):
        """Compute the materialized view ``view`` of the report ``name`` again unless
        it was within the age kept figures may have."""
        now = fields.Datetime.now()
        if not table_kind(self.env.cr, view):
            # an addon that left dropped it with a column it read (a channel's
            # template): built again from the channels installed now
            self.env[name].init()
        self.env.cr.execute(
            SQL("SELECT computed_at FROM cobranca_insight_cache WHERE report = %s", name)
        )
        found = self.env.cr.fetchone()
        if found and self._fresh(found[0], now):
            return
        self.env.flush_all()
        self.env.cr.execute(SQL("REFRESH MATERIALIZED VIEW %s", SQL.identifier(view)))
        self._keep(name, [], now)

    @api.model
    def _forget(self):
        """The figures are computed again at their next reading."""
        self.env.cr.execute("DELETE FROM cobranca_insight_cache")
        self.invalidate_model()

    @api.model
    def _cron_refresh(self):
        """Hourly: compute the kept figures ahead of their readers."""
        self._forget()
        for name in CACHED:
            self._rows(self.env[name].sudo())
        self._refresh_view("cobranca.effect.report", "cobranca_effect_facts")
