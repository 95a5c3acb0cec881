from odoo import models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    def write(self, vals):
        """Delivery news of the mail queue and of the other queues that notify
        (sent, bounced, failed) reach the collection reminders that sent the message."""
        res = super().write(vals)
        if "notification_status" in vals:
            self._cobranca_reminder_status()
        return res

    def _cobranca_reminder_status(self):
        """Each channel that follows a notification type (``_notification_type``) gets
        the news of its type."""
        notifications = self.filtered(lambda n: n.mail_message_id.model == "account.move")
        if not notifications:
            return
        # sudo: the mail queue, a bounce or a provider's report runs as anybody;
        # reminders are written by the engine only
        notifications = notifications.sudo()
        for service in self.env["cobranca.channel"].sudo()._cobranca_channels().values():
            kind = service._notification_type
            mine = kind and notifications.filtered(lambda n, k=kind: n.notification_type == k)
            if mine:
                service._apply_status(mine)
