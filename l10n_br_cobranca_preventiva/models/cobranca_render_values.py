"""What the customer messages say of an invoice: the due phrase, the amount to pay now
(early discount, a consumer's late charges), the charges sentence, the Pix codes, the
opt-out link, the invoices reminded together, the approver's text and a formal notice's
dates.

They are values passed to the render, not fields of the invoice: every template (mail,
a satellite channel's, the formal notice, core's preview) finds ``cobranca(object)``
among its rendering values (``mail.render.mixin._render_eval_context``, the notice's report
values), and reads ``cobranca(object).due_phrase``, ``.pix_code``, ``.group``... The
WhatsApp template values (``cobranca.whatsapp.param``) read the same. Each kind of
value is computed for the whole batch being rendered the first time one invoice asks
for it (one calendar, one query), as a computed field would be; what the dispatcher
decides for one send (the recipient, the invoices reminded together, the approver's
text, the notice's dates) comes in the context. The wording itself is plain Python in
``tools/wording.py`` and ``tools/late_charges.py``.
"""

from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from ..tools.late_charges import consumer_rates_allowed, is_consumer, late_charges
from ..tools.legal_sources import cite
from ..tools.wording import (
    SETTLES_SENTENCE,
    discount_phrase,
    due_phrase,
    full_amount_phrase,
    itemised_charges,
)
from .cobranca_rules import is_posted_invoice

#: Each value and the kind computed with it (``CobrancaRenderValues._kind_<kind>``).
KINDS = {
    "days_to_due": "due",
    "due_phrase": "due",
    "amount_to_pay": "amounts",
    "charges_line": "amounts",
    "charges_text": "amounts",
    "discount_date": "amounts",
    "discount_amount": "amounts",
    "discount_phrase": "amounts",
    "full_amount_phrase": "amounts",
    "pix_code": "pix",
    "pix_code_full": "pix",
    "optout_url": "optout",
    "group": "group",
    "custom_text": "custom_text",
    "notice_deadline": "notice",
    "protest_date": "notice",
}


class InvoiceTexts:
    """What the messages say of one invoice: ``cobranca(object).<value>`` (see KINDS)."""

    __slots__ = ("_batch", "_move")

    def __init__(self, batch, move):
        self._batch = batch
        self._move = move

    def __getattr__(self, name):
        if name not in KINDS:
            raise AttributeError(name)
        return self._batch.value(KINDS[name], self._move, name)

    @staticmethod
    def cite(key):
        """The words of legal rule ``key`` (tools/legal_sources.py)."""
        return cite(key)


class _Batch:
    """The invoices rendered together; each kind computed once for all of them."""

    def __init__(self, service, moves):
        self.service = service
        self.moves = moves
        self.ids = frozenset(moves.ids)
        self.kinds = {}

    def kind(self, kind):
        """{invoice id: {value name: value}} of one kind, computed on first use."""
        if kind not in self.kinds:
            self.kinds[kind] = getattr(self.service, f"_kind_{kind}")(self.moves, self)
        return self.kinds[kind]

    def value(self, kind, move, name):
        return self.kind(kind)[move.id][name]


class Texts:
    """``cobranca`` of the rendering values: ``cobranca(invoice)`` → its InvoiceTexts.
    An invoice not seen yet brings its whole prefetch set (the records being rendered)
    and the invoices reminded with them into one new batch."""

    def __init__(self, service):
        self.service = service
        self.batches = []

    def __call__(self, move):
        for batch in self.batches:
            if move.id in batch.ids:
                return InvoiceTexts(batch, move)
        groups = dict(self.service.env.context.get("cobranca_groups") or ())
        ids = set(move._prefetch_ids) | {i for group in groups.values() for i in group}
        ids = sorted(i for i in ids if isinstance(i, int))
        self.add(move.browse(ids) | move)
        return InvoiceTexts(self.batches[-1], move)

    def add(self, moves):
        """Render these invoices together (one batch); returns self."""
        self.batches.append(_Batch(self.service, moves))
        return self


