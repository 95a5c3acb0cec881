from odoo import models


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    def _render_eval_context(self):
        """Every template (mail, a satellite channel's, their preview) reads what the
        messages say of an invoice as ``cobranca(object)`` (``cobranca.render.values``)."""
        values = super()._render_eval_context()
        values["cobranca"] = self.env["cobranca.render.values"]._texts()
        return values
