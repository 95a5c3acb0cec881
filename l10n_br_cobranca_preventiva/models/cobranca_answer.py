"""What a customer answers to a reminder, whatever the channel: "já paguei", a
promise to pay, a contest, an installment proposal.

One service for every channel (the portal page, WhatsApp and email replies): the
channel calls the invoice's entry points (``account.move._cobranca_customer_*``),
which come here. Each one checks everything first and raises a
:class:`CobrancaAnswerError` (a machine-readable ``code`` the channel words for the
customer, an English message for the clerk) before it changes anything; then it
acts: pause or hold the reminders, a note in the invoice's chatter, an activity for
the customer's collector. Customer text is stored as plain text and escaped
wherever it is shown as HTML: in the promise, the proposal, the invoice's contest
reason and the chatter note authored by the customer (not in the collector's
to-do, which points to them), so that an erasure finds all of it
(``cobranca.privacy._erase_answers``).
"""

import io
import re
import warnings
from datetime import date

from markupsafe import Markup
from PIL import Image

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date, plaintext2html
from odoo.tools.image import IMAGE_MAX_RESOLUTION
from odoo.tools.mimetypes import guess_mimetype

from .cobranca_installment_proposal import MAX_INSTALLMENTS, MIN_INSTALLMENTS
from .cobranca_promise import ANSWER_CHANNELS, SOURCES

