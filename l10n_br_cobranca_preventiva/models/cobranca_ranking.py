"""Payer ranking of customers, per company, computed set-based.

The database aggregates each customer's paid invoices of the look-back period
(payment date = the latest reconciliation of the invoice's receivable lines, or of
the payments without a journal entry that paid it, ``cobranca_settlement``; days
late counted from the effective due date, i.e. the next business day); the plain
``tools.ranking`` module turns the aggregates into class, score and early
warning; one UPDATE stores them in the company-dependent fields. No loop over
invoices: one query per batch of customers. Broken promises to pay of the look-back
period (``_broken_promises``: the answer addon records the promises) are counted the
same way: they lower the score, and one on an invoice still open raises the early
warning.
"""

import dataclasses
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, models
from odoo.tools import SQL

from ..tools import ranking
from .cobranca_bulk import bulk_update
from .cobranca_place import customer_state_code, customer_state_join
from .cobranca_rules import OPEN_INVOICE, OPEN_INVOICE_DOMAIN, SETTLED_INVOICE, posted_invoice_sql
from .cobranca_settlement import paid_on_cte, payments_cte

RANKING_BATCH = 10000
CLASS_SELECTION = [
    ("new", "New"),
    ("a", "A · Punctual"),
    ("b", "B · Good"),
    ("c", "C · Irregular"),
    ("d", "D · Chronic"),
]
#: Company-dependent ranking fields, as (field, SQL type) for the batch UPDATE.
_RANKING_COLUMNS = (
    ("cobranca_class", "varchar"),
    ("cobranca_score", "int"),
    ("cobranca_avg_days_late", "float8"),
    ("cobranca_on_time_rate", "float8"),
    ("cobranca_overdue_amount", "float8"),
    ("cobranca_paid_count", "int"),
    ("cobranca_usual_delay", "float8"),
    ("cobranca_broken_promise_count", "int"),
    ("cobranca_early_warning", "bool"),
    ("cobranca_early_warning_reason", "varchar"),
    ("cobranca_ranking_date", "date"),
)


