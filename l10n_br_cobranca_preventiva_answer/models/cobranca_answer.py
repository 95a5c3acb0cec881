"""What a customer answers to a reminder, whatever the channel: "já paguei", a
promise to pay, a contest, an installment proposal.

One service for every channel (the portal page, WhatsApp and email replies): each
channel calls these entry points (``_says_paid``, ``_promise``, ``_contest``; a
proposal: ``cobranca.installment.proposal._propose``) with the invoice. Each one
checks everything first and raises a
:class:`CobrancaAnswerError` (a machine-readable ``code`` the channel words for the
customer, an English message for the clerk) before it changes anything; then it
acts: pause or hold the reminders, a note in the invoice's chatter, an activity for
the customer's collector. Customer text is stored as plain text and escaped
wherever it is shown as HTML: in the promise, the proposal, the invoice's contest
reason and the chatter note authored by the customer (not in the collector's
to-do, which points to them), and the files it sends are attached to that note, so
that an erasure finds all of it (``cobranca.privacy._erase_answers``).
"""

import re
from datetime import date

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date, plaintext2html

from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_rules import (
    is_posted_invoice,
)

from .cobranca_promise import SOURCES

#: Largest proof of payment (comprovante) taken, in bytes.
MAX_PROOF_BYTES = 5 * 1024 * 1024
#: Longest customer text kept (a contest reason, a note).
MAX_TEXT = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: Where the customer itself speaks: what comes from elsewhere (``clerk``) is said by
#: the user who records it, in its own name.
CUSTOMER_SOURCES = ("portal", "whatsapp", "email")


class CobrancaAnswerError(UserError):
    """A customer's answer that cannot be taken; nothing was changed.

    ``code``: ``not_open``, ``paid``, ``date_invalid``, ``date_past``,
    ``date_too_far``, ``promise_open``, ``not_overdue``, ``installments_range``,
    ``proposal_pending``, ``reason_missing``, ``several_customers``,
    ``attachment_too_big``, ``attachment_type``, ``too_many_proofs``,
    ``proofs_too_big``.
    """

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def clean_text(text, limit=MAX_TEXT):
    """Customer text as plain text: no control characters, trimmed, at most ``limit``."""
    return _CONTROL.sub("", str(text or "")).strip()[:limit]