class CobrancaRenderValues(models.AbstractModel):
    _name = "cobranca.render.values"
    _description = "Collection: What the Messages Say of an Invoice"

    @api.model
    def _texts(self):
        """A fresh ``cobranca`` for rendering values (see Texts)."""
        return Texts(self)

    # ------------------------------------------------------------ due date
    @api.model
    def _kind_due(self, moves, batch):
        """``days_to_due`` and ``due_phrase``: counted from the company's collection
        day to the date the invoice is payable until (the invoice's own field)."""
        return {
            move.id: {
                "days_to_due": move.cobranca_days_to_due,
                "due_phrase": move.cobranca_effective_due_date
                and due_phrase(move.cobranca_days_to_due)
                or "",
            }
            for move in moves
        }

    @api.model
    def _set_days_to_due(self, moves):
        """The invoice's ``cobranca_days_to_due``: from the company's collection day
        to the date the invoice is payable until."""
        Calendar = self.env["cobranca.calendar"]
        todays = {company: Calendar._today(company) for company in moves.company_id}
        for move in moves:
            effective = move.cobranca_effective_due_date
            today = todays.get(move.company_id) or fields.Date.context_today(move)
            move.cobranca_days_to_due = (effective - today).days if effective else 0

    # ------------------------------------------------------------- amounts
    @api.model
    def _kind_amounts(self, moves, batch):
        """The amount to pay now, a consumer's late charges and the early discount of
        a message sent on the company's collection day."""
        todays = self.env["cobranca.calendar"]._today_by_company(moves.company_id)
        values = {}
        for move in moves:
            today = todays.get(move.company_id.id) or fields.Date.context_today(move)
            values[move.id] = vals = self._charges(move, today)
            vals.update(self._discount(move, today))
            if vals["discount_date"]:
                vals["amount_to_pay"] = vals["discount_amount"]
        return values

    @api.model
    def _discount(self, move, today):
        """Odoo 18's early-payment discount, while ``today`` is on or before its day,
        for an invoice nothing was paid of yet (core's own rule,
        ``_is_eligible_for_early_payment_discount``); the amount is the payment-term
        lines' ``discount_amount_currency``."""
        none = {
            "discount_date": False,
            "discount_amount": 0.0,
            "discount_phrase": False,
            "full_amount_phrase": False,
        }
        term = move.invoice_payment_term_id
        if not (
            is_posted_invoice(move) and move.payment_state == "not_paid" and term.early_discount
        ):
            return none
        lines = move.line_ids.filtered(
            lambda line: line.display_type == "payment_term" and line.discount_date
        )
        last_day = min(lines.mapped("discount_date"), default=None)
        if not last_day or today > last_day:
            return none
        amount = sum(lines.mapped("discount_amount_currency"))
        if move.currency_id.compare_amounts(amount, move.cobranca_amount_due) >= 0 or amount <= 0:
            return none
        return {
            "discount_date": last_day,
            "discount_amount": amount,
            "discount_phrase": discount_phrase(
                format_amount(self.env, amount, move.currency_id, "pt_BR"),
                format_date(self.env, last_day, lang_code="pt_BR"),
                term.discount_percentage,
            ),
            "full_amount_phrase": full_amount_phrase(
                format_date(self.env, last_day, lang_code="pt_BR", date_format="dd/MM"),
                format_amount(self.env, move.cobranca_amount_due, move.currency_id, "pt_BR"),
            ),
        }

    @api.model
    def _charges(self, move, today):
        """The amount to pay (late charges included), the itemised line and the
        charges sentence of a message sent on ``today``."""
        company = move.company_id
        charges = self._late_charges(move, today)
        line = False
        if charges and charges.has_charges:
            line = itemised_charges(
                charges,
                lambda amount: format_amount(self.env, float(amount), move.currency_id, "pt_BR"),
                format_date(self.env, today, lang_code="pt_BR"),
            )
        elif charges:
            line = SETTLES_SENTENCE
        customer = move.commercial_partner_id
        told = not is_consumer(customer.vat, customer.is_company) or consumer_rates_allowed(
            company.cobranca_late_fee_percent, company.cobranca_late_interest_percent
        )
        return {
            "amount_to_pay": float(charges.total) if charges else move.cobranca_amount_due,
            "charges_line": line,
            "charges_text": told and company.cobranca_charges_text,
        }

    @api.model
    def _late_charges(self, move, today):
        """The late charges (tools/late_charges.py) of a consumer's overdue invoice on
        ``today``, or None: a business customer, or an invoice not overdue. Rates above
        the consumer ceilings (CDC art. 52, § 1º for the fine) are never stated to a
        consumer: the invoice is then stated without charges."""
        move.ensure_one()
        company, customer = move.company_id, move.commercial_partner_id
        payable_until = move.cobranca_effective_due_date
        if not (
            move._cobranca_is_open()
            and payable_until
            and today > payable_until
            and is_consumer(customer.vat, customer.is_company)
        ):
            return None
        fine, interest = company.cobranca_late_fee_percent, company.cobranca_late_interest_percent
        if not consumer_rates_allowed(fine, interest):
            fine = interest = 0
        return late_charges(move.cobranca_amount_due, payable_until, today, fine, interest)

    # ---------------------------------------------------------------- Pix
    @api.model
    def _kind_pix(self, moves, batch):
        """Odoo's own EMV payload (l10n_br), built as the invoice's Pix QR code is,
        for the amount to pay now and, while the early discount runs, for the full
        amount; none without a Pix key a payer's bank can find (res_partner_bank.py)."""
        amounts = batch.kind("amounts")
        return {
            move.id: {
                "pix_code": self._pix(move, amounts[move.id]["amount_to_pay"]),
                "pix_code_full": amounts[move.id]["discount_date"]
                and self._pix(move, move.cobranca_amount_due),
            }
            for move in moves
        }

    @api.model
    def _pix(self, move, amount):
        move.ensure_one()
        bank = move.partner_bank_id
        if not bank or move.move_type != "out_invoice" or move.currency_id.is_zero(amount):
            return False
        vals = bank._build_qr_code_vals(
            amount,
            move.ref or move.name,
            move.payment_reference,
            move.currency_id,
            move.partner_id,
            qr_method="emv_qr",
        )
        return (vals and bank._get_qr_vals(**vals)) or False

    # ------------------------------------------------- what the dispatch passes
    @api.model
    def _kind_optout(self, moves, batch):
        """The opt-out page of the reminder's recipient (context
        ``cobranca_recipients``: {invoice id: partner id}), else of the invoice's
        partner."""
        recipients = dict(self.env.context.get("cobranca_recipients") or ())
        Consent = self.env["cobranca.consent"]
        Partner = self.env["res.partner"]
        values = {}
        for move in moves:
            partner = Partner.browse(recipients.get(move.id)) or move.partner_id
            url = False
            if partner and move.company_id:
                token = Consent._optout_token(partner, move.company_id)
                url = f"{move.get_base_url()}/cobranca/optout/{token}"
            values[move.id] = {"optout_url": url}
        return values

    @api.model
    def _kind_group(self, moves, batch):
        """The invoices a reminder lists (context ``cobranca_groups``: {lead invoice
        id: invoice ids}), else the invoice alone."""
        groups = dict(self.env.context.get("cobranca_groups") or ())
        # the invoices listed read their fields (portal token, amounts) for the whole
        # batch at once, as a relational field's records would
        prefetch = moves._prefetch_ids
        return {
            move.id: {"group": moves.browse(groups.get(move.id, move.ids)).with_prefetch(prefetch)}
            for move in moves
        }

    @api.model
    def _kind_custom_text(self, moves, batch):
        """The approver's own text of an escalation (context ``cobranca_custom_texts``)."""
        texts = dict(self.env.context.get("cobranca_custom_texts") or ())
        return {move.id: {"custom_text": texts.get(move.id) or False} for move in moves}

    @api.model
    def _kind_notice(self, moves, batch):
        """The dates a formal notice prints: those the dispatch decided when it sends
        it (context ``cobranca_notice_dates``, kept on its reminder), else those a
        notice sent now would get (see ``cobranca.escalation._notice_dates``)."""
        given = {row[0]: row[1:3] for row in self.env.context.get("cobranca_notice_dates") or ()}
        fresh = self.env["cobranca.escalation"]._notice_dates(
            moves.filtered(lambda m: m.id not in given)
        )
        values = {}
        for move in moves:
            deadline, protest = given.get(move.id) or fresh[move.id][:2]
            values[move.id] = {"notice_deadline": deadline, "protest_date": protest}
        return values
