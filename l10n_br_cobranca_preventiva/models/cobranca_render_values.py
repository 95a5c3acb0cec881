"""What the customer messages say of an invoice: the due phrase, the amount to pay now
(early discount, a consumer's late charges), the charges sentence, the Pix codes, the
opt-out link, the invoices reminded together and the approver's text.

A service over ``account.move`` records: the invoice's computed fields that the
channels' templates, the WhatsApp template values (``cobranca.whatsapp.param``) and the
formal notice read are filled here, for a whole batch of invoices at once. The wording
itself is plain Python in ``tools/wording.py`` and ``tools/late_charges.py``.
"""

from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from ..tools.late_charges import consumer_rates_allowed, is_consumer, late_charges
from ..tools.wording import (
    SETTLES_SENTENCE,
    discount_phrase,
    due_phrase,
    full_amount_phrase,
    itemised_charges,
)
from .cobranca_rules import is_posted_invoice


class CobrancaRenderValues(models.AbstractModel):
    _name = "cobranca.render.values"
    _description = "Collection: What the Messages Say of an Invoice"

    # ------------------------------------------------------------ due date
    @api.model
    def _set_days_to_due(self, moves):
        """``cobranca_days_to_due`` and ``cobranca_due_phrase``: counted from the
        company's collection day to the date the invoice is payable until."""
        Calendar = self.env["cobranca.calendar"]
        todays = {company: Calendar._today(company) for company in moves.company_id}
        for move in moves:
            effective = move.cobranca_effective_due_date
            today = todays.get(move.company_id) or fields.Date.context_today(move)
            move.cobranca_days_to_due = (effective - today).days if effective else 0
            move.cobranca_due_phrase = due_phrase(move.cobranca_days_to_due) if effective else ""

    # ------------------------------------------------------------- amounts
    @api.model
    def _set_amounts(self, moves):
        """Odoo 18's early-payment discount, while the company's today is on or before
        its day, for an invoice nothing was paid of yet (core's own rule,
        ``_is_eligible_for_early_payment_discount``); the amount is the payment-term
        lines' ``discount_amount_currency``. After the due date, a consumer's invoice
        is stated item by item (tools/late_charges.py)."""
        todays = self.env["cobranca.calendar"]._today_by_company(moves.company_id)
        for move in moves:
            today = todays.get(move.company_id.id) or fields.Date.context_today(move)
            self._set_charges(move, today)
            self._set_discount(move, today)

    @api.model
    def _set_discount(self, move, today):
        move.cobranca_discount_date = False
        move.cobranca_discount_amount = 0.0
        move.cobranca_discount_phrase = False
        move.cobranca_full_amount_phrase = False
        term = move.invoice_payment_term_id
        if not (
            is_posted_invoice(move) and move.payment_state == "not_paid" and term.early_discount
        ):
            return
        lines = move.line_ids.filtered(
            lambda line: line.display_type == "payment_term" and line.discount_date
        )
        last_day = min(lines.mapped("discount_date"), default=None)
        if not last_day or today > last_day:
            return
        amount = sum(lines.mapped("discount_amount_currency"))
        if move.currency_id.compare_amounts(amount, move.cobranca_amount_due) >= 0 or amount <= 0:
            return
        move.cobranca_discount_date = last_day
        move.cobranca_discount_amount = amount
        move.cobranca_amount_to_pay = amount
        move.cobranca_discount_phrase = discount_phrase(
            format_amount(self.env, amount, move.currency_id, "pt_BR"),
            format_date(self.env, last_day, lang_code="pt_BR"),
            term.discount_percentage,
        )
        move.cobranca_full_amount_phrase = full_amount_phrase(
            format_date(self.env, last_day, lang_code="pt_BR", date_format="dd/MM"),
            format_amount(self.env, move.cobranca_amount_due, move.currency_id, "pt_BR"),
        )

    @api.model
    def _set_charges(self, move, today):
        """The amount to pay (late charges included), the itemised line and the
        charges sentence of a message sent on ``today``."""
        company = move.company_id
        charges = self._late_charges(move, today)
        move.cobranca_amount_to_pay = float(charges.total) if charges else move.cobranca_amount_due
        move.cobranca_charges_line = False
        if charges and charges.has_charges:
            move.cobranca_charges_line = itemised_charges(
                charges,
                lambda amount: format_amount(self.env, float(amount), move.currency_id, "pt_BR"),
                format_date(self.env, today, lang_code="pt_BR"),
            )
        elif charges:
            move.cobranca_charges_line = SETTLES_SENTENCE
        customer = move.commercial_partner_id
        told = not is_consumer(customer.vat, customer.is_company) or consumer_rates_allowed(
            company.cobranca_late_fee_percent, company.cobranca_late_interest_percent
        )
        move.cobranca_charges_text = told and company.cobranca_charges_text

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
    def _set_pix_codes(self, moves):
        """Odoo's own EMV payload (l10n_br), built as the invoice's Pix QR code is,
        for the amount to pay now and, while the early discount runs, for the full
        amount; none without a Pix key a payer's bank can find (res_partner_bank.py)."""
        for move in moves:
            move.cobranca_pix_code = self._pix(move, move.cobranca_amount_to_pay)
            move.cobranca_pix_code_full = move.cobranca_discount_date and self._pix(
                move, move.cobranca_amount_due
            )

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
    def _set_optout_urls(self, moves):
        """The opt-out page of the reminder's recipient (context
        ``cobranca_recipients``: {invoice id: partner id}), else of the invoice's
        partner."""
        recipients = dict(self.env.context.get("cobranca_recipients") or ())
        Consent = self.env["cobranca.consent"]
        Partner = self.env["res.partner"]
        for move in moves:
            partner = Partner.browse(recipients.get(move.id)) or move.partner_id
            if not partner or not move.company_id:
                move.cobranca_optout_url = False
                continue
            token = Consent._optout_token(partner, move.company_id)
            move.cobranca_optout_url = f"{move.get_base_url()}/cobranca/optout/{token}"

    @api.model
    def _set_group_moves(self, moves):
        """The invoices a reminder lists (context ``cobranca_groups``: {lead invoice
        id: invoice ids}), else the invoice alone."""
        groups = dict(self.env.context.get("cobranca_groups") or ())
        for move in moves:
            move.cobranca_group_move_ids = moves.browse(groups.get(move.id, move.ids))

    @api.model
    def _set_custom_texts(self, moves):
        """The approver's own text of an escalation (context ``cobranca_custom_texts``)."""
        texts = dict(self.env.context.get("cobranca_custom_texts") or ())
        for move in moves:
            move.cobranca_custom_text = texts.get(move.id) or False