class CobrancaAnswer(models.AbstractModel):
    _name = "cobranca.answer"
    _description = "Collection: Customer Answers"

    # ----------------------------------------------------------------- checks
    @api.model
    def _is_open(self, move):
        return move._cobranca_is_open()

    @api.model
    def _check_open(self, move):
        if self._is_open(move):
            return
        if is_posted_invoice(move):
            raise CobrancaAnswerError(
                "paid", _("Invoice %(invoice)s is already paid.", invoice=move.name)
            )
        raise CobrancaAnswerError(
            "not_open",
            _("Invoice %(invoice)s is not an open customer invoice.", invoice=move.name),
        )

    @api.model
    def _check_origin(self, source, channel):
        if source not in dict(SOURCES):
            raise ValueError(f"Unknown answer source: {source!r}")
        known = self.env["cobranca.promise"]._fields["channel"].get_values(self.env)
        if channel and channel not in known:
            raise ValueError(f"Unknown answer channel: {channel!r}")

    @api.model
    def _check_date(self, move, day, source, what=None):
        """The date as a ``date``: not before the company's today and, from a customer,
        at most ``cobranca_promise_max_days`` ahead."""
        if isinstance(day, str):
            try:
                day = date.fromisoformat(day.strip())
            except ValueError:
                day = None
        if not isinstance(day, date):
            raise CobrancaAnswerError("date_invalid", _("Choose a valid date."))
        company = move.company_id
        today = self.env["cobranca.calendar"]._today(company)
        if day < today:
            raise CobrancaAnswerError(
                "date_past", _("The date %(date)s has passed.", date=format_date(self.env, day))
            )
        limit = company.cobranca_promise_max_days
        if source in CUSTOMER_SOURCES and (day - today).days > limit:
            raise CobrancaAnswerError(
                "date_too_far",
                _(
                    "The date %(date)s is more than %(days)s days ahead.",
                    date=format_date(self.env, day),
                    days=limit,
                ),
            )
        return day

    @api.model
    def _proofs(self, attachments, company=None, claim=None):
        """Check the proofs of payment: ``(records, values)``; see
        ``cobranca.answer.guard._proofs``."""
        return self.env["cobranca.answer.guard"]._proofs(attachments, company, claim)

    # -------------------------------------------------------------- activities
    @api.model
    def _collector(self, move):
        company = move.company_id
        return move.commercial_partner_id._cobranca_collector(
            company, move.invoice_user_id
        ) or self.env["cobranca.approval.batch"]._approver(company)

    @api.model
    def _deadline(self, move):
        """The next business day of the company and the customer (today if it is one)."""
        Calendar = self.env["cobranca.calendar"]
        calendar = Calendar._calendar(move.company_id, move.commercial_partner_id)
        return calendar.next_business_day(Calendar._today(move.company_id))

    @api.model
    def _activity(self, record, user, summary, note, deadline, attachment_ids=()):
        """A to-do for ``user`` on ``record`` (none when nobody can be assigned)."""
        if not user:
            return self.env["mail.activity"]
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get_id(record._name),
                    "res_id": record.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "user_id": user.id,
                    "summary": summary,
                    "note": note,
                    "date_deadline": deadline,
                    "automated": True,
                    "attachment_ids": [fields.Command.set(list(attachment_ids))],
                }
            )
        )

    @api.model
    def _origin_line(self, source, channel):
        if source not in CUSTOMER_SOURCES:
            # an internal user speaks in its own name, never as the customer
            return _("Recorded by %(user)s.", user=self.env.user.name)
        sources = dict(
            self.env["cobranca.promise"]._fields["source"]._description_selection(self.env)
        )
        channels = dict(
            self.env["cobranca.promise"]._fields["channel"]._description_selection(self.env)
        )
        if channel and channels.get(channel) != sources.get(source):
            return _(
                "Received from: %(origin)s (%(via)s)",
                origin=sources[source],
                via=channels[channel],
            )
        return _("Received from: %(origin)s", origin=sources[source])

    @api.model
    def _author(self, move, source):
        """The customer is the author of what it said itself, an internal user of what
        it records (the chatter shows who)."""
        if source in CUSTOMER_SOURCES:
            return (move.partner_id or move.commercial_partner_id).id
        return self.env.user.partner_id.id

    @api.model
    def _body(self, *lines, text=None):
        """Chatter/activity HTML: ``lines`` escaped, the customer's ``text`` escaped
        with its line breaks."""
        body = Markup("").join(Markup("<p>%s</p>") % line for line in lines)
        if text:
            body += Markup("<blockquote>%s</blockquote>") % plaintext2html(text)
        return body

    # ------------------------------------------------------------------ promise
    @api.model
    def _promise_values(self, move, day, source, channel=None, amount=None, note=None):
        """The checked ``create`` values of a promise to pay ``move`` by ``day``: the
        only values a promise is made of (``cobranca.promise.create`` takes these from
        a user too)."""
        move.ensure_one()
        self._check_origin(source, channel)
        self._check_open(move)
        day = self._check_date(move, day, source)
        current = move.cobranca_promise_id
        if current:
            raise CobrancaAnswerError(
                "promise_open",
                _(
                    "Invoice %(invoice)s already has an open promise to pay, by %(date)s.",
                    invoice=move.name,
                    date=format_date(self.env, current.date),
                ),
            )
        residual = move.cobranca_amount_due
        try:
            amount = float(amount or 0)
        except (TypeError, ValueError):
            amount = 0
        # a part of the amount due may be promised; nothing or too much is the whole
        amount = min(amount, residual) if amount > 0 else residual
        return {
            "move_id": move.id,
            "date": day,
            "amount": amount,
            "amount_due": residual,
            "source": source,
            "channel": channel or False,
            "note": clean_text(note) or False,
        }

    @api.model
    def _promise(self, move, day, source, channel=None, amount=None, note=None):
        """Record a promise to pay: returns the ``cobranca.promise``, or no promise
        when the customer's budget is spent (the collector decides: see
        ``cobranca.answer.guard``)."""
        values = self._promise_values(move, day, source, channel, amount, note)
        day, amount, note = values["date"], values["amount"], values["note"]
        Promise = self.env["cobranca.promise"]
        if source in CUSTOMER_SOURCES:
            reason = self.env["cobranca.answer.guard"]._handover_reason(move)
            if reason:
                self.env["cobranca.answer.guard"]._hand_over_promise(move, values, reason)
                return Promise
            # sudo: the customer's own channel; an internal user creates in its own name
            Promise = Promise.sudo()
        promise = Promise.create(values)
        move._message_log(
            body=self._body(
                _(
                    "Promise to pay %(amount)s by %(date)s: the reminders wait until then.",
                    amount=format_amount(self.env, amount, move.currency_id),
                    date=format_date(self.env, day),
                ),
                self._origin_line(source, channel),
                text=note,
            ),
            author_id=self._author(move, source),
        )
        return promise

    # ---------------------------------------------------------------- já paguei
    @api.model
    def _says_paid(
        self, moves, source, channel=None, attachments=None, note=None, proof_to_come=False
    ):
        """The invoices wait the company's days while the collector checks; a further
        message of the same claim (the proof after the words) joins its to-do and does
        not lengthen it; a customer whose budget is spent (``cobranca.answer.guard``)
        gets the to-do only, and the reminders go on. ``proof_to_come``: the customer
        sent a file that is still being fetched (WhatsApp: ``cobranca.whatsapp.proof``
        attaches it when downloaded)."""
        self._check_origin(source, channel)
        if not moves:
            raise CobrancaAnswerError("not_open", _("No invoice to check."))
        if len(moves.commercial_partner_id) > 1 or len(moves.company_id) > 1:
            raise CobrancaAnswerError(
                "several_customers",
                _("These invoices belong to several customers or companies."),
            )
        open_moves = moves.filtered(self._is_open)
        if not open_moves:
            self._check_open(moves[0])
        company, customer = open_moves.company_id, open_moves.commercial_partner_id
        activity = open_moves.cobranca_paid_claim_activity_id.sudo().exists()
        if not (len(activity) == 1 and activity.active):
            activity = activity.browse()
        existing, files = self._proofs(attachments, company, activity)
        note = clean_text(note)
        # a claim under way (the proof after the words) keeps its days: more messages
        # do not lengthen the pause
        claimed = open_moves.filtered("cobranca_paid_claim_until")
        first = open_moves.sorted(lambda m: (m.cobranca_due_date or date.max, m.id))[0]
        reason = None
        if claimed:
            until = max(claimed.mapped("cobranca_paid_claim_until"))
        elif source in CUSTOMER_SOURCES and (
            reason := self.env["cobranca.answer.guard"]._handover_reason(first)
        ):
            until = None
        else:
            Calendar = self.env["cobranca.calendar"]
            until = Calendar._calendar(company, customer).add_business_days(
                Calendar._today(company), company.cobranca_paid_claim_days
            )
        link = {"res_model": "account.move", "res_id": first.id}
        if existing:  # at most cobranca_proof_max_count of them
            for record, vals in zip(existing, files, strict=True):
                # the type its bytes have, a name that says it (not what the sender said)
                record.write({"name": vals["name"], "mimetype": vals["mimetype"], **link})
            proofs = existing
        else:
            proofs = self.env["ir.attachment"].sudo().create([{**v, **link} for v in files])
        names = ", ".join(open_moves.mapped("name"))
        lines = (
            _(
                "The customer says %(invoices)s is paid: check the payment and answer the "
                "customer. The reminders go on: %(reason)s.",
                invoices=names,
                reason=reason,
            )
            if reason
            else _(
                "The customer says %(invoices)s is paid: check the payment. The reminders "
                "wait until %(date)s.",
                invoices=names,
                date=format_date(self.env, until),
            ),
            self._origin_line(source, channel),
            _("Proof of payment: %(names)s", names=", ".join(proofs.mapped("name")))
            if proofs
            else _("Proof of payment: the file sent is being downloaded from WhatsApp.")
            if proof_to_come
            else _("No proof of payment was sent."),
        )
        deadline = until or self._deadline(first)
        handed_over = reason and not activity  # a further message was told already
        if activity:
            # a further message of the claim (the proof after the words): same to-do
            activity.write(
                {
                    "date_deadline": max(activity.date_deadline, deadline),
                    "note": (activity.note or Markup("")) + self._body(*lines),
                    "attachment_ids": [fields.Command.link(a.id) for a in proofs],
                }
            )
        else:
            activity = self._activity(
                first,
                self._collector(first),
                _("Check the payment %(customer)s reports", customer=customer.name),
                self._body(*lines),
                deadline,
                proofs.ids,
            )
        # sudo: what the customer answered is written by this service only
        if until and open_moves - claimed:
            (open_moves - claimed).sudo().write({"cobranca_paid_claim_until": until})
        open_moves.sudo().write(
            {
                "cobranca_paid_claim_activity_id": activity.id or False,
                "cobranca_paid_claim_source": source,
            }
        )
        body = self._body(*lines, text=note)
        notes = open_moves._message_log_batch(
            bodies={move.id: body for move in open_moves}, author_id=self._author(first, source)
        )
        if proofs:
            # the files on the customer's own note: the chatter shows them, and an
            # erasure finds them among what the customer sent
            notes.filtered(lambda n: n.res_id == first.id).attachment_ids = [
                fields.Command.link(proof.id) for proof in proofs
            ]
        if handed_over and activity:
            self.env["cobranca.notice"]._tell_handed_over(first, source)
        return activity

    @api.model
    def _expire_paid_claims(self, todays):
        """Daily: the "já paguei" of settled invoices is closed, and the invoices still
        open whose days passed go back to their ladder (the to-do stays for the
        collector; the customer is told the payment was not found). Returns how many
        invoices were handled."""
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    "|",
                    ("cobranca_paid_claim_until", "!=", False),
                    ("cobranca_paid_claim_activity_id", "!=", False),
                ]
            )
        )
        settled = moves.filtered(lambda m: not self._is_open(m))
        settled._cobranca_close_paid_claims()
        expired = (moves - settled).filtered(
            lambda m: (
                m.cobranca_paid_claim_until
                and m.cobranca_paid_claim_until < todays[m.company_id.id]
            )
        )
        if expired:
            expired.write({"cobranca_paid_claim_until": False})
            self.env["cobranca.answer.guard"]._count_unpaid_claims(expired, todays)
            body = self._body(
                _(
                    "No payment was found in the days given to check the one the customer "
                    "reported: the reminders resume."
                )
            )
            expired._message_log_batch(bodies={move.id: body for move in expired})
            self.env["cobranca.notice"]._tell_paid_claims(expired, "paid_not_found")
        return len(settled) + len(expired)

    # ------------------------------------------------------------------ contest
    @api.model
    def _contest(self, move, reason, source, channel=None):
        move.ensure_one()
        self._check_origin(source, channel)
        self._check_open(move)
        reason = clean_text(reason)
        if not reason:
            raise CobrancaAnswerError("reason_missing", _("Say why the invoice is contested."))
        origin = self._origin_line(source, channel)
        activity = move.cobranca_dispute_activity_id.sudo().exists()
        if move.cobranca_dispute and activity:
            # the same dispute, a further message: on the same to-do
            line = _("The customer adds to the contest of %(invoice)s.", invoice=move.name)
            activity.note = (activity.note or Markup("")) + self._body(line, origin)
            move._message_log(
                body=self._body(line, origin, text=reason), author_id=self._author(move, source)
            )
            return activity
        line = _(
            "The customer contests %(invoice)s: the reminders are held until the dispute "
            "is resolved.",
            invoice=move.name,
        )
        activity = self._activity(
            move,
            self._collector(move),
            _("Contested invoice %(invoice)s", invoice=move.name),
            self._body(line, origin),
            self._deadline(move),
        )
        move.write(
            {
                "cobranca_dispute": True,
                "cobranca_dispute_reason": reason,
                "cobranca_dispute_resolution": False,
            }
        )
        # sudo: the contest's to-do and where it came from are written by this service
        move.sudo().write(
            {
                "cobranca_dispute_activity_id": activity.id or False,
                "cobranca_dispute_source": source,
            }
        )
        move._message_log(
            body=self._body(line, origin, text=reason), author_id=self._author(move, source)
        )
        return activity

    @api.model
    def _close_disputes(self, moves):
        """The dispute of these invoices ended: its to-do is marked done."""
        activities = moves.cobranca_dispute_activity_id.sudo().exists()
        if moves.filtered("cobranca_dispute_activity_id"):
            moves.sudo().write({"cobranca_dispute_activity_id": False})
        if activities:
            activities.action_feedback(
                feedback=_("Dispute resolved by %(user)s.", user=self.env.user.name)
            )

    # ----------------------------------------------------------------- payment
