from odoo import api, models


class CobrancaRanking(models.AbstractModel):
    _inherit = "cobranca.ranking"

    @api.model
    def _after_rank(self, company, partner_ids):
        """The hour each ranked customer reads is learned with its ranking."""
        res = super()._after_rank(company, partner_ids)
        self.env["cobranca.send.hour"]._learn(company, partner_ids)
        return res
