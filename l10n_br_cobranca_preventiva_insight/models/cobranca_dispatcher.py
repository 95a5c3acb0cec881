from odoo import api, models
from odoo.tools import SQL


class CobrancaDispatcher(models.AbstractModel):
    _inherit = "cobranca.dispatcher"

    @api.model
    def _customer_send_hour(self, partner):
        """The customer's learned hour (``cobranca.send.hour``), else the company's."""
        return SQL("%s.cobranca_send_hour", partner)
