"""A payment replans its invoices once, when Odoo has finished recording it.

Each reconciliation used to replan its invoices on the spot, in the middle of Odoo's
own work (the partial is created before the full reconciliation, the residuals and
the payment state): the planner's flush computed those fields there, Odoo then changed
them again, and the payment wizard did it twice per invoice (its partial and its
``matched_payment_ids``). Now the invoices a reconciliation touches are collected and
replanned together at the end of the outermost reconciliation or payment wizard (one
flush, one planning query set for the 50 invoices of a wizard), still in the
accountant's transaction: the reminders of a paid invoice are cancelled, its promise
decided and its "já paguei" closed before anything else can see the payment. What a
path outside those blocks touches is replanned at once, as before; before the commit
whatever is still pending is replanned (``cr.precommit``).
"""

from contextlib import contextmanager

from odoo import models

from .cobranca_settlement import with_shared_payments

#: cr.precommit.data keys: the invoices waiting to be replanned, and how many
#: reconciliation blocks are running
_PENDING = "cobranca.replan.pending"
_DEPTH = "cobranca.replan.depth"


@contextmanager
def replan_after(env):
    """The invoices this block touches are replanned once, at its end (the outermost
    block's end when nested)."""
    data = env.cr.precommit.data
    data[_DEPTH] = data.get(_DEPTH, 0) + 1
    try:
        yield
    finally:
        # a commit inside the block clears the data
        data[_DEPTH] = max(data.get(_DEPTH, 1) - 1, 0)
    if not data[_DEPTH]:
        replan_pending(env)


def replan_soon(moves):
    """Replan these invoices now, or at the end of the reconciliation running."""
    if not moves:
        return
    cr = moves.env.cr
    pending = cr.precommit.data.get(_PENDING)
    if pending is None:
        pending = cr.precommit.data[_PENDING] = set()
        env = moves.env
        cr.precommit.add(lambda: replan_pending(env, flush=True))
    pending.update(moves.ids)
    if not cr.precommit.data.get(_DEPTH):
        replan_pending(moves.env)


def replan_pending(env, flush=False):
    """Replan the invoices waiting (``flush``: before the commit, what it wrote)."""
    pending = env.cr.precommit.data.get(_PENDING)
    if not pending:
        return
    moves = env["account.move"].sudo().browse(sorted(pending))
    pending.clear()
    with_shared_payments(moves.exists())._cobranca_replan()
    if flush:
        env.flush_all()


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _reconcile_plan(self, reconciliation_plan):
        with replan_after(self.env):
            return super()._reconcile_plan(reconciliation_plan)