class CobrancaRanking(models.AbstractModel):
    _name = "cobranca.ranking"
    _description = "Payer Ranking"

    @api.model
    def _cron_ranking(self, batch_size=RANKING_BATCH):
        """Daily ranking (``ir_cron_cobranca_ranking``): one batch of customers per call."""
        # sudo: a system job over every company's customers and invoices
        self = self.sudo()
        done = remaining = 0
        for company in self.env["res.company"].search([]):
            if done:
                remaining += len(self._to_rank(company))
                continue
            partner_ids = self._to_rank(company)
            if partner_ids:
                self._rank(company, partner_ids[:batch_size])
                done = len(partner_ids[:batch_size])
                remaining += len(partner_ids) - done
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _to_rank(self, company):
        """Customers of the company not ranked today: any open invoice, or an
        invoice of the look-back period. Customers excluded from collection in the
        company are not ranked: no ladder to choose for them, and one whose data
        was erased at its request must not be profiled again."""
        today = self.env["cobranca.calendar"]._today(company)
        since = today - timedelta(days=company.cobranca_rank_lookback_days)
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT m.commercial_partner_id
                  FROM account_move m
                  JOIN res_partner p ON p.id = m.commercial_partner_id
                 WHERE m.company_id = %(company)s AND %(posted)s
                   AND ((%(open)s) OR m.invoice_date >= %(since)s)
                   AND coalesce((p.cobranca_ranking_date ->> %(key)s)::date, '1970-01-01')
                       < %(today)s
                   AND NOT coalesce((p.cobranca_excluded ->> %(key)s)::bool, false)
              ORDER BY 1
                """,
                company=company.id,
                posted=posted_invoice_sql(),
                open=OPEN_INVOICE,
                since=since - timedelta(days=365),  # invoiced before, paid inside
                key=str(company.id),
                today=today,
            )
        )
        return [row[0] for row in rows]

    @api.model
    def _reset(self, company):
        """Make every customer of the company due for ranking again."""
        self.env.execute_query(
            SQL(
                "UPDATE res_partner SET cobranca_ranking_date = cobranca_ranking_date - %s "
                "WHERE cobranca_ranking_date ? %s",
                str(company.id),
                str(company.id),
            )
        )
        self.env["res.partner"].invalidate_model(["cobranca_ranking_date"])

    # ---------------------------------------------------------------- ranking
    @api.model
    def _thresholds(self, company):
        """The company's ranking settings, for ``tools.ranking``."""
        company.ensure_one()
        return ranking.Thresholds(
            min_paid=company.cobranca_rank_min_paid,
            a_max_days=company.cobranca_rank_a_max_days,
            a_min_on_time=company.cobranca_rank_a_min_on_time,
            b_max_days=company.cobranca_rank_b_max_days,
            b_min_on_time=company.cobranca_rank_b_min_on_time,
            d_min_days=company.cobranca_rank_d_min_days,
            warning_days=company.cobranca_rank_warning_days,
        )

    @api.model
    def _rank(self, company, partner_ids, replan=False):
        """Rank these commercial partners in ``company``: aggregate, classify, store.
        ``replan``: re-plan their open invoices even if their ladder class did not
        change (a class pinned or unpinned by hand)."""
        if not partner_ids:
            return
        today = self.env["cobranca.calendar"]._today(company)
        since = today - timedelta(days=company.cobranca_rank_lookback_days)
        thresholds = self._thresholds(company)
        self.env.flush_all()
        effective = self._effective_due_dates(company, partner_ids)
        stats, overdue = self._stats(company, partner_ids, effective, since, today)
        partners = self.env["res.partner"].browse(partner_ids).with_company(company)
        before = {
            p.id: (p.cobranca_class, p.cobranca_early_warning, p.cobranca_class_manual)
            for p in partners
        }
        rows, raised, changed = [], [], []
        for partner_id in partner_ids:
            payer = stats.get(partner_id, ranking.PayerStats())
            old_class, old_warning, manual = before[partner_id]
            klass = manual or ranking.classify(payer, thresholds)
            warning, kind, days = ranking.early_warning(payer, thresholds)
            reason = self._warning_reason(kind, days, payer.usual_delay)
            rows.append(
                (
                    partner_id,
                    klass,
                    ranking.score(payer),
                    payer.avg_days_late,
                    payer.on_time_rate,
                    overdue.get(partner_id, 0.0),
                    payer.paid_count,
                    payer.usual_delay,
                    payer.broken_promises,
                    warning,
                    reason,
                    today,
                )
            )
            if warning and not old_warning:
                raised.append((partner_id, reason))
            pinned = bool(manual)
            if replan or ranking.effective_class(klass, warning, pinned) != ranking.effective_class(
                old_class or "new", bool(old_warning), pinned
            ):
                changed.append(partner_id)
        self._store(company, rows)
        self._after_rank(company, partner_ids)
        self._warn_collectors(company, raised)
        self._replan_partners(company, changed)

    @api.model
    def _after_rank(self, company, partner_ids):
        """What else is learned about these customers with their ranking (nothing
        here; the insight addon learns the hour each one reads)."""

    def _effective_due_dates(self, company, partner_ids):
        """{(due date, customer's state): payable-until date} for the due dates of
        these customers' invoices (a few hundred pairs, not one per invoice): a due
        date is moved to the next business day of the company and of the
        customer's state ('' when it has none)."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT m.cobranca_due_date, %(state)s FROM account_move m
                  %(state_join)s
                 WHERE m.company_id = %(company)s AND m.commercial_partner_id = ANY(%(partners)s)
                   AND %(posted)s AND m.cobranca_due_date IS NOT NULL
                """,
                posted=posted_invoice_sql(),
                state=customer_state_code("cust"),
                state_join=customer_state_join(SQL("m.commercial_partner_id"), "cust"),
                company=company.id,
                partners=list(partner_ids),
            )
        )
        closed = self.env["cobranca.calendar"]._extra_closed(company)
        calendars = {
            state: self.env["cobranca.calendar"]._calendar(
                company, state=state or None, extra_closed=closed
            )
            for state in {state for _due, state in rows}
        }
        return {(due, state): calendars[state].effective_due_date(due) for due, state in rows}

    def _stats(self, company, partner_ids, effective, since, today):
        """({partner_id: PayerStats}, {partner_id: overdue amount})."""
        result, overdue = {}, {}
        if not effective:
            return result, overdue
        dates = SQL(", ").join(
            SQL("(%s::date, %s::varchar, %s::date)", due, state, payable)
            for (due, state), payable in effective.items()
        )
        state_join = customer_state_join(SQL("m.commercial_partner_id"), "cust")
        matches = SQL("e.due = m.cobranca_due_date AND e.state = %s", customer_state_code("cust"))
        scope = SQL(
            """
            m.company_id = %(company)s AND m.commercial_partner_id = ANY(%(partners)s)
            AND %(posted)s
            """,
            posted=posted_invoice_sql(),
            company=company.id,
            partners=list(partner_ids),
        )
        paid_rows = self.env.execute_query(
            SQL(
                """
                WITH eff(due, state, payable) AS (VALUES %(dates)s),
                -- reconciliations (payments, credit notes, bank lines) and payments
                -- without a journal entry, as the dashboard counts them
                %(payments)s, %(paid_on)s,
                inv AS MATERIALIZED (
                    SELECT m.id, m.commercial_partner_id AS partner_id,
                           abs(m.amount_total_signed) AS amount, e.payable
                      FROM account_move m
                      %(state_join)s
                      JOIN eff e ON %(matches)s
                     WHERE %(scope)s AND %(settled)s
                ),
                paid AS (
                    SELECT inv.*, p.day AS paid_on, greatest(p.day - inv.payable, 0) AS late
                      FROM inv JOIN paid_on p ON p.move_id = inv.id
                     WHERE p.day >= %(since)s
                )
                SELECT partner_id,
                       count(*),
                       count(*) FILTER (WHERE late = 0),
                       coalesce(sum(amount * late) / nullif(sum(amount), 0), 0),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY late),
                       (array_agg(late ORDER BY paid_on DESC, id DESC))[1]
                  FROM paid
              GROUP BY partner_id
                """,
                dates=dates,
                scope=scope,
                payments=payments_cte(SQL("%s AND %s", scope, SETTLED_INVOICE)),
                paid_on=paid_on_cte(),
                settled=SETTLED_INVOICE,
                since=since,
                state_join=state_join,
                matches=matches,
            )
        )
        open_rows = self.env.execute_query(
            SQL(
                """
                WITH eff(due, state, payable) AS (VALUES %(dates)s)
                SELECT m.commercial_partner_id,
                       coalesce(sum(m.cobranca_amount_due_signed)
                                FILTER (WHERE e.payable < %(today)s), 0),
                       coalesce(max(%(today)s - e.payable) FILTER (WHERE e.payable < %(today)s), 0)
                  FROM account_move m
                  %(state_join)s
                  JOIN eff e ON %(matches)s
                 WHERE %(scope)s AND %(open)s
              GROUP BY m.commercial_partner_id
                """,
                dates=dates,
                scope=scope,
                open=OPEN_INVOICE,
                today=today,
                state_join=state_join,
                matches=matches,
            )
        )
        open_by_partner = {pid: (amount, days) for pid, amount, days in open_rows}
        for pid, count, on_time, avg, median, last in paid_rows:
            result[pid] = ranking.PayerStats(
                paid_count=count,
                on_time_count=on_time,
                avg_days_late=float(avg),
                usual_delay=float(median),
                last_days_late=float(last),
                max_open_overdue_days=float(open_by_partner.get(pid, (0, 0))[1]),
            )
        for pid, (amount, days) in open_by_partner.items():
            result.setdefault(pid, ranking.PayerStats(max_open_overdue_days=float(days)))
            overdue[pid] = float(amount)
        for pid, broken, still_open in self._broken_promises(company, partner_ids, since):
            result[pid] = dataclasses.replace(
                result.get(pid, ranking.PayerStats()),
                broken_promises=broken,
                open_broken_promises=still_open,
            )
        return result, overdue

    def _broken_promises(self, company, partner_ids, since):
        """[(partner id, promises to pay broken since ``since``, of which on invoices
        still open)] of these customers in ``company``: none without the answer addon,
        which records the promises."""
        return []

    def _warning_reason(self, kind, days, usual):
        if kind == "paid":
            return _(
                "Last invoice paid %(days)s days late; usually %(usual)s.",
                days=round(days),
                usual=round(usual),
            )
        if kind == "open":
            return _(
                "An invoice is %(days)s days overdue; usually paid %(usual)s days late.",
                days=round(days),
                usual=round(usual),
            )
        if kind == "promise":
            return _(
                "Broke %(count)s promise(s) to pay on invoices still open.",
                count=round(days),
            )
        return False

    def _store(self, company, rows):
        """One UPDATE merging each value into the company's key of the jsonb fields."""
        key = str(company.id)
        columns = list(zip(*rows, strict=True))
        bulk_update(
            self.env,
            "res_partner",
            list(columns[0]),
            [
                (name, sql_type, list(values))
                for values, (name, sql_type) in zip(columns[1:], _RANKING_COLUMNS, strict=True)
            ],
            sets={
                name: SQL(
                    "coalesce(%(t)s, '{}'::jsonb) || jsonb_build_object(%(key)s, %(v)s)",
                    t=SQL.identifier("t", name),
                    v=SQL.identifier("v", name),
                    key=key,
                )
                for name, _type in _RANKING_COLUMNS
            },
        )
        self.env["res.partner"].invalidate_model([name for name, _type in _RANKING_COLUMNS])

    def _warn_collectors(self, company, raised):
        """One to-do per newly flagged customer, for its collector."""
        vals_list = []
        model_id = self.env["ir.model"]._get_id("res.partner")
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        reasons = dict(raised)
        # one recordset, so that collectors and salespersons are read in batches
        for partner in self.env["res.partner"].browse(list(reasons)).with_company(company):
            reason = reasons[partner.id]
            user = partner._cobranca_collector(company)
            if not user or not todo:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": todo.id,
                    "user_id": user.id,
                    "summary": _(
                        "Early warning: %(name)s pays later than usual",
                        name=partner.name,
                    ),
                    "note": Markup("<p>%s</p>") % reason,
                    "automated": True,  # an erasure finds it (cobranca.privacy)
                }
            )
        if vals_list:
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                vals_list
            )

    def _replan_partners(self, company, partner_ids):
        """Open invoices of customers whose class changed follow their new ladder."""
        if not partner_ids:
            return
        Move = self.env["account.move"]
        moves = Move.search(
            [
                ("company_id", "=", company.id),
                ("commercial_partner_id", "in", partner_ids),
                *OPEN_INVOICE_DOMAIN,
                ("cobranca_regua_forced", "=", False),
            ]
        )
        if moves:
            self.env.add_to_compute(Move._fields["cobranca_regua_id"], moves)
            moves.flush_recordset(["cobranca_regua_id"])
            self.env["cobranca.planner"]._plan(moves.ids, limit=len(moves))
