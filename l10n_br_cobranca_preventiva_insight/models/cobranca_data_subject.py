from odoo import api, models


class CobrancaDataSubject(models.AbstractModel):
    _inherit = "cobranca.data.subject"

    @api.model
    def _profile_data(self, customer):
        """The learned send hour is a profile (LGPD art. 12 §2): in the customer's copy."""
        return {
            **super()._profile_data(customer),
            "send_hour": {
                "hour": customer.cobranca_send_hour or None,
                "events": customer.cobranca_send_hour_events or 0,
            },
        }
