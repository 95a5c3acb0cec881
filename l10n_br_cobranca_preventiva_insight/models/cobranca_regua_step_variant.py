from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import insight


class CobrancaReguaStepVariant(models.Model):
    """One template of a step under test (A/B): customers are split between a step's
    variants by weight, each customer always getting the same variant of a step
    (``tools.insight_stats.variant_for``: a stable hash of customer and step), and
    the variant is stored on each reminder it sent.

    The figures compare what followed each variant's reminders: sent, read
    (WhatsApp), invoice paid by its due date, paid within 3 days of the reminder.
    The p-value is the two-proportion z-test of "paid within 3 days" against the best
    other variant of the step.
    """

    _name = "cobranca.regua.step.variant"
    _description = "Dunning Ladder Step Variant"
    _order = "step_id, sequence, id"
    _check_company_auto = True

    step_id = fields.Many2one(
        "cobranca.regua.step", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="step_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Variant", required=True, default="B")
    weight = fields.Integer(
        default=50,
        help="Share of the step's customers that get this variant, relative to the others.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain="[('model', '=', 'account.move')]",
        ondelete="set null",
    )
    whatsapp_template_id = fields.Many2one(
        "cobranca.whatsapp.template",
        string="WhatsApp Template",
        domain="[('company_id', '=', company_id), ('status', '=', 'APPROVED'), "
        "('category', '=', 'UTILITY')]",
        ondelete="set null",
        check_company=True,
    )
    sent_count = fields.Integer(string="Sent", compute="_compute_results")
    read_count = fields.Integer(string="Read", compute="_compute_results")
    paid_by_due_rate = fields.Float(string="Paid by Due Date (%)", compute="_compute_results")
    paid_3d_rate = fields.Float(string="Paid within 3 Days (%)", compute="_compute_results")
    p_value = fields.Float(
        string="p-value",
        compute="_compute_results",
        digits=(16, 4),
        help="Two-proportion z-test of 'paid within 3 days' against the best other "
        "variant of the step: below 0.05, the difference holds at 95 %.",
    )
    is_significant = fields.Boolean(string="Significant at 95 %", compute="_compute_results")

    _sql_constraints = [
        ("weight_positive", "CHECK(weight >= 0)", "A variant's weight cannot be negative."),
    ]

    @api.constrains("whatsapp_template_id", "step_id")
    def _check_whatsapp_template(self):
        """A WhatsApp variant fills its template with the step's parameters, in order:
        its variables must be the step's template's, position by position (header,
        body, buttons; a media header where the step's has one)."""
        for variant in self.filtered("whatsapp_template_id"):
            step = variant.step_id
            variant.whatsapp_template_id._check_utility(step)
            reference = step.whatsapp_template_id
            if not reference:
                raise ValidationError(
                    _(
                        "Step %(step)s has no WhatsApp template: a WhatsApp variant tests "
                        "another template against the step's own.",
                        step=step.name,
                    )
                )
            shape = [(slot.component, slot.format) for slot in reference._slots()]
            mine = [(slot.component, slot.format) for slot in variant.whatsapp_template_id._slots()]
            if shape != mine:
                raise ValidationError(
                    _(
                        "The WhatsApp template “%(variant)s” of variant %(name)s does not take "
                        "the parameters of the step's template “%(template)s” (%(count)s, in "
                        "the same places): it would be sent with the wrong values.",
                        variant=variant.whatsapp_template_id.name,
                        name=variant.name,
                        template=reference.name,
                        count=len(shape),
                    )
                )

    def _template(self, channel):
        """The variant's template for the channel (empty when it has none, e.g. when
        it was deleted)."""
        self.ensure_one()
        return {"email": self.mail_template_id, "whatsapp": self.whatsapp_template_id}.get(
            channel, self.env["mail.template"]
        )

    @api.depends("step_id")
    def _compute_results(self):
        """One grouped read of the reminders' effects for all these variants."""
        Effect = self.env["cobranca.effect.report"]
        groups = Effect._read_group(
            [("variant_id", "in", self.ids)],
            ["variant_id"],
            ["reminder_count:sum", "is_read:sum", "paid_by_due:sum", "paid_3d:sum"],
        )
        stats = {
            variant.id: (count, read, round(by_due / 100), round(in_3d / 100))
            for variant, count, read, by_due, in_3d in groups
        }
        for variant in self:
            count, read, by_due, in_3d = stats.get(variant.id, (0, 0, 0, 0))
            variant.sent_count = count
            variant.read_count = read
            variant.paid_by_due_rate = 100.0 * by_due / count if count else 0.0
            variant.paid_3d_rate = 100.0 * in_3d / count if count else 0.0
            others = [
                stats.get(other.id, (0, 0, 0, 0))
                for other in variant.step_id.variant_ids
                if other != variant and other.id in stats
            ]
            best = max(others, key=lambda s: s[3] / s[0] if s[0] else 0.0, default=None)
            test = insight.two_proportion_test(in_3d, count, best[3], best[0]) if best else None
            variant.p_value = test.p_value if test else 1.0
            variant.is_significant = bool(test and test.significant)

    def _results(self):
        """{variant: (paid within 3 days, sent)}, what ``insight.winner`` compares."""
        return {
            variant: (round(variant.paid_3d_rate * variant.sent_count / 100), variant.sent_count)
            for variant in self
        }
