from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import whatsapp


class ResCompany(models.Model):
    _inherit = "res.company"

    cobranca_whatsapp_base_url = fields.Char(
        string="WhatsApp API URL",
        default="https://graph.facebook.com",
        groups="base.group_system",
        help="Where the access token is sent: Meta's Graph API. HTTPS only; plain "
        "http is accepted for loopback hosts (127.0.0.1, localhost, ::1) only, for "
        "local test servers.",
    )
    cobranca_whatsapp_api_version = fields.Char(string="WhatsApp API Version", default="v21.0")
    cobranca_whatsapp_phone_number_id = fields.Char(
        string="WhatsApp Phone Number ID",
        help="Sends the reminders; webhook calls about this phone number ID are this "
        "company's, and only its app secret can sign them.",
    )
    cobranca_whatsapp_waba_id = fields.Char(
        string="WhatsApp Business Account ID",
        help="When set, a webhook call about the phone number must also come from this "
        "business account (the entry id).",
    )
    cobranca_whatsapp_token = fields.Char(
        string="WhatsApp Access Token", groups="base.group_system", copy=False
    )
    cobranca_whatsapp_app_secret = fields.Char(
        string="WhatsApp App Secret",
        groups="base.group_system",
        copy=False,
        help="Signs the webhook calls (X-Hub-Signature-256): unsigned calls are refused.",
    )
    cobranca_whatsapp_verify_token = fields.Char(
        string="WhatsApp Verify Token",
        groups="base.group_system",
        copy=False,
        help="The token Meta sends to verify the webhook URL /cobranca/whatsapp/webhook.",
    )

    @api.constrains("cobranca_whatsapp_base_url")
    def _check_cobranca_whatsapp_base_url(self):
        for company in self.sudo():
            url = company.cobranca_whatsapp_base_url
            if url and not whatsapp.is_allowed_base_url(url):
                raise ValidationError(
                    _(
                        "The WhatsApp API URL “%(url)s” must use https (plain http only "
                        "for 127.0.0.1, localhost or ::1): the access token travels with "
                        "every request.",
                        url=url,
                    )
                )

    def _cobranca_whatsapp_ready(self):
        self.ensure_one()
        company = self.sudo()
        return bool(company.cobranca_whatsapp_phone_number_id and company.cobranca_whatsapp_token)

    def _cobranca_whatsapp_client(self, **kwargs):
        """A Cloud API client for this company's account (secrets read as superuser:
        only system admins see them, the dispatcher and the webhook use them)."""
        self.ensure_one()
        company = self.sudo()
        params = self.env["ir.config_parameter"].sudo()
        kwargs.setdefault(
            "connect_timeout", float(params.get_param("cobranca.whatsapp_connect_timeout", 5))
        )
        kwargs.setdefault(
            "read_timeout", float(params.get_param("cobranca.whatsapp_read_timeout", 20))
        )
        kwargs.setdefault("backoff", float(params.get_param("cobranca.whatsapp_backoff", 1)))
        return whatsapp.WhatsAppClient(
            base_url=company.cobranca_whatsapp_base_url or "https://graph.facebook.com",
            api_version=company.cobranca_whatsapp_api_version or "v21.0",
            phone_number_id=company.cobranca_whatsapp_phone_number_id,
            waba_id=company.cobranca_whatsapp_waba_id,
            token=company.cobranca_whatsapp_token,
            **kwargs,
        )

    def action_cobranca_whatsapp_sync(self):
        """Fetch the account's message templates; approved ones can go on steps.

        Runs with the account's secrets and writes templates as superuser: for
        system administrators only, whatever the route (button, settings, RPC).
        """
        self.ensure_one()
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(
                _("Only system administrators can synchronise the WhatsApp templates.")
            )
        if not self.sudo().cobranca_whatsapp_waba_id or not self._cobranca_whatsapp_ready():
            raise UserError(
                _("Fill in the WhatsApp account (business account ID, phone number ID, token).")
            )
        try:
            templates = self._cobranca_whatsapp_client().list_templates()
        except whatsapp.WhatsAppError as exc:
            raise UserError(
                _("WhatsApp refused to list the templates: %(error)s", error=exc.message)
            ) from exc
        Template = self.env["cobranca.whatsapp.template"].sudo().with_context(active_test=False)
        existing = {
            (t.name, t.language): t for t in Template.search([("company_id", "=", self.id)])
        }
        seen = Template.browse()
        for item in templates:
            values = {
                "status": item.status,
                "category": item.category,
                "body": item.body,
                "param_count": item.param_count,
                "active": True,
            }
            record = existing.get((item.name, item.language))
            if record:
                record.write(values)
            else:
                record = Template.create(
                    {"name": item.name, "language": item.language, "company_id": self.id, **values}
                )
            seen |= record
        (Template.browse([t.id for t in existing.values()]) - seen).active = False
        approved = len([t for t in templates if t.status == "APPROVED"])
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "%(count)s WhatsApp template(s) synchronised, %(approved)s approved.",
                    count=len(templates),
                    approved=approved,
                ),
            },
        }