#: Largest proof of payment (comprovante) taken, in bytes.
MAX_PROOF_BYTES = 5 * 1024 * 1024
#: What a proof of payment may be: a PDF or a picture.
PROOF_MIMETYPES = ("application/pdf", "image/png", "image/jpeg", "image/webp", "image/gif")
#: Longest customer text kept (a contest reason, a note).
MAX_TEXT = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def picture_too_large(raw):
    """Whether a picture declares more pixels than Odoo takes for an image (50
    million). A file of a few kilobytes can declare billions: decoding it, as Odoo
    does to shrink a stored picture, would exhaust the server. Only the header is
    read; a file PIL cannot read at all is left to the mimetype check."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return True
    except Exception:  # noqa: BLE001 - unreadable: not this check's business
        return False
    return width * height > IMAGE_MAX_RESOLUTION


CUSTOMER_SOURCES = ("portal", "whatsapp", "email")


class CobrancaAnswerError(UserError):
    """A customer's answer that cannot be taken; nothing was changed.

    ``code``: ``not_open``, ``paid``, ``date_invalid``, ``date_past``,
    ``date_too_far``, ``promise_open``, ``not_overdue``, ``installments_range``,
    ``proposal_pending``, ``reason_missing``, ``several_customers``,
    ``attachment_too_big``, ``attachment_type``.
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
        if move.move_type == "out_invoice" and move.state == "posted":
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
        if channel and channel not in dict(ANSWER_CHANNELS):
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
        today = company._cobranca_today()
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
    def _proofs(self, attachments):
        """Check the proofs of payment; return them as ``ir.attachment`` records or
        ``create`` values. ``attachments``: an ``ir.attachment`` recordset, or a list of
        ``(name, raw bytes[, mimetype])`` tuples or ``{"name", "raw", "mimetype"}``
        dicts (a file downloaded from WhatsApp, a mail attachment)."""
        if not attachments:
            return self.env["ir.attachment"], []
        if isinstance(attachments, models.BaseModel):
            records = attachments.sudo()
            files = [(a.name, a.raw, a.mimetype) for a in records]
        else:
            records = self.env["ir.attachment"]
            files = []
            for item in attachments:
                if isinstance(item, dict):
                    files.append((item.get("name"), item.get("raw"), item.get("mimetype")))
                else:
                    name, raw, *rest = item
                    files.append((name, raw, rest[0] if rest else None))
        for name, raw, _mimetype in files:
            raw = raw or b""
            if len(raw) > MAX_PROOF_BYTES:
                raise CobrancaAnswerError(
                    "attachment_too_big",
                    _(
                        "%(name)s is larger than %(size)s MB.",
                        name=name or "-",
                        size=MAX_PROOF_BYTES // (1024 * 1024),
                    ),
                )
            # what the bytes are, not what the sender says they are
            mimetype = raw and guess_mimetype(raw)
            if mimetype not in PROOF_MIMETYPES:
                raise CobrancaAnswerError(
                    "attachment_type",
                    _("%(name)s is not a PDF or a picture.", name=name or "-"),
                )
            if mimetype.startswith("image/") and picture_too_large(raw):
                raise CobrancaAnswerError(
                    "attachment_too_big",
                    _(
                        "%(name)s is a picture of more than %(pixels)s million pixels.",
                        name=name or "-",
                        pixels=int(IMAGE_MAX_RESOLUTION / 1e6),
                    ),
                )
        if records:
            return records, []
        return records, [
            {"name": clean_text(name, 200) or _("Proof of payment"), "raw": raw}
            for name, raw, _mimetype in files
        ]

    # -------------------------------------------------------------- activities
    @api.model
    def _collector(self, move):
        company = move.company_id
        return (
            move.commercial_partner_id._cobranca_collector(company, move.invoice_user_id)
            or company._cobranca_approver()
        )

    @api.model
    def _deadline(self, move):
        """The next business day of the company and the customer (today if it is one)."""
        calendar = move.company_id._cobranca_calendar(move.commercial_partner_id)
        return calendar.next_business_day(move.company_id._cobranca_today())

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
        """The customer is the author of what it said itself (the chatter shows who)."""
        return (
            (move.partner_id or move.commercial_partner_id).id
            if source in CUSTOMER_SOURCES
            else None
        )

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
    def _promise(self, move, day, source, channel=None, amount=None, note=None):
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
        # a part of the amount due may be promised; nothing or too much is the whole
        amount = min(amount, residual) if amount and amount > 0 else residual
        note = clean_text(note)
        promise = self.env["cobranca.promise"].create(
            {
                "move_id": move.id,
                "date": day,
                "amount": amount,
                "amount_due": residual,
                "source": source,
                "channel": channel or False,
                "note": note or False,
            }
        )
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
        """``proof_to_come``: the customer sent a file that is still being fetched
        (WhatsApp: ``cobranca.whatsapp.proof`` attaches it when downloaded)."""
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
        existing, new_files = self._proofs(attachments)
        note = clean_text(note)
        company, customer = open_moves.company_id, open_moves.commercial_partner_id
        calendar = company._cobranca_calendar(customer)
        until = calendar.add_business_days(
            company._cobranca_today(), company.cobranca_paid_claim_days
        )
        first = open_moves.sorted(lambda m: (m.cobranca_due_date or date.max, m.id))[0]
        Attachment = self.env["ir.attachment"].sudo()
        proofs = existing
        if existing:
            existing.write({"res_model": "account.move", "res_id": first.id})
        if new_files:
            proofs |= Attachment.create(
                [{**vals, "res_model": "account.move", "res_id": first.id} for vals in new_files]
            )
        names = ", ".join(open_moves.mapped("name"))
        lines = (
            _(
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
        activity = open_moves.cobranca_paid_claim_activity_id.sudo().exists()
        if len(activity) == 1 and activity.active:
            # a second message of the same claim (the proof after the words): same to-do
            activity.write(
                {
                    "date_deadline": max(activity.date_deadline, until),
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
                until,
                proofs.ids,
            )
        open_moves.write(
            {
                "cobranca_paid_claim_until": until,
                "cobranca_paid_claim_activity_id": activity.id or False,
            }
        )
        body = self._body(*lines, text=note)
        open_moves._message_log_batch(
            bodies={move.id: body for move in open_moves}, author_id=self._author(first, source)
        )
        return activity

    @api.model
    def _close_paid_claims(self, moves):
        """Settled invoices end their "já paguei": the verification to-do is marked done
        once every invoice it covers is settled."""
        moves = moves.filtered("cobranca_paid_claim_activity_id") | moves.filtered(
            "cobranca_paid_claim_until"
        )
        if not moves:
            return
        activities = moves.cobranca_paid_claim_activity_id.sudo().exists()
        moves.write({"cobranca_paid_claim_until": False, "cobranca_paid_claim_activity_id": False})
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

    @api.model
    def _expire_paid_claims(self, todays):
        """Daily: the "já paguei" of settled invoices is closed, and the invoices still
        open whose days passed go back to their ladder (the to-do stays for the
        collector). Returns how many invoices were handled."""
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
        self._close_paid_claims(settled)
        expired = (moves - settled).filtered(
            lambda m: (
                m.cobranca_paid_claim_until
                and m.cobranca_paid_claim_until < todays[m.company_id.id]
            )
        )
        if expired:
            expired.write({"cobranca_paid_claim_until": False})
            body = self._body(
                _(
                    "No payment was found in the days given to check the one the customer "
                    "reported: the reminders resume."
                )
            )
            expired._message_log_batch(bodies={move.id: body for move in expired})
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
                "cobranca_dispute_activity_id": activity.id or False,
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
            moves.write({"cobranca_dispute_activity_id": False})
        if activities:
            activities.action_feedback(
                feedback=_("Dispute resolved by %(user)s.", user=self.env.user.name)
            )

    # -------------------------------------------------------------- installments
    @api.model
    def _propose_installments(self, move, count, first_date, source, channel=None, note=None):
        move.ensure_one()
        self._check_origin(source, channel)
        self._check_open(move)
        if move.cobranca_installment_pending:
            raise CobrancaAnswerError(
                "proposal_pending",
                _(
                    "Invoice %(invoice)s already has an installment proposal waiting for a "
                    "decision.",
                    invoice=move.name,
                ),
            )
        today = move.company_id._cobranca_today()
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
        first_date = self._check_date(move, first_date, source)
        note = clean_text(note)
        proposal = self.env["cobranca.installment.proposal"].create(
            {
                "move_id": move.id,
                "installment_count": count,
                "first_date": first_date,
                "amount": move.cobranca_amount_due,
                "source": source,
                "channel": channel or False,
                "note": note or False,
            }
        )
        origin = self._origin_line(source, channel)
        line = _(
            "The customer proposes to pay %(invoice)s in %(plan)s: the reminders wait for "
            "a decision.",
            invoice=move.name,
            plan=proposal._summary(),
        )
        self._activity(
            proposal,
            self._collector(move),
            _("Installment proposal for %(invoice)s: accept or refuse", invoice=move.name),
            self._body(line, origin),
            self._deadline(move),
        )
        move._message_log(
            body=self._body(line, origin, text=note), author_id=self._author(move, source)
        )
        return proposal

    # ----------------------------------------------------------------- payment
    @api.model
    def _on_settlement(self, moves):
        """Invoices paid, partly paid or closed: their open promises are decided, their
        "já paguei" to-do closes itself, their pending proposals are dropped."""
        moves = moves.sudo()  # the system's reaction to a payment, whoever registered it
        if not moves:
            return
        promises = (
            self.env["cobranca.promise"]
            .sudo()
            .search([("move_id", "in", moves.ids), ("state", "=", "open")])
        )
        promises._settle()
        closed = moves.filtered(lambda m: not self._is_open(m))
        if not closed:
            return
        self._close_paid_claims(closed)
        closed.cobranca_installment_ids._cancel(_("The invoice is settled."))
