"""What a customer's own answer may do: its budget, and the proofs of payment it carries.

A customer who answers by itself (the answer page with the invoice's token, its
WhatsApp number, its email) pauses the reminders at once. That trust has a budget
(company settings): after ``cobranca_answer_max_broken`` broken promises to pay, or
``cobranca_answer_max_unpaid_claims`` "já paguei" whose days passed without the
payment, in the last ``cobranca_answer_lookback_days`` days, the customer's next
promise or "já paguei" is recorded and handed to its collector as a to-do, and the
reminders go on until a person decides (``cobranca.answer``); the customer is told
so on the channel it answered on (``cobranca.notice``). A contest and an
installment proposal are not budgeted: both wait for a person anyway. Neither is a
due day request (``cobranca.due.day.request``), but a customer makes at most
``MAX_DUE_DAY_REQUESTS`` of them in ``DUE_DAY_REQUEST_DAYS`` days (asking again while
one waits changes its day and counts nothing): each is a to-do for a person.

A proof of payment is checked on its bytes, whatever its name or the type its sender
gave: a PDF or a picture, stored with the type its bytes have and a name ending with
a matching extension; at most ``cobranca_proof_max_count`` files and
``cobranca_proof_max_mb`` MB per claim.
"""

import io
import warnings
from datetime import timedelta

from PIL import Image

from odoo import _, api, fields, models
from odoo.tools import SQL, format_amount, format_date
from odoo.tools.image import IMAGE_MAX_RESOLUTION
from odoo.tools.mimetypes import guess_mimetype

from .cobranca_answer import CUSTOMER_SOURCES, MAX_PROOF_BYTES, CobrancaAnswerError, clean_text

#: What a proof of payment may be (a PDF or a picture) and the extensions its name
#: may end with (the first one is added to a name that ends with none of them).
PROOF_EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/webp": (".webp",),
    "image/gif": (".gif",),
}
#: Longest file name kept.
MAX_NAME = 200
#: Due day requests a customer makes itself in ``DUE_DAY_REQUEST_DAYS`` days.
MAX_DUE_DAY_REQUESTS = 3
DUE_DAY_REQUEST_DAYS = 30


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


def proof_name(name, mimetype):
    """``name`` cleaned, ending with an extension of ``mimetype`` (one is added)."""
    extensions = PROOF_EXTENSIONS[mimetype]
    name = clean_text(name, MAX_NAME - len(extensions[0]))
    if name.lower().endswith(extensions):
        return name
    return f"{name}{extensions[0]}"


