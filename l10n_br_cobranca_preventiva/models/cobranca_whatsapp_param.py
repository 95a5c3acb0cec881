from odoo import fields, models

PARAM_VALUES = [
    ("customer_name", "Customer name"),
    ("invoice_number", "Invoice number"),
    ("amount", "Amount due (R$ 1.234,56)"),
    ("due_date", "Due date (dd/mm/aaaa)"),
    ("days_to_due", "Days to the due date"),
    ("payment_link", "Payment link"),
    ("pix_code", "Pix copia-e-cola (else the payment link)"),
    ("company_name", "Company name"),
    ("creditor", "Creditor: name, CNPJ and address (CDC art. 42-A)"),
    ("due_phrase", "Due phrase (vence hoje, vence em 3 dias…)"),
    ("payable_until", "Payable until (dd/mm/aaaa, next business day)"),
    ("answer_link", "Answer page link (already paid, more time, contest)"),
]


class CobrancaWhatsappParam(models.Model):
    """The value given to one {{n}} parameter of a step's WhatsApp template."""

    _name = "cobranca.whatsapp.param"
    _description = "WhatsApp Template Parameter"
    _order = "step_id, sequence, id"

    step_id = fields.Many2one("cobranca.regua.step", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="step_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    value = fields.Selection(PARAM_VALUES, required=True)
