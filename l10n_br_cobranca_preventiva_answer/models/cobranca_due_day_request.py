"""The customer picks the best due day (*melhor data de vencimento*): a request that
its future invoices fall due on a day of the month the company offers
(``res.company.cobranca_due_days``).

The customer asks on the answer page or by replying to a reminder (WhatsApp, email:
the ``due_day`` intent of ``tools.intent``), on the invoice it answers; a
collection user may record one heard by phone from the answer page, in its own
name. A customer has at most one request ``requested`` per company: asking again
changes its day. A day the company does not offer, or no day at all, records
nothing: the customer is told the days offered (``cobranca.notice``, kind
``due_day_options``) and the invoice's chatter says so.

A collection user approves or refuses (with the reason) from the request's form.
Approved, the customer's payment terms in that company (``property_payment_term_id``,
company-dependent: core's due-date computation reads it) become "Todo dia N": one
line of type ``days_end_of_month_on_the`` whose due date is the first day N at least
``cobranca_due_day_min_days`` after the invoice date (see :func:`term_line_values`).
Invoices already issued keep their due dates; the next ones fall due on that day and
their ladder is planned from it. Either way the customer is told, on the channel it
asked through.
"""

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_rules import is_posted_invoice
from odoo.addons.l10n_br_cobranca_preventiva.models.res_partner import COLLECTION_USER

from .cobranca_answer import CUSTOMER_SOURCES, CobrancaAnswerError, clean_text
from .cobranca_promise import SOURCES, answer_channels, check_decision
from .res_company import DUE_DAY_RANGE

#: What the request is and how it was decided: changed only by the services (the
#: customer's channels, the decision buttons), never by a user's ``write``.
PROTECTED_FIELDS = frozenset(
    (
        "partner_id",
        "company_id",
        "move_id",
        "day",
        "source",
        "channel",
        "state",
        "note",
        "decided_by_id",
        "decided_date",
        "payment_term_id",
        "previous_payment_term_id",
    )
)


def term_line_values(day, min_days):
    """The payment term line "Todo dia ``day``": core's ``days_end_of_month_on_the``
    gives day ``day`` of the month after (invoice date + ``nb_days``); with
    ``nb_days = min_days - day`` that is the first day ``day`` on or after invoice date
    + ``min_days`` (``day`` ≤ 28: going back ``day`` days crosses at most one month
    start)."""
    return {
        "value": "percent",
        "value_amount": 100.0,
        "delay_type": "days_end_of_month_on_the",
        "days_next_month": str(day),
        "nb_days": min_days - day,
    }


