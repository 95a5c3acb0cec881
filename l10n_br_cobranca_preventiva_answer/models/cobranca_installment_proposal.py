"""An overdue customer's proposal to pay an invoice in installments (*parcelamento
da dívida*).

While a proposal is ``pending`` the invoice's reminders wait (like a dispute: until
somebody decides, whatever the date); the collector gets an activity on the proposal,
whose form has the buttons. ``accepted`` keeps the reminders paused until the date of
the last installment (``account.move.cobranca_paused_until``) and logs the decision
on the invoice: the clerk then sets the agreed payment terms on it. ``refused`` (with
its reason) lifts the pause at once: the ladder resumes. Either way the customer is
told, on the channel it proposed through (``cobranca.notice``).
"""

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount, format_date

from .cobranca_answer import CUSTOMER_SOURCES, CobrancaAnswerError, clean_text
from .cobranca_promise import SOURCES, answer_channels, check_decision

MIN_INSTALLMENTS = 2
MAX_INSTALLMENTS = 12
#: What the proposal is and how it was decided: changed only by the services (the
#: customer's channels, the decision buttons), never by a user's ``write``.
PROTECTED_FIELDS = frozenset(
    (
        "move_id",
        "installment_count",
        "first_date",
        "amount",
        "source",
        "channel",
        "state",
        "note",
        "decided_by_id",
        "decided_date",
    )
)


