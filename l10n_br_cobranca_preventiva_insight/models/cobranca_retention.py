from odoo import api, models


class CobrancaRetention(models.AbstractModel):
    _inherit = "cobranca.retention"

    @api.model
    def _purge_profiles(self, limit):
        """The learned send hour: erased as soon as no event of the look-back period
        is left to learn it from (``cobranca.send.hour._forget_stale``)."""
        done, left = super()._purge_profiles(limit)
        erased, remaining = self.env["cobranca.send.hour"]._forget_stale(max(limit - done, 0))
        return done + erased, left + remaining
