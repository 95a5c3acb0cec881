from odoo import fields, models


class CobrancaMovePlan(models.Model):
    """What an invoice's reminders were last planned for: its ladder, its due date, and
    the day a later step comes within the planning horizon.

    The planner's bookkeeping, kept apart from ``account_move`` on purpose: stamping
    a hundred thousand invoices rewrites a hundred thousand narrow rows here, instead
    of the invoices' wide rows and their twenty indexes. Written by
    ``cobranca.planner`` only, in SQL.
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
