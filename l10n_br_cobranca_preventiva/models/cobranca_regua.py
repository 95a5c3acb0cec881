from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CobrancaRegua(models.Model):
    """A dunning ladder (*régua de cobrança*): the ordered steps around a due date."""

    _name = "cobranca.regua"
    _description = "Dunning Ladder"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    is_default = fields.Boolean(
        string="Default Ladder",
        tracking=True,
        help="Used for the company's customer invoices when neither the invoice nor "
        "the customer names a ladder.",
    )
    description = fields.Text(help="When to use this ladder, for the team.")
    step_ids = fields.One2many("cobranca.regua.step", "regua_id", string="Steps", copy=True)
    step_count = fields.Integer(compute="_compute_step_count")

    @api.depends("step_ids")
    def _compute_step_count(self):
        for regua in self:
            regua.step_count = len(regua.step_ids)

    # ``name`` is always written on create: listing it makes the check run then too.
    @api.constrains("name", "step_ids", "active")
    def _check_has_steps(self):
        for regua in self:
            if regua.active and not regua.step_ids:
                raise ValidationError(
                    _(
                        "The dunning ladder “%(name)s” has no steps. Add at least "
                        "one step (for example D-1 by email) or archive the ladder.",
                        name=regua.name,
                    )
                )

    @api.constrains("step_ids")
    def _check_protest_steps(self):
        # a formal notice step removed from the form must not leave a protest step alone
        self.step_ids._check_protest_after_notice()

    @api.constrains("is_default", "company_id", "active")
    def _check_single_default(self):
        companies = self.filtered(lambda r: r.is_default and r.active).company_id
        if not companies:
            return
        counts = self._read_group(
            [("is_default", "=", True), ("company_id", "in", companies.ids)],
            ["company_id"],
            ["__count"],
        )
        for company, count in counts:
            if count > 1:
                raise ValidationError(
                    _(
                        "The company %(company)s already has a default dunning "
                        "ladder. Remove the default flag from the other ladder first.",
                        company=company.display_name,
                    )
                )

    def write(self, vals):
        if vals.get("active") is False:
            # an archived ladder cannot stay the company's default
            vals = dict(vals, is_default=False)
        return super().write(vals)

    def unlink(self):
        # through the steps' unlink: their unsent reminders go, their history blocks
        self.step_ids.with_context(cobranca_unlink_regua=True).unlink()
        return super().unlink()

    def _outdate_plans(self):
        """Open invoices on these ladders are planned again by the next cron run."""
        if self.ids:
            self.env["cobranca.planner"].sudo()._outdate(regua_ids=self.ids)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if "is_default" not in (default or {}):
            for vals in vals_list:
                vals["is_default"] = False
        return [
            dict(vals, name=_("%(name)s (copy)", name=regua.name))
            if "name" not in (default or {})
            else vals
            for regua, vals in zip(self, vals_list, strict=True)
        ]