class CobrancaInstallmentProposal(models.Model):
    _name = "cobranca.installment.proposal"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Installment Proposal"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="move_id.commercial_partner_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="move_id.currency_id")
    installment_count = fields.Integer(string="Installments", required=True, readonly=True)
    first_date = fields.Date(string="First Installment", required=True, readonly=True)
    last_date = fields.Date(
        string="Last Installment",
        compute="_compute_last_date",
        store=True,
        help="Monthly installments from the first date: the reminders of an accepted "
        "plan wait until this date.",
    )
    amount = fields.Monetary(
        string="Amount Due", readonly=True, help="The invoice's amount due when proposed."
    )
    installment_amount = fields.Monetary(compute="_compute_installment_amount")
    source = fields.Selection(SOURCES, required=True, readonly=True, default="clerk")
    channel = fields.Selection(answer_channels, readonly=True)
    state = fields.Selection(
        [
            ("pending", "Waiting for a Decision"),
            ("accepted", "Accepted"),
            ("refused", "Refused"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        readonly=True,
        default="pending",
        index=True,
        tracking=True,
    )
    note = fields.Text(help="What the customer wrote, as received (plain text).")
    decision_note = fields.Text(
        help="Why the plan was accepted or refused (shown on the invoice's chatter)."
    )
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    decided_date = fields.Datetime(string="Decided On", readonly=True)

    @api.depends("first_date", "installment_count")
    def _compute_last_date(self):
        for proposal in self:
            proposal.last_date = proposal.first_date and proposal.first_date + relativedelta(
                months=max(proposal.installment_count, 1) - 1
            )

    @api.depends("amount", "installment_count")
    def _compute_installment_amount(self):
        for proposal in self:
            count = max(proposal.installment_count, 1)
            proposal.installment_amount = proposal.currency_id.round(proposal.amount / count)

    @api.depends("move_id", "installment_count")
    def _compute_display_name(self):
        for proposal in self:
            proposal.display_name = _(
                "%(invoice)s in %(count)s installments",
                invoice=proposal.move_id.name or "",
                count=proposal.installment_count,
            )

    @api.constrains("installment_count")
    def _check_installment_count(self):
        if self.filtered(lambda p: not MIN_INSTALLMENTS <= p.installment_count <= MAX_INSTALLMENTS):
            raise ValidationError(
                _(
                    "An installment plan has from %(min)s to %(max)s installments.",
                    min=MIN_INSTALLMENTS,
                    max=MAX_INSTALLMENTS,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # a user (RPC) records a proposal of its own, as the service makes it
            vals_list = [self._user_values(vals) for vals in vals_list]
        move_ids = [v.get("move_id") for v in vals_list if v.get("state", "pending") == "pending"]
        taken = self.search([("move_id", "in", move_ids), ("state", "=", "pending")]).move_id
        if taken:
            raise ValidationError(
                _(
                    "Invoice %(invoice)s already has an installment proposal waiting for a "
                    "decision.",
                    invoice=", ".join(taken.mapped("name")),
                )
            )
        proposals = super().create(vals_list)
        proposals.move_id._cobranca_mark_paused()
        return proposals

    @api.model
    def _user_values(self, vals):
        """What a user's ``create`` makes: a pending proposal it records in its own
        name, on an invoice it may change (``_proposal_values``)."""
        move = self.env["account.move"].browse(vals.get("move_id")).exists()
        if not move:
            raise ValidationError(_("An installment proposal concerns a customer invoice."))
        move.check_access("write")
        return self._proposal_values(
            move,
            vals.get("installment_count"),
            vals.get("first_date"),
            "clerk",
            note=vals.get("note"),
        )

    # ------------------------------------------------------------- proposing
    @api.model
    def _proposal_values(self, move, count, first_date, source, channel=None, note=None):
        """The checked ``create`` values of an installment proposal (what ``create``
        takes from a user too), with the answers' checks (``cobranca.answer``)."""
        Answer = self.env["cobranca.answer"]
        move.ensure_one()
        Answer._check_origin(source, channel)
        Answer._check_open(move)
        if move.cobranca_installment_pending:
            raise CobrancaAnswerError(
                "proposal_pending",
                _(
                    "Invoice %(invoice)s already has an installment proposal waiting for a "
                    "decision.",
                    invoice=move.name,
                ),
            )
        today = self.env["cobranca.calendar"]._today(move.company_id)
        if not move.cobranca_effective_due_date or move.cobranca_effective_due_date >= today:
            raise CobrancaAnswerError(
                "not_overdue",
                _(
                    "Invoice %(invoice)s is not overdue: installment plans are for overdue "
                    "invoices.",
                    invoice=move.name,
                ),
            )
        try:
            count = int(count)
        except (TypeError, ValueError):
            count = 0
        if not MIN_INSTALLMENTS <= count <= MAX_INSTALLMENTS:
            raise CobrancaAnswerError(
                "installments_range",
                _(
                    "An installment plan has from %(min)s to %(max)s installments.",
                    min=MIN_INSTALLMENTS,
                    max=MAX_INSTALLMENTS,
                ),
            )
        return {
            "move_id": move.id,
            "installment_count": count,
            "first_date": Answer._check_date(move, first_date, source),
            "amount": move.cobranca_amount_due,
            "source": source,
            "channel": channel or False,
            "note": clean_text(note) or False,
        }

    @api.model
    def _propose(self, move, count, first_date, source, channel=None, note=None):
        """The customer (or a user, in its own name) proposes ``count`` monthly
        installments from ``first_date``: the reminders wait for a decision."""
        Answer = self.env["cobranca.answer"]
        values = self._proposal_values(move, count, first_date, source, channel, note)
        Proposal = self.browse()
        if source in CUSTOMER_SOURCES:
            Proposal = Proposal.sudo()  # the customer's own channel; a user in its own name
        proposal = Proposal.create(values)
        note = values["note"]
        origin = Answer._origin_line(source, channel)
        line = _(
            "The customer proposes to pay %(invoice)s in %(plan)s: the reminders wait for "
            "a decision.",
            invoice=move.name,
            plan=proposal._summary(),
        )
        Answer._activity(
            proposal,
            Answer._collector(move),
            _("Installment proposal for %(invoice)s: accept or refuse", invoice=move.name),
            Answer._body(line, origin),
            Answer._deadline(move),
        )
        move._message_log(
            body=Answer._body(line, origin, text=note), author_id=Answer._author(move, source)
        )
        return proposal

    def write(self, vals):
        if not self.env.su:
            protected = PROTECTED_FIELDS & vals.keys()
            if protected:
                raise AccessError(
                    _(
                        "An installment proposal changes only through its decision buttons "
                        "(fields: %(fields)s).",
                        fields=", ".join(sorted(protected)),
                    )
                )
            if "decision_note" in vals and self.filtered(lambda p: p.state != "pending"):
                raise UserError(_("The reason of a decision taken cannot be changed."))
        return super().write(vals)

    def _schedule(self):
        """[(date, amount)] of the installments: monthly, the last one takes the cents."""
        self.ensure_one()
        count = max(self.installment_count, 1)
        part = self.installment_amount
        return [
            (
                self.first_date + relativedelta(months=i),
                part if i < count - 1 else self.currency_id.round(self.amount - part * (count - 1)),
            )
            for i in range(count)
        ]

    def _summary(self):
        self.ensure_one()
        return _(
            "%(count)s monthly installments of %(amount)s from %(date)s",
            count=self.installment_count,
            amount=format_amount(self.env, self.installment_amount, self.currency_id),
            date=format_date(self.env, self.first_date),
        )

    # ---------------------------------------------------------------- decision
    def action_accept(self):
        """The collector accepts: the reminders stay paused until the last installment."""
        self._decide("accepted")
        return True

    def action_refuse(self):
        """The collector refuses: the ladder resumes at once."""
        self._decide("refused")
        return True

    def _decide(self, state):
        check_decision(
            self,
            state,
            "pending",
            denied=_("Only collection users accept or refuse installment plans."),
            decided=_("Only a proposal waiting for a decision can be accepted or refused."),
            unexplained=lambda names: self.env._(
                "Write why the plan is refused on %(proposals)s first: the customer "
                "is told the reason.",
                proposals=names,
            ),
        )
        # sudo: the decision fields change only here, after the checks above
        self.sudo().write(
            {
                "state": state,
                "decided_by_id": self.env.user.id,
                "decided_date": fields.Datetime.now(),
            }
        )
        bodies = {}
        for proposal in self:
            if state == "accepted":
                text = _(
                    "Installment plan accepted by %(user)s: %(plan)s. The reminders wait "
                    "until %(date)s; set the agreed payment terms on the invoice.",
                    user=self.env.user.name,
                    plan=proposal._summary(),
                    date=format_date(self.env, proposal.last_date),
                )
            else:
                text = _(
                    "Installment plan refused by %(user)s: %(plan)s. The reminders resume.",
                    user=self.env.user.name,
                    plan=proposal._summary(),
                )
            body = Markup("<p>%s</p>") % text
            if proposal.decision_note:
                body += Markup("<p>%s</p>") % proposal.decision_note
            bodies[proposal.move_id.id] = body
            proposal.activity_ids.sudo().action_feedback(feedback=text)
        self.move_id.sudo()._message_log_batch(bodies=bodies)
        self.move_id._cobranca_mark_paused()
        self.env["cobranca.notice"]._tell_proposals(self)

    def _cancel(self, reason):
        """Drop pending proposals (the invoice was paid, or a clerk resumed reminders)."""
        pending = self.filtered(lambda p: p.state == "pending")
        if not pending:
            return
        pending.sudo().write({"state": "cancelled"})  # the system's consequence
        for proposal in pending:
            proposal.activity_ids.sudo().action_feedback(feedback=reason)
        pending.move_id._cobranca_mark_paused()
