from odoo import api, fields, models

from ..tools.legal_sources import cite

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


def _slot_label(env, slot):
    if slot.component == "button":
        return env._("Button %(index)s URL {{%(name)s}}", index=slot.index + 1, name=slot.name)
    if slot.component == "header" and slot.format != "text":
        return env._("Header %(format)s", format=slot.format)
    if slot.component == "header":
        return env._("Header {{%(name)s}}", name=slot.name)
    return env._("Body {{%(name)s}}", name=slot.name)
