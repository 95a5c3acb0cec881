from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.business_calendar import BUSINESS, CALENDAR
from ..tools.legal_sources import cite
from .cobranca_whatsapp_param import PARAM_VALUES

#: The app's channels; a channel of another addon adds its value (``selection_add``)
#: and its service ``cobranca.channel.<value>``.
CHANNELS = [
    ("email", "Email"),
    ("whatsapp", "WhatsApp"),
    ("activity", "Activity (call / to-do)"),
]
MAX_OFFSET_DAYS = 365


def step_label(offset_days):
    """D-5, D0, D+3: how collection teams name a step."""
    return f"D{offset_days:+d}" if offset_days else "D0"


class CobrancaReguaStep(models.Model):
    """One step of a ladder: what to do, on which channel, how far from the due date."""

    _name = "cobranca.regua.step"
    _description = "Dunning Ladder Step"
    _order = "regua_id, offset_days, sequence, id"
    _check_company_auto = True

    regua_id = fields.Many2one(
        "cobranca.regua",
        string="Ladder",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="regua_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(
        string="Step",
        compute="_compute_name",
        store=True,
        help="Offset from the due date: D-5 is five days before, D0 the due date, "
        "D+3 three days after.",
    )
    description = fields.Char(help="Purpose of the step, for the team.")
    offset_days = fields.Integer(
        string="Offset (days)",
        required=True,
        default=0,
        help="Days from the effective due date: negative before it, positive after it.",
    )
    day_type = fields.Selection(
        [(BUSINESS, "Business days"), (CALENDAR, "Calendar days")],
        string="Count in",
        required=True,
        default=BUSINESS,
        help="Business days skip weekends, national holidays, Carnaval, Corpus "
        "Christi and the holidays of the company's state.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="email")
    fallback_channel = fields.Selection(
        CHANNELS,
        help="Used when the customer cannot be reached on the main channel "
        "(no consent, no phone, channel not available).",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain="[('model', '=', 'account.move')]",
        ondelete="set null",
    )
    attach_invoice_pdf = fields.Boolean(
        string="Attach Invoice PDF",
        help="The email carries each invoice it lists as Odoo's invoice PDF (in Brazil, "
        "with its Pix QR code). Off by default: printing takes a second or two per "
        "invoice.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity Type",
        compute="_compute_activity_type_id",
        store=True,
        readonly=False,
        ondelete="set null",
        help="Activity created for the collector: a call by default.",
    )
    requires_approval = fields.Boolean(
        help="Escalation: the reminder waits for an approver (group Collection: "
        "Approver) before it runs.",
    )

    whatsapp_template_id = fields.Many2one(
        "cobranca.whatsapp.template",
        string="WhatsApp Template",
        domain="[('company_id', '=', company_id), ('status', '=', 'APPROVED'), "
        "('category', '=', 'UTILITY')]",
        ondelete="set null",
        help="A template approved by Meta in the UTILITY category (Invoicing settings › "
        "Synchronise templates).",
    )
    whatsapp_param_ids = fields.One2many(
        "cobranca.whatsapp.param",
        "step_id",
        string="Template Parameters",
        copy=True,
        help="What each {{1}}, {{2}}… of the template shows, in order.",
    )
    escalation_notice = fields.Boolean(
        string="Attach Formal Notice",
        help="The email carries the formal notice letter (notificação extrajudicial) as a PDF.",
    )
    escalation_credit_hold = fields.Boolean(
        string="Put Customer on Credit Hold",
        help="New invoices (and sales orders, with Sales) of the customer show a warning.",
    )
    escalation_protest = fields.Boolean(
        string="Hand Off to Protest",
        help="Creates a to-do for the collector with the data a protest or "
        "negativação (Serasa/SPC) hand-off needs. No bureau is contacted.",
    )

    def _cobranca_template(self, partner_id, channel):
        """(the template this customer gets on this step for the channel, the values
        the reminder records about that choice): the step's template, nothing to
        record. The insight addon's A/B variants give each customer one of several
        templates and record which on the reminder."""
        self.ensure_one()
        field = self.env["cobranca.channel"]._get(channel)._template_field
        return (self[field] if field else None), {}

    def action_open_step(self):
        """The step's form, for its WhatsApp parameters and escalation actions."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.depends("offset_days")
    def _compute_name(self):
        for step in self:
            step.name = step_label(step.offset_days)

    @api.depends("channel", "fallback_channel")
    def _compute_activity_type_id(self):
        call = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        for step in self:
            if "activity" not in (step.channel, step.fallback_channel):
                step.activity_type_id = False
            elif not step.activity_type_id:
                step.activity_type_id = call

    @api.depends("regua_id.name", "name", "channel")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for step in self:
            step.display_name = " · ".join(
                part for part in (step.regua_id.name, step.name, channels.get(step.channel)) if part
            )

    @api.constrains("offset_days")
    def _check_offset_days(self):
        for step in self:
            if abs(step.offset_days) > MAX_OFFSET_DAYS:
                raise ValidationError(
                    _(
                        "A step can be at most %(max)s days before or after the due "
                        "date (step %(step)s of “%(ladder)s”).",
                        max=MAX_OFFSET_DAYS,
                        step=step.name,
                        ladder=step.regua_id.name,
                    )
                )

    @api.constrains("regua_id", "offset_days", "channel")
    def _check_unique_offset_channel(self):
        counts = self._read_group(
            [("regua_id", "in", self.regua_id.ids)],
            ["regua_id", "offset_days", "channel"],
            ["__count"],
        )
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for regua, offset, channel, count in counts:
            if count > 1:
                raise ValidationError(
                    _(
                        "The ladder “%(ladder)s” has two steps at %(step)s on the "
                        "same channel (%(channel)s). Change the offset or the channel "
                        "of one of them.",
                        ladder=regua.name,
                        step=step_label(offset),
                        channel=channels[channel],
                    )
                )

    def _channel_needs_fields(self):
        """The fields a step's channel check reads: the channels and each registered
        channel's template field."""
        services = self.env["cobranca.channel"]._cobranca_channels().values()
        return ["channel", "fallback_channel", "activity_type_id"] + [
            service._template_field for service in services if service._template_field
        ]

    @api.constrains(_channel_needs_fields)
    def _check_channel_needs(self):
        """The fallback differs from the main channel; each of the two has what its
        channel's service needs (``cobranca.channel._check_step``)."""
        services = self.env["cobranca.channel"]._cobranca_channels()
        for step in self:
            if step.fallback_channel == step.channel:
                raise ValidationError(
                    _(
                        "Step %(step)s of “%(ladder)s”: the fallback channel must "
                        "differ from the main channel.",
                        step=step.name,
                        ladder=step.regua_id.name,
                    )
                )
            for channel in (step.channel, step.fallback_channel):
                if channel in services:
                    services[channel]._check_step(step)

    # ---------------------------------------------------------------- re-plan
    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        steps.regua_id._outdate_plans()
        return steps

    def write(self, vals):
        res = super().write(vals)
        if {"offset_days", "day_type", "regua_id"} & vals.keys():
            self.regua_id._outdate_plans()
        return res

    def unlink(self):
        """A step leaves with the reminders it never sent; its history stays."""
        reminders = self.env["cobranca.reminder"].sudo().search([("step_id", "in", self.ids)])
        done = reminders.filtered(lambda r: r.state not in ("scheduled", "skipped", "cancelled"))
        if done:
            raise UserError(
                _(
                    "Step %(step)s of “%(ladder)s” already reminded %(count)s invoice(s): "
                    "it is kept as their history. Archive the ladder and use a copy "
                    "without this step instead.",
                    step=done[0].step_id.name,
                    ladder=done[0].step_id.regua_id.name,
                    count=len(done.move_id),
                )
            )
        reguas = self.regua_id
        reminders.unlink()
        res = super().unlink()
        reguas._outdate_plans()
        return res

    @api.onchange("whatsapp_template_id")
    def _onchange_whatsapp_template_id(self):
        """One row per variable of the new template, in order: a named variable gets
        the value of its name (``{{customer_name}}``), a URL button the payment
        link's path, a document header the invoice PDF, an image header the logo;
        the others are left for the user to choose."""
        values = dict(PARAM_VALUES)
        media = {"document": "invoice_pdf", "image": "company_logo"}
        for step in self:
            template = step.whatsapp_template_id
            if not template:
                continue
            rows = []
            for sequence, slot in enumerate(template._slots()):
                if slot.component == "button":
                    value = "payment_link_path"
                elif slot.format != "text":
                    value = media.get(slot.format, False)
                else:
                    value = slot.name if slot.name in values else False
                rows.append(Command.create({"sequence": sequence, "value": value}))
            step.whatsapp_param_ids = [Command.clear(), *rows]

    @api.constrains("whatsapp_template_id", "whatsapp_param_ids")
    def _check_whatsapp_params(self):
        for step in self.filtered("whatsapp_template_id"):
            template = step.whatsapp_template_id
            template._check_utility(step)
            expected = template.param_count
            if len(step.whatsapp_param_ids) != expected:
                raise ValidationError(
                    _(
                        "The WhatsApp template “%(template)s” of step %(step)s has %(count)s "
                        "parameter(s): map each of them, in order.",
                        template=template.name,
                        step=step.name,
                        count=expected,
                    )
                )
            if not step._identifies_creditor():
                raise ValidationError(
                    _(
                        "The WhatsApp template “%(template)s” of step %(step)s does not identify "
                        "the creditor: map one of its parameters to “Creditor”, or have Meta "
                        "approve a template that states the company's name, CNPJ and address "
                        "(%(law)s).",
                        law=cite("creditor_identified", short=True),
                        template=template.name,
                        step=step.name,
                    )
                )

    def _identifies_creditor(self):
        """A parameter carries the creditor, or the approved text states its CNPJ."""
        self.ensure_one()
        if "creditor" in self.whatsapp_param_ids.mapped("value"):
            return True
        cnpj = "".join(ch for ch in self.company_id.vat or "" if ch.isdigit())
        body = "".join(ch for ch in self.whatsapp_template_id.body or "" if ch.isdigit())
        return bool(cnpj) and cnpj in body

    @api.onchange("escalation_notice", "escalation_credit_hold", "escalation_protest")
    def _onchange_escalation_requires_approval(self):
        for step in self:
            if step._is_escalation():
                step.requires_approval = True

    def _is_escalation(self):
        self.ensure_one()
        return self.escalation_notice or self.escalation_credit_hold or self.escalation_protest

    @api.constrains(
        "requires_approval", "escalation_notice", "escalation_credit_hold", "escalation_protest"
    )
    def _check_escalation_requires_approval(self):
        """A formal notice, a credit hold and a protest hand-off are decided by a person
        (an approver), never by the ladder alone: what the privacy notice promises."""
        for step in self:
            if step._is_escalation() and not step.requires_approval:
                raise ValidationError(
                    _(
                        "Step %(step)s of “%(ladder)s” sends a formal notice, puts the customer "
                        "on credit hold or hands the invoice off to protest: an approver must "
                        "decide it. Turn on “Requires Approval”.",
                        step=step.name,
                        ladder=step.regua_id.name,
                    )
                )

    @api.constrains("escalation_protest", "escalation_notice", "offset_days", "regua_id")
    def _check_protest_after_notice(self):
        """Protest and negativação come only after a formal notice in the same ladder,
        early enough for the customer to pay or contest (the company's setting); on
        another step: a hand-off waits for the deadline its notice gave."""
        for regua in self.regua_id:
            days = regua.company_id.cobranca_protest_notice_days
            notices = regua.step_ids.filtered("escalation_notice")
            for step in regua.step_ids.filtered("escalation_protest"):
                if not any(n.offset_days <= step.offset_days - days for n in notices - step):
                    raise ValidationError(
                        _(
                            "Step %(step)s of “%(ladder)s” hands the invoice off to protest: "
                            "the ladder needs a formal notice step at least %(days)s days "
                            "before it (e.g. at D%(offset)+d).",
                            step=step.name,
                            ladder=regua.name,
                            days=days,
                            offset=step.offset_days - days,
                        )
                    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_last_step(self):
        if self.env.context.get("cobranca_unlink_regua"):
            return  # the ladder goes too
        for regua in self.regua_id:
            if regua.active and not (regua.step_ids - self):
                raise UserError(
                    _(
                        "The dunning ladder “%(name)s” needs at least one step. "
                        "Archive the ladder instead of deleting all its steps.",
                        name=regua.name,
                    )
                )
