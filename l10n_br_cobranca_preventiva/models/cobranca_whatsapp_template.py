from odoo import _, fields, models
from odoo.exceptions import ValidationError

from ..tools import whatsapp
from ..tools.whatsapp_payload import PLACEHOLDER


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
    param_count = fields.Integer(
        string="Parameters",
        readonly=True,
        help="Variables of the header, the body and the URL buttons, in that order.",
    )
    parameter_format = fields.Selection(
        [("POSITIONAL", "Positional ({{1}})"), ("NAMED", "Named ({{customer_name}})")],
        default="POSITIONAL",
        readonly=True,
    )
    header_format = fields.Char(
        readonly=True, help="text, image, document or video, as Meta reports it."
    )
    header_text = fields.Char(readonly=True)
    slots = fields.Json(
        readonly=True,
        help="The template's variables as the synchronisation found them (header, body, "
        "URL buttons).",
    )
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

    def _is_utility(self):
        """Meta's category for messages about a transaction the customer already has
        (a bill, a due date): the only one a collection reminder may use
        (``whatsapp_utility_templates``)."""
        self.ensure_one()
        return (self.category or "").upper() == "UTILITY"

    def _check_utility(self, step):
        """Refuse a template of another category (MARKETING, AUTHENTICATION) on
        ``step``: a reminder is a utility message, never a promotion."""
        for template in self:
            if not template._is_utility():
                raise ValidationError(
                    _(
                        "The WhatsApp template “%(template)s” of step %(step)s is in Meta's "
                        "category %(category)s: collection reminders use UTILITY templates "
                        "only (facts about the customer's invoice, nothing promotional).",
                        template=template.name,
                        step=step.name,
                        category=template.category or "-",
                    )
                )

    def _slots(self):
        """The variables (``tools.whatsapp.TemplateSlot``) the send request fills, in
        order; a template synchronised before they were recorded has only body ones."""
        self.ensure_one()
        if self.slots:
            return tuple(whatsapp.TemplateSlot.from_dict(slot) for slot in self.slots)
        return tuple(
            whatsapp.TemplateSlot("body", name=str(n)) for n in range(1, self.param_count + 1)
        )

    def _render_text(self, parameters):
        """The text as the customer reads it (header, then body), for the chatter."""
        self.ensure_one()
        values = {"header": {}, "body": {}}
        for slot, value in zip(self._slots(), parameters, strict=False):
            if slot.component in values and slot.format == "text":
                values[slot.component][slot.name] = str(value)

        def fill(text, component):
            return PLACEHOLDER.sub(
                lambda m: values[component].get(m.group(1), m.group(0)), text or ""
            )

        body = fill(self.body or self.name, "body")
        header = fill(self.header_text, "header")
        return f"{header}\n{body}" if header else body
