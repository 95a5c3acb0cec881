from odoo import models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    def write(self, vals):
        """Email and SMS delivery news (sent, bounced, failed) reach the collection
        reminders that sent the message."""
        res = super().write(vals)
        if "notification_status" in vals:
            self._cobranca_reminder_status()
        return res

    def _cobranca_reminder_status(self):
        notifications = self.filtered(lambda n: n.mail_message_id.model == "account.move")
        if not notifications:
            return
        # sudo: the mail queue, a bounce or the SMS provider's report runs as anybody;
        # reminders are written by the engine only
        Channel = self.env["cobranca.channel"].sudo()
        Channel._get("email")._apply_status(notifications.sudo())
        Channel._get("sms")._apply_status(notifications.sudo())