class CobrancaDueDayRequest(models.Model):
    _name = "cobranca.due.day.request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Due Day Request"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    move_id = fields.Many2one(
        "account.move",
        string="Asked on Invoice",
        readonly=True,
        index=True,
        ondelete="set null",
        check_company=True,
        help="The invoice whose page or reminder the customer answered: the decision is "
        "told from it.",
    )
    day = fields.Integer(string="Due Day", required=True, readonly=True)
    source = fields.Selection(SOURCES, required=True, readonly=True, default="clerk")
    channel = fields.Selection(answer_channels, readonly=True)
    state = fields.Selection(
        [("requested", "Requested"), ("approved", "Approved"), ("refused", "Refused")],
        required=True,
        readonly=True,
        default="requested",
        index=True,
        tracking=True,
    )
    note = fields.Text(readonly=True, help="What the customer wrote, as received (plain text).")
    decision_note = fields.Text(
        help="Why the request was approved or refused: logged and sent to the customer "
        "(required to refuse)."
    )
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    decided_date = fields.Datetime(string="Decided On", readonly=True)
    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment Terms Set",
        readonly=True,
        help="The customer's payment terms in the company since the approval.",
    )
    previous_payment_term_id = fields.Many2one(
        "account.payment.term", string="Previous Payment Terms", readonly=True
    )

    @api.depends("partner_id", "day")
    def _compute_display_name(self):
        for request in self:
            request.display_name = _(
                "%(customer)s: due on day %(day)s",
                customer=request.partner_id.name or "",
                day=request.day,
            )

    # ------------------------------------------------------------------ asking
    @api.model
    def _ask(self, move, day, source, channel=None, note=None):
        """The customer (or a collection user, in its own name) asks that its future
        invoices fall due on ``day``: a request for a person (an existing one changes
        its day). Raises :class:`CobrancaAnswerError` (``due_day_off``,
        ``due_day_not_allowed``, ``due_day_current``, ``due_day_too_often``) before it
        changes anything."""
        Answer = self.env["cobranca.answer"]
        move.ensure_one()
        Answer._check_origin(source, channel)
        if source not in CUSTOMER_SOURCES and not self.env.user.has_group(COLLECTION_USER):
            raise AccessError(_("Only collection users record a due day request."))
        if not is_posted_invoice(move):
            raise CobrancaAnswerError(
                "not_open",
                _("Invoice %(invoice)s is not a posted customer invoice.", invoice=move.name),
            )
        company, customer = move.company_id, move.commercial_partner_id
        day = self._check_day(company, day)
        if customer.sudo().with_company(company).cobranca_due_day == day:
            raise CobrancaAnswerError(
                "due_day_current",
                _(
                    "The invoices of %(customer)s already fall due on day %(day)s.",
                    customer=customer.name,
                    day=day,
                ),
            )
        # sudo: the customer's own channel, or a collection user checked above; the
        # requests are written by this service only
        Request = self.sudo()
        pending = Request.search(
            [
                ("partner_id", "=", customer.id),
                ("company_id", "=", company.id),
                ("state", "=", "requested"),
            ],
            limit=1,
        )
        if not pending and source in CUSTOMER_SOURCES:
            self.env["cobranca.answer.guard"]._check_due_day_requests(customer, company)
        values = {
            "move_id": move.id,
            "day": day,
            "source": source,
            "channel": channel or False,
            "note": clean_text(note) or False,
        }
        origin = Answer._origin_line(source, channel)
        line = _(
            "The customer asks that its next invoices fall due on day %(day)s of the month: "
            "approve or refuse the request.",
            day=day,
        )
        if pending:
            pending.write(values)
            request = pending
            activity = request.activity_ids[:1]
            if activity:
                activity.sudo().note = (activity.note or Markup("")) + Answer._body(line, origin)
        else:
            request = Request.create(
                {**values, "partner_id": customer.id, "company_id": company.id}
            )
            Answer._activity(
                request,
                Answer._collector(move),
                _("Due day request of %(customer)s: approve or refuse", customer=customer.name),
                Answer._body(line, origin),
                Answer._deadline(move),
            )
        move._message_log(
            body=Answer._body(line, origin, text=values["note"]),
            author_id=Answer._author(move, source),
        )
        return request.with_env(self.env)

    @api.model
    def _from_reply(self, move, day, channel, note=None):
        """A due day a customer's reply asks for (WhatsApp, email; the primary intent of
        the reply or not): a request for a person when the company offers ``day``
        (:meth:`_ask`: same checks, same limit), else the customer is told the days
        offered (:meth:`_offer_days`). False when the company offers no day at all
        (the reply is left to a person). Raises what :meth:`_ask` raises."""
        offered = move.company_id._cobranca_due_days()
        if not offered:
            return False
        if day in offered:
            self._ask(move, day, channel, channel, note=note)
        else:
            self._offer_days(move, channel, day)
        return True

    @api.model
    def _check_day(self, company, day):
        """``day`` as an int among the days ``company`` offers."""
        offered = company._cobranca_due_days()
        if not offered:
            raise CobrancaAnswerError(
                "due_day_off", _("%(company)s offers no due day to choose.", company=company.name)
            )
        try:
            day = int(day)
        except (TypeError, ValueError):
            day = None
        if day not in offered:
            raise CobrancaAnswerError(
                "due_day_not_allowed",
                _(
                    "Day %(day)s is not one of the due days offered: %(days)s.",
                    day=day or "-",
                    days=", ".join(map(str, offered)),
                ),
            )
        return day

    @api.model
    def _offer_days(self, move, source, asked=None):
        """A request the company cannot take (a day it does not offer, or no day): the
        customer is told the days offered, on its channel; the invoice says why."""
        offered = move.company_id._cobranca_due_days()
        if not offered:
            return  # nothing to offer: the reply stays in the chatter for a person
        move._message_log(
            body=self.env["cobranca.answer"]._body(
                _(
                    "The customer asks for a due day (%(day)s) that is not offered: it is "
                    "told the days offered (%(days)s).",
                    day=asked or _("no day given"),
                    days=", ".join(map(str, offered)),
                )
            )
        )
        self.env["cobranca.notice"]._tell_due_day_options(move, source)

    # ---------------------------------------------------------------- decision
    def write(self, vals):
        if not self.env.su:
            protected = PROTECTED_FIELDS & vals.keys()
            if protected:
                raise AccessError(
                    _(
                        "A due day request changes only through its decision buttons "
                        "(fields: %(fields)s).",
                        fields=", ".join(sorted(protected)),
                    )
                )
            if "decision_note" in vals and self.filtered(lambda r: r.state != "requested"):
                raise UserError(_("The reason of a decision taken cannot be changed."))
        return super().write(vals)

    def action_approve(self):
        """The customer's next invoices fall due on its day (its payment terms)."""
        self._decide("approved")
        return True

    def action_refuse(self):
        """Nothing changes; the customer is told why."""
        self._decide("refused")
        return True

    def _decide(self, state):
        check_decision(
            self,
            state,
            "requested",
            denied=_("Only collection users approve or refuse due day requests."),
            decided=_("Only a request waiting for a decision can be approved or refused."),
            unexplained=lambda names: self.env._(
                "Write why the request is refused on %(requests)s first: the customer "
                "is told the reason.",
                requests=names,
            ),
        )
        # sudo: the decision fields and the customer's payment terms change only here,
        # after the checks above (a collector need not manage payment terms)
        requests = self.sudo()
        now = fields.Datetime.now()
        terms = {}
        for request in requests:
            values = {"state": state, "decided_by_id": self.env.user.id, "decided_date": now}
            if state == "approved":
                customer = request.partner_id.with_company(request.company_id)
                key = (request.company_id, request.day)
                if key not in terms:
                    terms[key] = self._due_day_term(*key)
                term = terms[key]
                values.update(
                    payment_term_id=term.id,
                    previous_payment_term_id=customer.property_payment_term_id.id,
                )
                customer.property_payment_term_id = term
            request.write(values)
            text = (
                _(
                    "Due day request approved by %(user)s: the next invoices of %(customer)s "
                    "fall due on day %(day)s (payment terms %(terms)s); those issued keep "
                    "their due dates.",
                    user=self.env.user.name,
                    customer=request.partner_id.name,
                    day=request.day,
                    terms=request.payment_term_id.name,
                )
                if state == "approved"
                else _(
                    "Due day request refused by %(user)s: day %(day)s for %(customer)s.",
                    user=self.env.user.name,
                    day=request.day,
                    customer=request.partner_id.name,
                )
            )
            body = Markup("<p>%s</p>") % text
            if request.decision_note:
                body += Markup("<p>%s</p>") % request.decision_note
            request.activity_ids.action_feedback(feedback=text)
            # not in the customer's chatter, which every employee reads
            request._message_log(body=body)
            if request.move_id:
                request.move_id._message_log(body=body)
        self.env["cobranca.notice"]._tell_due_days(requests)

    @api.model
    def _due_day_term(self, company, day):
        """The company's payment terms "Todo dia ``day``" (found, else created)."""
        if day not in DUE_DAY_RANGE:
            raise UserError(_("A due day goes from 1 to 28."))
        line = term_line_values(day, company.cobranca_due_day_min_days)
        # sudo: the approval (checked by the caller) picks the terms, not the user's rights
        Term = self.env["account.payment.term"].sudo()
        candidates = Term.search(
            [
                ("company_id", "=", company.id),
                ("line_ids.delay_type", "=", line["delay_type"]),
                ("line_ids.days_next_month", "=", line["days_next_month"]),
                ("line_ids.nb_days", "=", line["nb_days"]),
            ]
        )
        for term in candidates:
            if (
                len(term.line_ids) == 1
                and not term.early_discount
                and (term.line_ids.value == "percent" and term.line_ids.value_amount == 100)
            ):
                return term
        return Term.create(
            {
                "name": f"Todo dia {day}",
                "company_id": company.id,
                "note": Markup("<p>%s</p>")
                % (
                    f"Vencimento todo dia {day}, a pelo menos "
                    f"{company.cobranca_due_day_min_days} dias da emissão."
                ),
                "line_ids": [Command.create(line)],
            }
        )
