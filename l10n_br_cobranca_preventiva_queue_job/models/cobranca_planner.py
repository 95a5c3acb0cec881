from datetime import timedelta

from odoo import api, fields, models

RETRIGGER = timedelta(seconds=10)


class CobrancaPlanner(models.AbstractModel):
    _inherit = "cobranca.planner"

    @api.model
    def _plan_range(self, first_id, last_id):
        """Plan the range, then, when no other planning job waits, call the collection
        cron again: once the last of them is done, it enqueues the sending. (Jobs that
        run meanwhile call it too; the cron waits while one of them runs. Once more a
        few seconds later: a call that comes while the cron runs is dropped when that
        run ends.)"""
        planned = super()._plan_range(first_id, last_id)
        if not self.env["cobranca.dispatcher"]._planning_jobs_open(waiting_only=True):
            cron = self.env.ref(
                "l10n_br_cobranca_preventiva.ir_cron_cobranca_dispatch", raise_if_not_found=False
            )
            if cron:
                now = fields.Datetime.now()
                cron.sudo()._trigger([now, now + RETRIGGER])
        return planned
