from odoo import fields, models


class CobrancaWhatsappTemplate(models.Model):
    """A message template approved by Meta for the company's WhatsApp account
    (synchronised from the WhatsApp Business Platform, not edited here)."""

    _name = "cobranca.whatsapp.template"
    _description = "WhatsApp Message Template"
    _order = "name, language"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    language = fields.Char(required=True, readonly=True)
    status = fields.Char(readonly=True, help="APPROVED, PENDING, REJECTED… as Meta reports it.")
    category = fields.Char(readonly=True)
    body = fields.Text(readonly=True, help="The text, with {{1}}, {{2}}… for the parameters.")
    param_count = fields.Integer(string="Parameters", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "template_unique",
            "UNIQUE(company_id, name, language)",
            "A template per name and language.",
        ),
    ]

    def _compute_display_name(self):
        for template in self:
            template.display_name = f"{template.name} ({template.language})"

    def _render_text(self, parameters):
        """The text as the customer reads it, for the invoice's chatter."""
        self.ensure_one()
        text = self.body or self.name
        for index, value in enumerate(parameters, start=1):
            text = text.replace("{{" + str(index) + "}}", str(value))
        return text
