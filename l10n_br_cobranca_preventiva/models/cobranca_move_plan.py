from odoo import api, fields, models
from odoo.tools import SQL

from .cobranca_bulk import bulk_insert
from .cobranca_rules import OPEN_INVOICE


class CobrancaMovePlan(models.Model):
    """What an invoice's reminders were last planned for: its ladder, its due date, and
    the day a later step comes within the planning horizon.

    The planner's bookkeeping, kept apart from ``account_move`` on purpose: stamping
    a hundred thousand invoices rewrites a hundred thousand narrow rows here, instead
    of the invoices' wide rows and their twenty indexes. Written for
    ``cobranca.planner`` only, in SQL, by the methods below: the stamps, the plans
    forgotten, and which open invoices are outdated.
    """

    _name = "cobranca.move.plan"
    _description = "Collection Plan of an Invoice"
    _log_access = False
    _rec_name = "move_id"

    move_id = fields.Many2one(
        "account.move", string="Invoice", required=True, readonly=True, ondelete="cascade"
    )
    regua_id = fields.Many2one(
        "cobranca.regua", string="Planned Ladder", readonly=True, ondelete="set null"
    )
    due_date = fields.Date(string="Planned Due Date", readonly=True)
    next_date = fields.Date(
        string="Plan Again On",
        readonly=True,
        index="btree_not_null",
        help="A later step of the ladder comes within the planning horizon on this day.",
    )

    _sql_constraints = [
        ("move_unique", "UNIQUE(move_id)", "An invoice has one plan."),
    ]

    @api.model
    def _stamp(self, stamps=None, forget=None):
        """Record what the invoices were planned for: ``stamps`` is
        ``{invoice id: (ladder id, due date, next date)}``; ``forget``: invoice ids whose
        plan is dropped, so that they are planned again."""
        if forget:
            self.env.execute_query(
                SQL("DELETE FROM cobranca_move_plan WHERE move_id = ANY(%s)", list(forget))
            )
        if stamps:
            ids = list(stamps)
            bulk_insert(
                self.env,
                "cobranca_move_plan",
                [
                    ("move_id", "int", ids),
                    ("regua_id", "int", [stamps[i][0] for i in ids]),
                    ("due_date", "date", [stamps[i][1] for i in ids]),
                    ("next_date", "date", [stamps[i][2] for i in ids]),
                ],
                conflict=("move_id",),
                update=("regua_id", "due_date", "next_date"),
            )
        self.invalidate_model()
        self.env["account.move"].invalidate_model(["cobranca_plan_ids"])

    @api.model
    def _forget_where(self, condition):
        """Forget the plans of the invoices ``m`` (joined to their plan ``p``) matching
        ``condition``, so that they are planned again. Returns their ids."""
        rows = self.env.execute_query(
            SQL(
                """
                DELETE FROM cobranca_move_plan p USING account_move m
                 WHERE m.id = p.move_id AND %s
             RETURNING m.id
                """,
                condition,
            )
        )
        self.invalidate_model()
        self.env["account.move"].invalidate_model(["cobranca_plan_ids"])
        return [move_id for (move_id,) in rows]

    @api.model
    def _outdated(self, today, scope, after=0):
        """FROM and WHERE of the open invoices in ``scope`` whose plan is outdated
        (``after``: every invoice of the scope comes after this id, which lets the
        plans be read from there)."""
        return SQL(
            """
              FROM account_move m
         LEFT JOIN cobranca_move_plan p ON p.move_id = m.id AND p.move_id > %(after)s
             WHERE %(open)s AND %(scope)s
               AND (p.move_id IS NULL
                    OR p.regua_id IS DISTINCT FROM m.cobranca_regua_id
                    OR p.due_date IS DISTINCT FROM m.cobranca_due_date
                    OR p.next_date <= %(today)s)
            """,
            open=OPEN_INVOICE,
            scope=scope,
            today=today,
            after=after,
        )

    @api.model
    def _outdated_ids(self, today, scope, limit, after=0):
        query = SQL(
            "SELECT m.id %s ORDER BY m.id LIMIT %s", self._outdated(today, scope, after), limit
        )
        return [move_id for (move_id,) in self.env.execute_query(query)]

    @api.model
    def _outdated_count(self, today, scope, cap=None, after=0):
        outdated = self._outdated(today, scope, after)
        if cap is None:
            query = SQL("SELECT count(*) %s", outdated)
        else:
            query = SQL("SELECT count(*) FROM (SELECT 1 %s LIMIT %s) AS capped", outdated, cap)
        [(count,)] = self.env.execute_query(query)
        return count
