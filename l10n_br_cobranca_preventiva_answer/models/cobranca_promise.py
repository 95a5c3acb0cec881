"""Promise to pay (*promessa de pagamento*): the customer will pay an invoice by a date.

A promise is ``open`` while its date has not passed; it becomes ``kept`` when the
invoice is paid (or its residual dropped by the promised amount) by that date,
``broken`` when the date passed without it, ``cancelled`` when a clerk lifts it or
the invoice is cancelled. At most one promise per invoice is open (a partial
unique index, and a readable error before it).

The invoice's pause follows its open promise: ``account.move.cobranca_paused_until``
is computed (stored) from the open promise, the customer's "já paguei" and an
accepted installment plan, so the dispatcher keeps reading one column; writing that
field from the invoice form records a promise of the clerk (its inverse). A broken
promise resumes the ladder (the reminders that waited are due again, the latest step
first), leaves a note on the invoice and is counted by the payer ranking.
"""

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_amount, format_date

from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_rules import (
    OPEN_INVOICE,
    POSTED_INVOICE_DOMAIN,
    closed_reason,
)
from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_settlement import payments_cte
from odoo.addons.l10n_br_cobranca_preventiva.models.res_partner import COLLECTION_USER

SOURCES = [
    ("clerk", "Clerk"),
    ("portal", "Customer Portal"),
    ("whatsapp", "WhatsApp"),
    ("email", "Email"),
]
#: How the customer reached the company (a clerk records a promise made by phone); a
#: channel of another addon is added from the reminders' channels (``answer_channels``).
ANSWER_CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("whatsapp", "WhatsApp"),
    ("portal", "Portal"),
    ("in_person", "In Person"),
    ("other", "Other"),
]


def answer_channels(records):
    """``ANSWER_CHANNELS`` and the channels the reminders know that it lacks (a
    channel addon's): a value stays on its records when that addon goes."""
    known = {value for value, _label in ANSWER_CHANNELS}
    reminder_channels = records.env["cobranca.reminder"]._fields["channel"].selection
    return ANSWER_CHANNELS + [item for item in reminder_channels if item[0] not in known]


def check_decision(records, state, waiting, denied, decided, unexplained):
    """The rule of a collector's decision on what customers ask (an installment plan,
    a due day): collection users only, with write access, on requests still
    ``waiting``, and a refusal says why (the customer is told it). ``denied`` and
    ``decided`` are the messages of the first two refusals, ``unexplained(names)``
    the one of a refusal without reason."""
    if not records.env.user.has_group(COLLECTION_USER):
        raise AccessError(denied)
    records.check_access("write")
    if records.filtered(lambda r: r.state != waiting):
        raise UserError(decided)
    missing = records.filtered(lambda r: not (r.decision_note or "").strip())
    if state == "refused" and missing:
        raise UserError(unexplained(", ".join(missing.mapped("display_name"))))


STATES = [
    ("open", "Open"),
    ("kept", "Kept"),
    ("broken", "Broken"),
    ("cancelled", "Cancelled"),
]
#: Promises checked per cron call (the cron calls again while some remain).
PROMISE_BATCH = 1000


