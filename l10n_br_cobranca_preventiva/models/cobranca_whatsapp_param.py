from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from ..tools import whatsapp
from ..tools.legal_sources import cite
from ..tools.wording import days_left_and_late, itemised_amount

PARAM_VALUES = [
    ("customer_name", "Customer name"),
    ("invoice_number", "Invoice number"),
    ("amount", "Amount due (R$ 1.234,56; a consumer's overdue invoice item by item)"),
    ("due_date", "Due date (dd/mm/aaaa)"),
    ("days_to_due", "Days to the due date (0 from the due date on)"),
    ("days_overdue", "Days overdue (0 until the due date)"),
    ("payment_link", "Payment link"),
    ("pix_code", "Pix copia-e-cola (else the payment link)"),
    (
        "pix_code_full",
        "Pix copia-e-cola of the full amount, after the early discount's day (else as Pix)",
    ),
    ("company_name", "Company name"),
    ("creditor", f"Creditor: name, CNPJ and address ({cite('creditor_identified', short=True)})"),
    ("due_phrase", "Due phrase (vence hoje, vence em 3 dias…)"),
    ("payable_until", "Payable until (dd/mm/aaaa, next business day)"),
    ("payment_link_path", "Payment link path, after the site address (URL button)"),
    ("invoice_pdf", "Invoice PDF link (document header)"),
    ("company_logo", "Company logo link (image header)"),
    ("answer_link", "Answer page link (already paid, more time, contest)"),
    ("amount_to_pay", "Amount to pay now (with the early discount until its day)"),
    ("discount_phrase", "Amount with the early discount (else the payable-until phrase)"),
]


class CobrancaWhatsappParam(models.Model):
    """The value given to one variable of a step's WhatsApp template: the n-th row
    fills the n-th variable (header, body, then URL buttons: ``slot_label``)."""

    _name = "cobranca.whatsapp.param"
    _description = "WhatsApp Template Parameter"
    _order = "step_id, sequence, id"

    step_id = fields.Many2one("cobranca.regua.step", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="step_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    value = fields.Selection(PARAM_VALUES, required=True)
    slot_label = fields.Char(string="Variable", compute="_compute_slot_label")

    @api.depends("step_id.whatsapp_template_id", "step_id.whatsapp_param_ids.sequence")
    def _compute_slot_label(self):
        for param in self:
            param.slot_label = False
        for step in self.step_id:
            template = step.whatsapp_template_id
            slots = template._slots() if template else ()
            rows = step.whatsapp_param_ids.sorted("sequence")
            for slot, param in zip(slots, rows, strict=False):
                if param in self:
                    param.slot_label = _slot_label(self.env, slot)

    @api.model
    def _render(self, reminder, template=None, texts=None):
        """The step's template parameters, in order, for this reminder's invoice: the
        n-th fills the template's n-th variable (header, body, URL buttons). A media
        header gets a ``{"link": ..., "filename": ...}`` object, a text variable the
        link alone. ``texts``: ``cobranca.render.values._texts()`` of the batch the
        reminder is sent with (each value computed once for all its invoices)."""
        move = reminder.move_id
        texts = (texts or self.env["cobranca.render.values"]._texts())(move)
        template = template or reminder.step_id.whatsapp_template_id
        base_url = move.get_base_url()

        def link():
            return base_url + move.get_portal_url()

        def pay_until():
            return format_date(self.env, move.cobranca_effective_due_date, lang_code="pt_BR")

        def itemised():
            """A consumer's overdue invoice, item by item (tools/late_charges.py)."""
            today = self.env["cobranca.calendar"]._today(move.company_id)
            charges = self.env["cobranca.render.values"]._late_charges(move, today)
            if not (charges and charges.has_charges):
                return None
            return itemised_amount(
                charges,
                lambda amount: format_amount(self.env, float(amount), move.currency_id, "pt_BR"),
                format_date(self.env, today, lang_code="pt_BR"),
            )

        # computed only when the step asks for them
        values = {
            "customer_name": lambda: move.partner_id.name or move.commercial_partner_id.name,
            "invoice_number": lambda: move.name,
            "amount": lambda: (
                itemised()
                or format_amount(self.env, move.cobranca_amount_due, move.currency_id, "pt_BR")
            ),
            "due_date": lambda: format_date(self.env, move.cobranca_due_date, lang_code="pt_BR"),
            # never negative: an overdue invoice has 0 days left and its days late
            "days_to_due": lambda: str(days_left_and_late(move.cobranca_days_to_due)[0]),
            "days_overdue": lambda: str(days_left_and_late(move.cobranca_days_to_due)[1]),
            "payment_link": link,
            "pix_code": lambda: texts.pix_code or link(),
            "pix_code_full": lambda: texts.pix_code_full or texts.pix_code or link(),
            "company_name": lambda: move.company_id.name,
            "creditor": lambda: move.company_id.cobranca_creditor_identity,
            "due_phrase": lambda: texts.due_phrase,
            "payable_until": pay_until,
            "payment_link_path": lambda: move.get_portal_url().lstrip("/"),
            "invoice_pdf": lambda: {
                "link": base_url + move.get_portal_url(report_type="pdf", download=True),
                "filename": "{}.pdf".format((move.name or "fatura").replace("/", "-")),
            },
            "company_logo": lambda: f"{base_url}/logo.png?company={move.company_id.id}",
            "answer_link": lambda: move._cobranca_answer_link() or link(),
            "amount_to_pay": lambda: (
                itemised()
                or format_amount(self.env, texts.amount_to_pay, move.currency_id, "pt_BR")
            ),
            # a template variable is never empty: without a discount, the last day to pay
            "discount_phrase": lambda: texts.discount_phrase or f"pague até {pay_until()}",
        }
        slots = template._slots()
        params = []
        for index, param in enumerate(reminder.step_id.whatsapp_param_ids):
            value = values[param.value]()
            media = index < len(slots) and slots[index].format in whatsapp.MEDIA_FORMATS
            if isinstance(value, dict) and not media:
                value = value["link"]
            params.append(value)
        return params


def _slot_label(env, slot):
    if slot.component == "button":
        return env._("Button %(index)s URL {{%(name)s}}", index=slot.index + 1, name=slot.name)
    if slot.component == "header" and slot.format != "text":
        return env._("Header %(format)s", format=slot.format)
    if slot.component == "header":
        return env._("Header {{%(name)s}}", name=slot.name)
    return env._("Body {{%(name)s}}", name=slot.name)
