"""The invoice as the customer's answers see it: its promises, installment proposals,
the "já paguei" check and the contest's to-do, the answer page's link, and the pause
the answers give (``cobranca_paused_until``, which the app's dispatcher reads, becomes
computed from them here). A payment settles the answers at once; a contest resolved
is told to the customer."""

from odoo import _, api, fields, models

from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_rules import (
    is_paid_invoice,
    is_posted_invoice,
)
from odoo.addons.l10n_br_cobranca_preventiva.models.prefetch import PREFETCH_GROUP

from .cobranca_promise import SOURCES

#: What the customer's answers, the payments and the daily checks write on the
#: invoice (``cobranca.answer``, ``cobranca.answer.guard``): never a user, nor over RPC
#: (a "já paguei" pauses the reminders; its counters make the answer budget).
ANSWER_ENGINE_FIELDS = frozenset(
    (
        "cobranca_paid_claim_until",
        "cobranca_paid_claim_activity_id",
        "cobranca_dispute_activity_id",
        "cobranca_dispute_source",
        "cobranca_paid_claim_source",
        "cobranca_paid_claim_expired_count",
        "cobranca_paid_claim_expired_date",
    )
)


class AccountMove(models.Model):
    _inherit = "account.move"

    cobranca_promise_ids = fields.One2many(
        "cobranca.promise", "move_id", string="Promises to Pay", readonly=True
    )

    cobranca_promise_id = fields.Many2one(
        "cobranca.promise",
        string="Open Promise",
        compute="_compute_cobranca_promise_id",
        help="The customer's open promise to pay this invoice, if any.",
    )

    cobranca_paid_claim_until = fields.Date(
        string="Payment Check Until",
        copy=False,
        readonly=True,
        help="The customer said this invoice is paid: its reminders wait until this "
        "date while the collector checks the payment.",
        prefetch=PREFETCH_GROUP,
    )

    cobranca_paid_claim_activity_id = fields.Many2one(
        "mail.activity",
        string="Payment Check",
        copy=False,
        readonly=True,
        ondelete="set null",
        help="The collector's to-do to check the payment the customer reported; it "
        "closes itself when the invoice is paid.",
        prefetch=PREFETCH_GROUP,
    )

    cobranca_paid_claim_expired_count = fields.Integer(
        string="Payments Reported Not Found",
        copy=False,
        readonly=True,
        help="How many times the customer said this invoice was paid and no payment was "
        "found in the days given to check it.",
        prefetch=PREFETCH_GROUP,
    )

    cobranca_paid_claim_expired_date = fields.Date(
        string="Last Payment Reported Not Found",
        copy=False,
        readonly=True,
        help="When the days to check the last payment reported for this invoice passed "
        "without it: the customer's answers count it for the company's look-back period.",
        prefetch=PREFETCH_GROUP,
    )

    cobranca_dispute_activity_id = fields.Many2one(
        "mail.activity",
        string="Dispute To-do",
        copy=False,
        readonly=True,
        ondelete="set null",
        prefetch=PREFETCH_GROUP,
    )

    cobranca_dispute_source = fields.Selection(
        SOURCES,
        string="Contested Through",
        copy=False,
        readonly=True,
        help="Where the customer contested the invoice: the resolution is told there.",
        prefetch=PREFETCH_GROUP,
    )

    cobranca_paid_claim_source = fields.Selection(
        SOURCES,
        string="Payment Reported Through",
        copy=False,
        readonly=True,
        help="Where the customer last said the invoice is paid: the outcome of the check "
        "is told there.",
        prefetch=PREFETCH_GROUP,
    )

    cobranca_installment_ids = fields.One2many(
        "cobranca.installment.proposal",
        "move_id",
        string="Installment Proposals",
        readonly=True,
    )

    cobranca_answer_url = fields.Char(
        string="Customer Answer Page",
        compute="_compute_cobranca_answer_url",
        help="Portal page where the customer says it paid, promises a date, contests the "
        "invoice or proposes installments.",
    )

    cobranca_paused_until = fields.Date(
        compute="_compute_cobranca_paused_until",
        inverse="_inverse_cobranca_paused_until",
        store=True,
        readonly=False,
        help="No reminder goes out until the day after this date: the date of the "
        "customer's open promise to pay, of the days given to check a payment the "
        "customer reported, or of the last installment of an accepted plan. A date "
        "written here records a promise to pay; clearing it lifts the promise.",
    )

    @api.depends("cobranca_promise_ids.state")
    def _compute_cobranca_promise_id(self):
        for move in self:
            move.cobranca_promise_id = move.cobranca_promise_ids.filtered(
                lambda p: p.state == "open"
            )[:1]

    def _cobranca_pause(self):
        """(date, reason) of the latest pause of the invoice, or (False, False).

        The pause is computed, not written: the open promise, the customer's "já
        paguei" and an accepted installment plan each give a date, and the invoice
        waits for the latest. ``cobranca_paused_until`` stays the one column the
        dispatcher reads."""
        self.ensure_one()
        candidates = [(p.date, "promise") for p in self.cobranca_promise_ids if p.state == "open"]
        if self.cobranca_paid_claim_until:
            candidates.append((self.cobranca_paid_claim_until, "paid_claim"))
        candidates += [
            (p.last_date, "installment")
            for p in self.cobranca_installment_ids
            if p.state == "accepted" and p.last_date
        ]
        return max(candidates) if candidates else (False, False)

    @api.depends(
        "cobranca_promise_ids.state",
        "cobranca_promise_ids.date",
        "cobranca_paid_claim_until",
        "cobranca_installment_ids.state",
        "cobranca_installment_ids.last_date",
    )
    def _compute_cobranca_paused_until(self):
        for move in self:
            move.cobranca_paused_until = move._cobranca_pause()[0]

    @api.depends(
        "cobranca_promise_ids.state",
        "cobranca_promise_ids.date",
        "cobranca_paid_claim_until",
        "cobranca_installment_ids.state",
        "cobranca_installment_ids.last_date",
    )
    def _compute_cobranca_pause_reason(self):
        for move in self:
            move.cobranca_pause_reason = move._cobranca_pause()[1]
            move.cobranca_installment_pending = any(
                p.state == "pending" for p in move.cobranca_installment_ids
            )

    def _inverse_cobranca_paused_until(self):
        """A date written on the invoice is a promise to pay the clerk records (the
        Collection tab, or RPC): it replaces the open promise; no date lifts the
        promise and the days given to check a reported payment."""
        Answer = self.env["cobranca.answer"]
        for move in self:
            day, promise = move.cobranca_paused_until, move.cobranca_promise_id
            if not day:
                promise._close("cancelled")
                if move.cobranca_paid_claim_until:
                    # sudo: the clerk lifts the days given to check a reported payment
                    move.sudo().cobranca_paid_claim_until = False
            elif day != move._cobranca_pause()[0] or (promise and promise.date != day):
                promise._close("cancelled")
                Answer._promise(move, day, "clerk")

    def _compute_cobranca_answer_url(self):
        for move in self:
            move.cobranca_answer_url = (
                move.get_base_url() + move.get_portal_url(suffix="/cobranca")
                if is_posted_invoice(move)
                else False
            )

    def _cobranca_engine_fields(self):
        return super()._cobranca_engine_fields() | ANSWER_ENGINE_FIELDS

    def _cobranca_answer_link(self):
        return self.cobranca_answer_url

    def write(self, vals):
        res = super().write(vals)
        if "cobranca_paid_claim_until" in vals:
            self.filtered(lambda m: m.move_type == "out_invoice")._cobranca_mark_paused()
        if "cobranca_dispute" in vals and not vals["cobranca_dispute"]:
            invoices = self.filtered(lambda m: m.move_type == "out_invoice")
            self.env["cobranca.answer"]._close_disputes(invoices)
        return res

    def _cobranca_replan(self):
        res = super()._cobranca_replan()
        # a payment keeps the promises and closes the "já paguei" check at once
        self._cobranca_settle_answers()
        return res

    def action_cobranca_resume(self):
        res = super().action_cobranca_resume()
        self.cobranca_installment_ids._cancel(
            _("Reminders resumed by %(user)s.", user=self.env.user.name)
        )
        return res

    def action_cobranca_resolve_dispute(self):
        """The customer is told the resolution, where it contested."""
        # sudo: only which were disputed, before the app's checks refuse or resolve them
        disputed = self.browse(self.sudo().filtered("cobranca_dispute").ids)
        res = super().action_cobranca_resolve_dispute()
        self.env["cobranca.notice"]._tell_disputes_resolved(disputed)
        return res

    # ----------------------------------------------------------------- payment
    def _cobranca_settle_answers(self):
        """Invoices paid, partly paid or closed: their open promises are decided, their
        "já paguei" to-do closes itself, their pending proposals are dropped."""
        moves = self.sudo()  # the system's reaction to a payment, whoever registered it
        if not moves:
            return
        promises = (
            self.env["cobranca.promise"]
            .sudo()
            .search([("move_id", "in", moves.ids), ("state", "=", "open")])
        )
        promises._settle()
        closed = moves.filtered(lambda m: not m._cobranca_is_open())
        if not closed:
            return
        closed._cobranca_close_paid_claims()
        closed.cobranca_installment_ids._cancel(_("The invoice is settled."))

    def _cobranca_close_paid_claims(self):
        """Settled invoices end their "já paguei": the customer is told the payment of
        those paid is confirmed, and the verification to-do is marked done once every
        invoice it covers is settled."""
        moves = self.filtered("cobranca_paid_claim_activity_id") | self.filtered(
            "cobranca_paid_claim_until"
        )
        if not moves:
            return
        activities = moves.cobranca_paid_claim_activity_id.sudo().exists()
        self.env["cobranca.notice"]._tell_paid_claims(
            moves.filtered(is_paid_invoice),
            "paid_confirmed",
        )
        moves.sudo().write(
            {
                "cobranca_paid_claim_until": False,
                "cobranca_paid_claim_activity_id": False,
                "cobranca_paid_claim_source": False,
            }
        )
        if not activities:
            return
        still_claimed = (
            self.env["account.move"]
            .sudo()
            .search([("cobranca_paid_claim_activity_id", "in", activities.ids)])
        )
        done = activities - still_claimed.cobranca_paid_claim_activity_id
        for activity in done:
            activity.action_feedback(feedback=_("Payment reconciled: the invoice is settled."))