class CobrancaAnswerGuard(models.AbstractModel):
    _name = "cobranca.answer.guard"
    _description = "Collection: Limits of the Customer Answers"

    # ------------------------------------------------------------------ budget
    @api.model
    def _handover_reason(self, move):
        """Why the customer of ``move`` no longer pauses its reminders by itself (a
        sentence for the collector), or ``None`` while it still does."""
        company = move.company_id
        max_broken = company.cobranca_answer_max_broken
        max_claims = company.cobranca_answer_max_unpaid_claims
        if not max_broken and not max_claims:
            return None
        days = company.cobranca_answer_lookback_days
        since = self.env["cobranca.calendar"]._today(company) - timedelta(days=days)
        customer = move.commercial_partner_id
        # sudo: counting the customer's history is the system's business, whoever answers
        broken = (
            self.env["cobranca.promise"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", customer.id),
                    ("company_id", "=", company.id),
                    ("state", "=", "broken"),
                    ("closed_date", ">=", since),
                ]
            )
        )
        [(claims,)] = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "=", customer.id),
                    ("company_id", "=", company.id),
                    ("cobranca_paid_claim_expired_date", ">=", since),
                ],
                aggregates=["cobranca_paid_claim_expired_count:sum"],
            )
        )
        claims = claims or 0
        if (max_broken and broken >= max_broken) or (max_claims and claims >= max_claims):
            return _(
                "in the last %(days)s days the customer broke %(broken)s promises to pay and "
                "reported %(claims)s payments that were not found",
                days=days,
                broken=broken,
                claims=claims,
            )
        return None

    @api.model
    def _hand_over_promise(self, move, values, reason):
        """A customer out of budget promised: noted, and a to-do for its collector,
        who records the promise (the reminders wait) or not."""
        Answer = self.env["cobranca.answer"]
        line = _(
            "The customer promises to pay %(amount)s by %(date)s. The reminders go on: "
            "%(reason)s. Record the promise on the invoice if you accept it.",
            amount=format_amount(self.env, values["amount"], move.currency_id),
            date=format_date(self.env, values["date"]),
            reason=reason,
        )
        origin = Answer._origin_line(values["source"], values["channel"])
        activity = Answer._activity(
            move,
            Answer._collector(move),
            _("Promise to pay from %(customer)s: decide", customer=move.commercial_partner_id.name),
            Answer._body(line, origin),
            Answer._deadline(move),
        )
        move._message_log(
            body=Answer._body(line, origin, text=values["note"]),
            author_id=Answer._author(move, values["source"]),
        )
        if activity:  # a person will look at it: the customer is told so
            self.env["cobranca.notice"]._tell_handed_over(move, values["source"])

    @api.model
    def _count_unpaid_claims(self, expired, todays):
        """Count on its first invoice each claim whose days passed without the payment
        (one claim of several invoices is one claim): what the customer's budget
        reads (``cobranca.answer.guard._handover_reason``)."""
        claims = expired.grouped(lambda m: m.cobranca_paid_claim_activity_id.id or -m.id)
        firsts = self.env["account.move"].union(*(moves[:1] for moves in claims.values()))
        for company, moves in firsts.grouped("company_id").items():
            self.env.execute_query(
                SQL(
                    """
                    UPDATE account_move
                       SET cobranca_paid_claim_expired_count =
                               coalesce(cobranca_paid_claim_expired_count, 0) + 1,
                           cobranca_paid_claim_expired_date = %s
                     WHERE id = ANY(%s)
                    """,
                    todays[company.id],
                    moves.ids,
                )
            )
        firsts.invalidate_recordset(
            ["cobranca_paid_claim_expired_count", "cobranca_paid_claim_expired_date"]
        )

    @api.model
    def _check_due_day_requests(self, customer, company):
        """A customer asks for a new due day at most ``MAX_DUE_DAY_REQUESTS`` times in
        ``DUE_DAY_REQUEST_DAYS`` days."""
        since = fields.Datetime.now() - timedelta(days=DUE_DAY_REQUEST_DAYS)
        # sudo: counting the customer's requests is the system's business, whoever asks
        count = (
            self.env["cobranca.due.day.request"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", customer.id),
                    ("company_id", "=", company.id),
                    ("source", "in", CUSTOMER_SOURCES),
                    ("create_date", ">=", since),
                ]
            )
        )
        if count >= MAX_DUE_DAY_REQUESTS:
            raise CobrancaAnswerError(
                "due_day_too_often",
                _(
                    "%(customer)s already asked for %(count)s due days in the last %(days)s "
                    "days: a person answers the next one.",
                    customer=customer.name,
                    count=count,
                    days=DUE_DAY_REQUEST_DAYS,
                ),
            )

    # ------------------------------------------------------------------ proofs
    @api.model
    def _proofs(self, attachments, company=None, claim=None):
        """Check the proofs of payment of one answer: ``(records, values)``.

        ``attachments``: an ``ir.attachment`` recordset (returned as ``records``), or a
        list of ``(name, raw bytes[, mimetype])`` tuples or ``{"name", "raw",
        "mimetype"}`` dicts (a file downloaded from WhatsApp, a mail attachment). The
        type the sender gave is ignored: ``values`` holds, per file, the ``name``
        (ending with an extension of the type the bytes have), that ``mimetype`` and
        the ``raw`` bytes, ready to create an attachment (for ``records``: what to
        write on them). With ``company``, the files of the claim (the attachments of
        its to-do ``claim``) and these stay within the company's count and size."""
        if not attachments:
            return self.env["ir.attachment"], []
        if isinstance(attachments, models.BaseModel):
            records = attachments.sudo()
            files = [(a.name, a.raw) for a in records]
        else:
            records = self.env["ir.attachment"]
            files = []
            for item in attachments:
                if isinstance(item, dict):
                    files.append((item.get("name"), item.get("raw")))
                else:
                    files.append(tuple(item[:2]))
        values = []
        for name, raw in files:
            raw = raw or b""
            label = clean_text(name, MAX_NAME) or "-"
            if len(raw) > MAX_PROOF_BYTES:
                raise CobrancaAnswerError(
                    "attachment_too_big",
                    _(
                        "%(name)s is larger than %(size)s MB.",
                        name=label,
                        size=MAX_PROOF_BYTES // (1024 * 1024),
                    ),
                )
            # what the bytes are, not what the sender says they are
            mimetype = raw and guess_mimetype(raw)
            if mimetype not in PROOF_EXTENSIONS:
                raise CobrancaAnswerError(
                    "attachment_type", _("%(name)s is not a PDF or a picture.", name=label)
                )
            if mimetype.startswith("image/") and picture_too_large(raw):
                raise CobrancaAnswerError(
                    "attachment_too_big",
                    _(
                        "%(name)s is a picture of more than %(pixels)s million pixels.",
                        name=label,
                        pixels=int(IMAGE_MAX_RESOLUTION / 1e6),
                    ),
                )
            values.append(
                {
                    "name": proof_name(
                        clean_text(name, MAX_NAME) or _("Proof of payment"), mimetype
                    ),
                    "mimetype": mimetype,
                    "raw": raw,
                }
            )
        if company:
            self._check_claim_size(company, claim, [len(v["raw"]) for v in values])
        return records, values

    @api.model
    def _check_claim_size(self, company, claim, sizes):
        """The proofs of one claim (those already on its to-do ``claim`` and ``sizes``)
        stay within the company's count and total size."""
        kept = claim.sudo().attachment_ids if claim else self.env["ir.attachment"]
        max_count = company.cobranca_proof_max_count
        if len(kept) + len(sizes) > max_count:
            raise CobrancaAnswerError(
                "too_many_proofs",
                _(
                    "At most %(count)s proofs of payment are taken for one payment reported.",
                    count=max_count,
                ),
            )
        max_mb = company.cobranca_proof_max_mb
        if sum(kept.mapped("file_size")) + sum(sizes) > max_mb * 1024 * 1024:
            raise CobrancaAnswerError(
                "proofs_too_big",
                _(
                    "The proofs of payment of one payment reported take at most %(size)s MB "
                    "in all.",
                    size=max_mb,
                ),
            )