class CobrancaPromise(models.Model):
    _name = "cobranca.promise"
    _description = "Promise to Pay"
    _order = "date desc, id desc"
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain=POSTED_INVOICE_DOMAIN,
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
    date = fields.Date(
        string="Promised Date",
        required=True,
        readonly=True,
        help="The customer will pay by this date: no reminder goes out until the day after.",
    )
    amount = fields.Monetary(
        string="Promised Amount",
        readonly=True,
        help="What the customer will pay by the date; by default the amount due.",
    )
    amount_due = fields.Monetary(
        string="Amount Due When Promised",
        readonly=True,
        help="The invoice's amount due when the promise was made: the promise is kept "
        "when at least the promised amount of it was paid by the date.",
    )
    source = fields.Selection(SOURCES, required=True, readonly=True, default="clerk")
    channel = fields.Selection(
        answer_channels,
        readonly=True,
        help="How the customer made the promise.",
    )
    state = fields.Selection(STATES, required=True, readonly=True, default="open", index=True)
    note = fields.Text(help="What the customer said, as received (plain text).")
    closed_date = fields.Date(
        string="Closed On", readonly=True, help="When the promise was kept, broken or cancelled."
    )

    def init(self):
        # the database keeps one open promise per invoice, even for two concurrent
        # answers; ``create`` says it readably before that
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS cobranca_promise_one_open_uniq "
                "ON cobranca_promise (move_id) WHERE state = 'open'"
            )
        )

    @api.depends("move_id", "date")
    def _compute_display_name(self):
        for promise in self:
            promise.display_name = _(
                "%(invoice)s by %(date)s",
                invoice=promise.move_id.name or "",
                date=format_date(self.env, promise.date),
            )

    @api.constrains("move_id")
    def _check_customer_invoice(self):
        if self.filtered(lambda p: p.move_id.move_type != "out_invoice"):
            raise ValidationError(_("A promise to pay concerns a customer invoice."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # a user (the invoice form, RPC) records its own promise, as the service
            # makes it: source clerk, today or later, open; nothing else it sends counts
            vals_list = [self._user_values(vals) for vals in vals_list]
        move_ids = [
            vals.get("move_id") for vals in vals_list if vals.get("state", "open") == "open"
        ]
        taken = self.search([("move_id", "in", move_ids), ("state", "=", "open")]).move_id
        doubled = {move_id for move_id in move_ids if move_ids.count(move_id) > 1}
        taken |= self.env["account.move"].browse(doubled)
        if taken:
            raise ValidationError(
                _(
                    "Invoice %(invoice)s already has an open promise to pay: cancel it "
                    "before recording another one.",
                    invoice=", ".join(taken.mapped("name")),
                )
            )
        for vals in vals_list:
            # by default the whole amount due (a clerk's promise, a record made over RPC)
            move = self.env["account.move"].browse(vals.get("move_id"))
            vals.setdefault("amount_due", move.cobranca_amount_due)
            if not vals.get("amount") or vals["amount"] <= 0:
                vals["amount"] = vals["amount_due"]
        promises = super().create(vals_list)
        promises.move_id._cobranca_mark_paused()
        return promises

    @api.model
    def _user_values(self, vals):
        """What a user's ``create`` makes: the promise of the clerk it is, on an invoice
        it may change (``cobranca.answer._promise_values``)."""
        move = self.env["account.move"].browse(vals.get("move_id")).exists()
        if not move:
            raise ValidationError(_("A promise to pay concerns a customer invoice."))
        move.check_access("write")
        return self.env["cobranca.answer"]._promise_values(
            move, vals.get("date"), "clerk", amount=vals.get("amount"), note=vals.get("note")
        )

    # ------------------------------------------------------------------ closing
    def action_cancel(self):
        """Lift open promises (a clerk's button): the reminders go on."""
        if not self.env.user.has_group(COLLECTION_USER):
            raise AccessError(_("Only collection users cancel a promise to pay."))
        self.check_access("read")
        self._close("cancelled")
        return True

    def _close(self, state, note=None):
        """Move open promises to ``state`` and tell the invoices' chatter."""
        promises = self.filtered(lambda p: p.state == "open")
        if not promises:
            return promises
        # sudo: the state changes only here (clerks have no write right on promises)
        promises.sudo().write({"state": state, "closed_date": fields.Date.context_today(self)})
        bodies = {}
        for promise in promises:
            bodies[promise.move_id.id] = promise._chatter_note(state, note)
        promises.move_id.sudo()._message_log_batch(bodies=bodies)
        promises.move_id._cobranca_mark_paused()
        return promises

    def _chatter_note(self, state, note=None):
        self.ensure_one()
        date = format_date(self.env, self.date)
        amount = format_amount(self.env, self.amount, self.currency_id)
        text = {
            "kept": _("Promise to pay of %(amount)s by %(date)s kept.", amount=amount, date=date),
            "broken": _(
                "Promise to pay of %(amount)s by %(date)s broken: the invoice is still "
                "open, the reminders resume.",
                amount=amount,
                date=date,
            ),
            "cancelled": _(
                "Promise to pay of %(amount)s by %(date)s cancelled: the reminders resume.",
                amount=amount,
                date=date,
            ),
        }[state]
        if note:
            return Markup("<p>%s</p><p>%s</p>") % (text, note)
        return Markup("<p>%s</p>") % text

    # -------------------------------------------------------------- the check
    @api.model
    def _cron_check(self, batch_size=PROMISE_BATCH):
        """Daily check (``ir_cron_cobranca_promises``), one batch per call: open promises
        of invoices paid by their date are kept, those whose date passed unpaid are
        broken (the ladder resumes, the customer's ranking is computed again); then
        the "já paguei" pauses whose days passed end."""
        # sudo: a system job over every company's promises and invoices
        self = self.sudo()
        todays = self.env["cobranca.calendar"]._today_by_company(self.env["res.company"].search([]))
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT pr.id
                  FROM cobranca_promise pr
                  JOIN account_move m ON m.id = pr.move_id
                  JOIN (SELECT * FROM unnest(%(companies)s::int[], %(todays)s::date[]))
                       AS c(company_id, today) ON c.company_id = pr.company_id
                 WHERE pr.state = 'open'
                   AND (pr.date < c.today OR NOT (%(open)s)
                        OR pr.amount_due - m.cobranca_amount_due >= pr.amount)
              ORDER BY pr.id
                 LIMIT %(limit)s
                """,
                companies=list(todays),
                todays=list(todays.values()),
                open=OPEN_INVOICE,
                limit=batch_size + 1,
            )
        )
        promises = self.browse(row[0] for row in rows[:batch_size])
        promises._settle(todays)
        claims = self.env["cobranca.answer"]._expire_paid_claims(todays)
        remaining = max(len(rows) - batch_size, 0)
        self.env["ir.cron"]._notify_progress(done=len(promises) + claims, remaining=remaining)

    def _settle(self, todays=None):
        """Decide these open promises on what their invoices show now: kept when at
        least the promised amount was paid (by the promised date), broken when the date
        passed, cancelled when the invoice was cancelled or reversed; the others stay
        open. The customers with a newly broken promise are ranked again."""
        promises = self.filtered(lambda p: p.state == "open")
        if not promises:
            return
        todays = todays or self.env["cobranca.calendar"]._today_by_company(promises.company_id)
        last_paid = self._last_payment_dates(promises.move_id.ids)
        decided = {"kept": self.browse(), "broken": self.browse(), "cancelled": self.browse()}
        for promise in promises:
            move = promise.move_id
            today = todays[promise.company_id.id]
            paid = promise.amount_due - move.cobranca_amount_due
            closed = closed_reason(move)
            if closed not in (None, "paid"):
                decided["cancelled"] |= promise
            elif move.currency_id.compare_amounts(paid, promise.amount) >= 0 or closed:
                paid_on = last_paid.get(move.id) or today
                decided["kept" if paid_on <= promise.date else "broken"] |= promise
            elif promise.date < today:
                decided["broken"] |= promise
        for state, group in decided.items():
            group._close(state)
        broken = decided["broken"]
        for company in broken.company_id:
            self.env["cobranca.ranking"]._rank(
                company, broken.filtered(lambda p, c=company: p.company_id == c).partner_id.ids
            )

    @api.model
    def _last_payment_dates(self, move_ids):
        """{invoice id: date of its latest payment}: reconciliations of its receivable
        lines, or the payments without a journal entry that paid some of it (as the
        ranking reads them). One query."""
        if not move_ids:
            return {}
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                "WITH %s SELECT move_id, max(day) FROM payments"
                " WHERE move_id = ANY(%s) GROUP BY move_id",
                payments_cte(SQL("m.id = ANY(%s)", list(move_ids))),
                list(move_ids),
            )
        )
        return dict(rows)
