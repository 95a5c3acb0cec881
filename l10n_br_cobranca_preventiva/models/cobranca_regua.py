from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.ranking import CLASSES, effective_class

#: Ladders shipped in data/cobranca_regua_data.xml, copied into new companies.
SHIPPED_REGUAS = (
    "l10n_br_cobranca_preventiva.regua_padrao",
    "l10n_br_cobranca_preventiva.regua_discreta",
    "l10n_br_cobranca_preventiva.regua_intensiva",
)


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

    # ------------------------------------------------- the companies' default ladders
    @api.model
    def _for_class(self, company, klass):
        """The ladder ``company`` gives to a payer class, if any."""
        company.ensure_one()
        regua = company[f"cobranca_regua_{klass}_id"] if klass in CLASSES else self.browse()
        return regua if regua.active else self.browse()

    @api.model
    def _for_move(self, move):
        """Automatic ladder of an invoice: the customer's own in this company, else the
        one of its payer class (one class worse under an early warning, unless the class
        was pinned by a person), else the company's default one."""
        move.ensure_one()
        if move.move_type != "out_invoice" or not move.company_id:
            return self.browse()
        company = move.company_id
        partner = move.commercial_partner_id.with_company(company)
        regua = partner.cobranca_regua_id
        if regua and regua.active and regua.company_id == company:
            return regua
        # sudo: the payer profile is for collection users; the ladder it picks is not
        profile = partner.sudo()
        klass = effective_class(
            profile.cobranca_class or "new",
            profile.cobranca_early_warning,
            pinned=bool(profile.cobranca_class_manual),
        )
        return self._for_class(company, klass) or company.cobranca_default_regua_id

    @api.model
    def _setup_company_defaults(self, companies):
        """Copy the shipped ladders into the ``companies`` that have none yet."""
        templates = self.browse()
        for xmlid in SHIPPED_REGUAS:
            templates |= self.env.ref(xmlid, raise_if_not_found=False) or templates
        if not templates:
            return
        # sudo: a company can be created by a user who does not manage ladders;
        # the copies belong to that new company and follow its record rules after.
        Regua = self.sudo().with_context(active_test=False)
        have_reguas = {
            company.id
            for [company] in Regua._read_group(
                [("company_id", "in", companies.ids)], ["company_id"]
            )
        }
        for company in companies.filtered(lambda c: c.id not in have_reguas):
            copies = {}
            for template in templates.sudo():
                copies[template] = template.copy(
                    {
                        "company_id": company.id,
                        "name": template.name,
                        "is_default": template.is_default,
                    }
                )
            self._map_classes(company.sudo(), copies)

    @api.model
    def _map_classes(self, companies, reguas):
        """Default ladder per payer class of ``companies``, from the shipped ladders
        (or their copies: ``reguas`` maps a shipped ladder to the company's):
        punctual payers get the discreet one, new and good the standard one,
        irregular and chronic the intensive one."""
        by_xmlid = {
            xmlid.split(".")[1]: reguas.get(self.env.ref(xmlid, raise_if_not_found=False))
            for xmlid in SHIPPED_REGUAS
        }
        padrao, discreta, intensiva = (
            by_xmlid.get("regua_padrao"),
            by_xmlid.get("regua_discreta"),
            by_xmlid.get("regua_intensiva"),
        )
        companies.write(
            {
                "cobranca_regua_new_id": padrao and padrao.id,
                "cobranca_regua_a_id": discreta and discreta.id,
                "cobranca_regua_b_id": padrao and padrao.id,
                "cobranca_regua_c_id": intensiva and intensiva.id,
                "cobranca_regua_d_id": intensiva and intensiva.id,
            }
        )
