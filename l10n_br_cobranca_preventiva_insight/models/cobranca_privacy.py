from odoo import api, models
from odoo.tools import SQL

from .res_partner import SEND_HOUR_FIELDS


class CobrancaPrivacy(models.AbstractModel):
    _inherit = "cobranca.privacy"

    @api.model
    def _erase_profiles(self, persons):
        """The profile of the hour the customer reads (LGPD art. 12 §2) goes too."""
        res = super()._erase_profiles(persons)
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner SET cobranca_send_hour = NULL, cobranca_send_hour_events = NULL
                 WHERE id = ANY(%s)
                """,
                persons.ids,
            )
        )
        self.env["res.partner"].invalidate_model(list(SEND_HOUR_FIELDS))
        return res
