from odoo import api, fields, models
from odoo.tools import config


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cobranca_default_regua_id = fields.Many2one(
        related="company_id.cobranca_default_regua_id", readonly=False
    )
    cobranca_tz = fields.Selection(related="company_id.cobranca_tz", readonly=False)
    cobranca_window_weekday_start = fields.Float(
        related="company_id.cobranca_window_weekday_start", readonly=False
    )
    cobranca_window_weekday_end = fields.Float(
        related="company_id.cobranca_window_weekday_end", readonly=False
    )
    cobranca_window_saturday = fields.Boolean(
        related="company_id.cobranca_window_saturday", readonly=False
    )
    cobranca_window_saturday_start = fields.Float(
        related="company_id.cobranca_window_saturday_start", readonly=False
    )
    cobranca_window_saturday_end = fields.Float(
        related="company_id.cobranca_window_saturday_end", readonly=False
    )
    cobranca_daily_cap = fields.Integer(related="company_id.cobranca_daily_cap", readonly=False)
    cobranca_plan_horizon_days = fields.Integer(
        related="company_id.cobranca_plan_horizon_days", readonly=False
    )
    cobranca_responsible_id = fields.Many2one(
        related="company_id.cobranca_responsible_id", readonly=False
    )
    cobranca_send_hour_default = fields.Integer(
        related="company_id.cobranca_send_hour_default", readonly=False
    )
    cobranca_rank_lookback_days = fields.Integer(
        related="company_id.cobranca_rank_lookback_days", readonly=False
    )
    cobranca_rank_min_paid = fields.Integer(
        related="company_id.cobranca_rank_min_paid", readonly=False
    )
    cobranca_rank_a_max_days = fields.Float(
        related="company_id.cobranca_rank_a_max_days", readonly=False
    )
    cobranca_rank_a_min_on_time = fields.Float(
        related="company_id.cobranca_rank_a_min_on_time", readonly=False
    )
    cobranca_rank_b_max_days = fields.Float(
        related="company_id.cobranca_rank_b_max_days", readonly=False
    )
    cobranca_rank_b_min_on_time = fields.Float(
        related="company_id.cobranca_rank_b_min_on_time", readonly=False
    )
    cobranca_rank_d_min_days = fields.Float(
        related="company_id.cobranca_rank_d_min_days", readonly=False
    )
    cobranca_rank_warning_days = fields.Float(
        related="company_id.cobranca_rank_warning_days", readonly=False
    )
    cobranca_regua_new_id = fields.Many2one(
        related="company_id.cobranca_regua_new_id", readonly=False
    )
    cobranca_regua_a_id = fields.Many2one(related="company_id.cobranca_regua_a_id", readonly=False)
    cobranca_regua_b_id = fields.Many2one(related="company_id.cobranca_regua_b_id", readonly=False)
    cobranca_regua_c_id = fields.Many2one(related="company_id.cobranca_regua_c_id", readonly=False)
    cobranca_regua_d_id = fields.Many2one(related="company_id.cobranca_regua_d_id", readonly=False)

    cobranca_consent_email = fields.Selection(
        related="company_id.cobranca_consent_email", readonly=False
    )
    cobranca_consent_whatsapp = fields.Selection(
        related="company_id.cobranca_consent_whatsapp", readonly=False
    )
    cobranca_consent_phone = fields.Selection(
        related="company_id.cobranca_consent_phone", readonly=False
    )

    cobranca_creditor_identity = fields.Char(related="company_id.cobranca_creditor_identity")
    cobranca_creditor_missing = fields.Char(related="company_id.cobranca_creditor_missing")
    cobranca_late_fee_percent = fields.Float(
        related="company_id.cobranca_late_fee_percent", readonly=False
    )
    cobranca_late_interest_percent = fields.Float(
        related="company_id.cobranca_late_interest_percent", readonly=False
    )
    cobranca_charges_consumer_warning = fields.Char(
        related="company_id.cobranca_charges_consumer_warning"
    )
    cobranca_notice_deadline_days = fields.Integer(
        related="company_id.cobranca_notice_deadline_days", readonly=False
    )
    cobranca_protest_notice_days = fields.Integer(
        related="company_id.cobranca_protest_notice_days", readonly=False
    )
    cobranca_retention_years = fields.Integer(
        related="company_id.cobranca_retention_years", readonly=False
    )
    cobranca_privacy_officer = fields.Char(
        related="company_id.cobranca_privacy_officer", readonly=False
    )
    cobranca_privacy_contact = fields.Char(
        related="company_id.cobranca_privacy_contact", readonly=False
    )
    cobranca_privacy_url = fields.Char(related="company_id.cobranca_privacy_url")
    cobranca_privacy_missing = fields.Char(related="company_id.cobranca_privacy_missing")
    cobranca_approver_id = fields.Many2one(
        related="company_id.cobranca_approver_id", readonly=False
    )
    cobranca_optout_validity_days = fields.Integer(
        related="company_id.cobranca_optout_validity_days", readonly=False
    )

    cobranca_whatsapp_base_url = fields.Char(
        related="company_id.cobranca_whatsapp_base_url",
        readonly=False,
        groups="base.group_system",
    )
    cobranca_whatsapp_api_version = fields.Char(
        related="company_id.cobranca_whatsapp_api_version", readonly=False
    )
    cobranca_whatsapp_phone_number_id = fields.Char(
        related="company_id.cobranca_whatsapp_phone_number_id", readonly=False
    )
    cobranca_whatsapp_waba_id = fields.Char(
        related="company_id.cobranca_whatsapp_waba_id", readonly=False
    )
    cobranca_whatsapp_token = fields.Char(
        related="company_id.cobranca_whatsapp_token",
        readonly=False,
        groups="base.group_system",
    )
    cobranca_whatsapp_app_secret = fields.Char(
        related="company_id.cobranca_whatsapp_app_secret",
        readonly=False,
        groups="base.group_system",
    )
    cobranca_whatsapp_verify_token = fields.Char(
        related="company_id.cobranca_whatsapp_verify_token",
        readonly=False,
        groups="base.group_system",
    )

    # First-run checks: what is missing before the reminders can go out.
    cobranca_setup_no_mail_server = fields.Boolean(compute="_compute_cobranca_setup")
    cobranca_setup_no_whatsapp = fields.Boolean(compute="_compute_cobranca_setup")
    cobranca_setup_no_pix = fields.Boolean(compute="_compute_cobranca_setup")
    cobranca_setup_ready = fields.Boolean(compute="_compute_cobranca_setup")

    @api.depends("company_id")
    def _compute_cobranca_setup(self):
        # sudo: counting the mail servers and bank accounts, nothing shown of them
        # a server record, or the server's own configuration (odoo.conf, --smtp), which
        # core sends through when there is no record: other than its default localhost:25
        configured = (config.get("smtp_server"), int(config.get("smtp_port") or 25))
        has_server = configured != ("localhost", 25) or bool(
            self.env["ir.mail_server"].sudo().search_count([], limit=1)
        )
        for settings in self:
            company = settings.company_id
            settings.cobranca_setup_no_mail_server = not has_server
            settings.cobranca_setup_no_whatsapp = not self.env["cobranca.channel.whatsapp"]._ready(
                company
            )
            settings.cobranca_setup_no_pix = (
                not self.env["res.partner.bank"].sudo()._cobranca_pix_accounts(company)
            )
            settings.cobranca_setup_ready = not (
                company.cobranca_creditor_missing
                or settings.cobranca_setup_no_mail_server
                or settings.cobranca_setup_no_pix
            )

    @api.onchange("cobranca_consent_whatsapp")
    def _onchange_cobranca_consent_whatsapp(self):
        """Meta's WhatsApp Business Messaging Policy: a business messages people on
        WhatsApp only after their opt-in (the page also says it while it is off)."""
        if self.cobranca_consent_whatsapp == "opt_in":
            return None
        return {
            "warning": {
                "title": self.env._("Meta requires an opt-in"),
                "message": self.env._(
                    "WhatsApp's Business Messaging Policy allows a business to message "
                    "people on WhatsApp only after they opted in to receive its messages. "
                    "Without an explicit consent, WhatsApp reminders may get the number "
                    "restricted or blocked by Meta: keep “Needs an explicit consent” unless "
                    "every customer opted in elsewhere."
                ),
            }
        }

    def _cobranca_check_button(self):
        """A button of the Settings screen is an RPC endpoint that takes any settings
        record's id: only Settings users (who may write them) get through."""
        self.ensure_one()
        self.check_access("write")

    def action_cobranca_open_mail_servers(self):
        """Settings › Technical › Outgoing Mail Servers."""
        self._cobranca_check_button()
        return self.env["ir.actions.act_window"]._for_xml_id("base.action_ir_mail_server_list")

    def action_cobranca_open_bank_accounts(self):
        """The company's bank accounts, where a Pix key is set (Proxy Type and Value)."""
        self._cobranca_check_button()
        partner = self.company_id.partner_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Bank Accounts of %(company)s", company=self.company_id.name),
            "res_model": "res.partner.bank",
            "view_mode": "list,form",
            "domain": [("partner_id", "=", partner.id)],
            "context": {"default_partner_id": partner.id},
            "target": "current",
        }

    def action_cobranca_open_company(self):
        """The company's form, where its CNPJ and address are filled in."""
        self._cobranca_check_button()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.company",
            "res_id": self.company_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_cobranca_whatsapp_sync(self):
        """The settings' button: the company's method checks the system group."""
        self._cobranca_check_button()
        return self.company_id.action_cobranca_whatsapp_sync()

    def action_cobranca_rank_all(self):
        """Rank every customer of the company again, in the background (cron)."""
        self._cobranca_check_button()
        self.env["cobranca.ranking"].sudo()._reset(self.company_id)
        self.env.ref("l10n_br_cobranca_preventiva.ir_cron_cobranca_ranking")._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._("The payer ranking is being recomputed in the background."),
            },
        }
