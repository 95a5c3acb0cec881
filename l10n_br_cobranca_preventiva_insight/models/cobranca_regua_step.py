from odoo import _, fields, models
from odoo.exceptions import UserError

from ..tools import insight


class CobrancaReguaStep(models.Model):
    _inherit = "cobranca.regua.step"

    variant_ids = fields.One2many(
        "cobranca.regua.step.variant",
        "step_id",
        string="A/B Variants",
        copy=True,
        help="Other templates tried on this step. With variants, each customer gets one of "
        "them (always the same), in proportion to their weights; the step's own template "
        "is used when no variant has a template for the channel.",
    )

    def _cobranca_variant(self, partner_id, channel):
        """The variant this customer gets on this step for the channel (always the
        same one for a customer and step), or an empty recordset: no variant with a
        template for the channel (e.g. its template was deleted)."""
        self.ensure_one()
        candidates = self.variant_ids.filtered(lambda v: v.weight > 0 and v._template(channel))
        key = insight.variant_for(partner_id, self.id, [(v.id, v.weight) for v in candidates])
        return candidates.browse(key) if key else candidates.browse()

    def action_cobranca_promote_winner(self):
        """Give the whole step to the variant whose reminders were paid within 3 days
        significantly more often (95 %) than every other's; refuse while no variant
        is."""
        self.check_access("write")  # approvers of the step's company
        for step in self:
            best = insight.winner(step.variant_ids._results())
            if not best:
                raise UserError(
                    _(
                        "No variant of step %(step)s is better than the others at 95 %% yet: "
                        "keep the test running.",
                        step=step.name,
                    )
                )
            best.weight = 100
            (step.variant_ids - best).weight = 0
        return True

    def _cobranca_template(self, partner_id, channel):
        """The customer's variant's template when the step has variants for the
        channel, recorded on the reminder (``variant_id``; none: the step's own)."""
        template, values = super()._cobranca_template(partner_id, channel)
        variant = self._cobranca_variant(partner_id, channel)
        if variant:
            template = variant._template(channel)
        return template, {**values, "variant_id": variant.id or None}
