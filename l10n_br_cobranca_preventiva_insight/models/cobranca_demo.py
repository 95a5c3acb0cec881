from odoo import models


class CobrancaDemo(models.AbstractModel):
    _inherit = "cobranca.demo"

    def _loaded(self, company):
        """The dashboard's kept figures were computed before the demo's history existed."""
        res = super()._loaded(company)
        self.env["cobranca.insight.cache"]._forget()
        return res
