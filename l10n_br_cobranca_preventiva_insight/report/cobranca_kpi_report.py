import calendar
from collections import defaultdict
from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL

from ..tools import insight
from . import insight_sql

#: Months shown, and months read before them (DSO counts back over earlier sales).
MONTHS_SHOWN = 24
MONTHS_READ = 36
PERIODS = [("before", "Before the addon"), ("with", "With the addon")]


class CobrancaKpiReport(models.Model):
    """Collection indicators per company and month (collection dashboard).

    Receivables are customer invoices less what was paid on them (payments, credit
    notes, bank lines; a payment without a journal entry for what it paid of the
    invoice, ``cobranca_settlement``) by the month's end (today for the current month);
    figures in the company's currency. Formulas in docs/ranking-and-insight.md:

    - DSO by the countback method (``tools.insight.dso_countback``);
    - CEI = (receivables at the start + invoiced − receivables at the end) /
      (receivables at the start + invoiced − receivables not yet due at the end) × 100;
    - on-time rate = invoices payable in the month paid in full by the day they were
      payable until / invoices payable in the month (up to today), × 100; an invoice
      reversed by a credit note counts in neither, as in the payer ranking.
    """

    _name = "cobranca.kpi.report"
    _description = "Collection Indicators by Month"
    _auto = False
    _order = "company_id, month"
    _rec_name = "month"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    month = fields.Date(readonly=True)
    period = fields.Selection(
        PERIODS,
        readonly=True,
        help="Whether the addon was already sending reminders in this month (from the "
        "month of the company's first sent reminder).",
    )
    invoiced = fields.Monetary(readonly=True)
    collected = fields.Monetary(readonly=True)
    receivable_start = fields.Monetary(string="Receivables at Start", readonly=True)
    receivable_end = fields.Monetary(string="Receivables at End", readonly=True)
    receivable_current = fields.Monetary(
        string="Not Yet Due at End",
        readonly=True,
        help="Receivables not yet due at the month's end.",
    )
    dso = fields.Float(string="DSO (days)", readonly=True, aggregator="avg", digits=(16, 1))
    cei = fields.Float(string="CEI (%)", readonly=True, aggregator="avg", digits=(16, 1))
    due_count = fields.Integer(string="Invoices Payable", readonly=True)
    on_time_count = fields.Integer(string="Paid on Time", readonly=True)
    on_time_rate = fields.Float(
        string="On-time Rate (%)", readonly=True, aggregator="avg", digits=(16, 1)
    )

    _COLUMNS = (
        ("id", "int"),
        ("company_id", "int"),
        ("currency_id", "int"),
        ("month", "date"),
        ("period", "varchar"),
        ("invoiced", "numeric"),
        ("collected", "numeric"),
        ("receivable_start", "numeric"),
        ("receivable_end", "numeric"),
        ("receivable_current", "numeric"),
        ("dso", "float8"),
        ("cei", "float8"),
        ("due_count", "int"),
        ("on_time_count", "int"),
        ("on_time_rate", "float8"),
    )

    @property
    def _table_query(self):
        # kept for a while: see report/cobranca_insight_cache.py
        rows = self.env["cobranca.insight.cache"].sudo()._rows(self)
        columns = list(zip(*rows, strict=True)) if rows else [[] for _c in self._COLUMNS]
        arrays = SQL(", ").join(
            SQL("%s::%s[]", list(values), SQL(sql_type))
            for values, (_name, sql_type) in zip(columns, self._COLUMNS, strict=True)
        )
        names = SQL(", ").join(SQL.identifier(name) for name, _type in self._COLUMNS)
        return SQL("SELECT * FROM unnest(%s) AS kpi(%s)", arrays, names)

    def _cobranca_rows(self):
        """The table's rows: monthly sums from one query, then DSO and CEI by the
        plain formulas of ``tools.insight``."""
        monthly = self._cobranca_monthly()
        by_company = defaultdict(list)
        for row in monthly:
            by_company[row["company_id"]].append(row)
        result = []
        for company_id, months in by_company.items():
            months.sort(key=lambda r: r["month"])
            # the months before the company's first invoice or payment have no figure
            first = next(
                (
                    index
                    for index, row in enumerate(months)
                    if row["invoiced"] or row["collected"] or row["receivable_end"]
                ),
                len(months),
            )
            for index, row in enumerate(months):
                if index < max(first, len(months) - MONTHS_SHOWN):
                    continue
                previous = months[: index + 1][::-1]
                sales = [float(r["invoiced"]) for r in previous]
                days = [r["days"] for r in previous]
                start = float(months[index - 1]["receivable_end"]) if index else 0.0
                end = float(row["receivable_end"])
                cei = insight.cei(
                    start, float(row["invoiced"]), end, float(row["receivable_current"])
                )
                due = row["due_count"]
                result.append(
                    (
                        company_id * 1000000 + row["month"].year * 100 + row["month"].month,
                        company_id,
                        row["currency_id"],
                        row["month"],
                        row["period"],
                        row["invoiced"],
                        row["collected"],
                        start,
                        end,
                        row["receivable_current"],
                        insight.dso_countback(end, sales, days),
                        cei,
                        due,
                        row["on_time_count"],
                        100.0 * row["on_time_count"] / due if due else None,
                    )
                )
        return result

    def _cobranca_monthly(self):
        """Per company and month of the last ``MONTHS_READ``: invoiced, collected,
        receivables at the end and not yet due at the end, invoices payable and paid on
        time."""
        env = self.env
        todays = self.env["cobranca.calendar"]._today_by_company(
            env["res.company"].sudo().search([])
        )
        if not todays:
            return []
        window = min(todays.values()).replace(day=1)
        for _i in range(MONTHS_READ - 1):
            window = (window - timedelta(days=1)).replace(day=1)
        in_window = SQL("m.cobranca_due_date >= %s", window - timedelta(days=10))
        rows = env.execute_query(
            SQL(
                """
                WITH %(today)s, %(payments)s, %(paid_on)s, %(payable)s,
                months AS (
                    SELECT t.company_id, gs::date AS month,
                           least((gs + interval '1 month - 1 day')::date, t.day) AS month_end
                      FROM today t
                     CROSS JOIN LATERAL generate_series(
                           date_trunc('month', t.day) - make_interval(months => %(span)s - 1),
                           date_trunc('month', t.day), interval '1 month') gs
                ),
                first AS (SELECT company_id, min(month) AS month FROM months GROUP BY 1),
                inv AS (
                    SELECT m.id, m.company_id, m.invoice_date, m.invoice_date_due AS due,
                           abs(m.amount_total_signed) AS amount
                      FROM account_move m JOIN today t ON t.company_id = m.company_id
                     WHERE %(invoices)s AND m.invoice_date <= t.day
                ),
                pay AS (
                    SELECT i.company_id, p.day, p.amount, i.due
                      FROM payments p
                      JOIN inv i ON i.id = p.move_id
                      JOIN today t ON t.company_id = i.company_id
                     WHERE p.day <= t.day
                ),
                flows AS (
                    -- earlier than the window: in the month before it (the opening balance)
                    SELECT x.company_id,
                           greatest(x.month, (f.month - interval '1 month')::date) AS month,
                           sum(x.invoiced) AS invoiced, sum(x.collected) AS collected
                      FROM (
                        SELECT company_id, date_trunc('month', invoice_date)::date AS month,
                               amount AS invoiced, 0 AS collected FROM inv
                         UNION ALL
                        SELECT company_id, date_trunc('month', day)::date, 0, amount FROM pay
                      ) x JOIN first f ON f.company_id = x.company_id
                  GROUP BY 1, 2
                ),
                running AS (
                    SELECT company_id, month, invoiced, collected,
                           sum(invoiced - collected)
                               OVER (PARTITION BY company_id ORDER BY month) AS receivable_end
                      FROM flows
                ),
                not_due AS (
                    SELECT company_id, month, sum(amount) AS amount
                      FROM (
                        SELECT mo.company_id, mo.month, i.amount
                          FROM inv i
                         CROSS JOIN LATERAL generate_series(
                               date_trunc('month', i.invoice_date), date_trunc('month', i.due),
                               interval '1 month') gs
                          JOIN months mo ON mo.company_id = i.company_id AND mo.month = gs::date
                         WHERE i.invoice_date <= mo.month_end AND i.due > mo.month_end
                         UNION ALL
                        SELECT mo.company_id, mo.month, -p.amount
                          FROM pay p
                         CROSS JOIN LATERAL generate_series(
                               date_trunc('month', p.day), date_trunc('month', p.due),
                               interval '1 month') gs
                          JOIN months mo ON mo.company_id = p.company_id AND mo.month = gs::date
                         WHERE p.day <= mo.month_end AND p.due > mo.month_end
                      ) x
                  GROUP BY 1, 2
                ),
                payable_in AS (
                    SELECT m.company_id, date_trunc('month', pb.day)::date AS month,
                           count(*) AS due_count,
                           count(*) FILTER (WHERE po.day <= pb.day) AS on_time_count
                      FROM account_move m
                      JOIN today t ON t.company_id = m.company_id
                      %(payable_join)s
                 LEFT JOIN paid_on po ON po.move_id = m.id
                     -- collected invoices only: reversed ones are left out (ranking)
                     WHERE %(collected)s AND %(in_window)s
                       AND (pb.day < t.day OR po.day IS NOT NULL)
                  GROUP BY 1, 2
                ),
                started AS (
                    SELECT company_id, date_trunc('month', min(sent_date))::date AS month
                      FROM cobranca_reminder WHERE sent_date IS NOT NULL GROUP BY 1
                )
                SELECT mo.company_id, c.currency_id, mo.month,
                       CASE WHEN s.month <= mo.month THEN 'with' ELSE 'before' END,
                       coalesce(r.invoiced, 0), coalesce(r.collected, 0),
                       coalesce(r.receivable_end, (
                           SELECT r2.receivable_end FROM running r2
                            WHERE r2.company_id = mo.company_id AND r2.month < mo.month
                         ORDER BY r2.month DESC LIMIT 1), 0),
                       coalesce(nd.amount, 0),
                       coalesce(pi.due_count, 0), coalesce(pi.on_time_count, 0),
                       mo.month_end
                  FROM months mo
                  JOIN res_company c ON c.id = mo.company_id
             LEFT JOIN running r ON r.company_id = mo.company_id AND r.month = mo.month
             LEFT JOIN not_due nd ON nd.company_id = mo.company_id AND nd.month = mo.month
             LEFT JOIN payable_in pi ON pi.company_id = mo.company_id AND pi.month = mo.month
             LEFT JOIN started s ON s.company_id = mo.company_id
                """,
                today=insight_sql.today_cte(env),
                payments=insight_sql.payments_cte(),
                paid_on=insight_sql.paid_on_cte(),
                payable=insight_sql.payable_cte(env, in_window),
                payable_join=insight_sql.payable_join(),
                invoices=insight_sql.INVOICES,
                in_window=in_window,
                collected=insight_sql.collected_invoice_sql(),
                span=MONTHS_READ,
            )
        )
        keys = (
            "company_id",
            "currency_id",
            "month",
            "period",
            "invoiced",
            "collected",
            "receivable_end",
            "receivable_current",
            "due_count",
            "on_time_count",
            "month_end",
        )
        result = []
        for values in rows:
            row = dict(zip(keys, values, strict=True))
            month, end = row["month"], row["month_end"]
            full = calendar.monthrange(month.year, month.month)[1]
            row["days"] = end.day if end.day < full else full
            result.append(row)
        return result
