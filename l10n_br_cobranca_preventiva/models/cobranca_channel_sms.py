"""SMS channel, through Odoo's ``sms`` module: one SMS per reminder, queued (Odoo's SMS
queue sends them) and logged in the invoice's chatter in the batch's transaction.
Delivery comes back through the SMS tracker on the message's ``mail.notification``:
``delivered`` when the provider reports it, ``failed`` with the failure type."""

from odoo import _, models

#: Notification statuses of an SMS that are failures (``bounce``: invalid number).
_FAILED = ("exception", "bounce")


class CobrancaChannelSms(models.AbstractModel):
    _name = "cobranca.channel.sms"
    _inherit = "cobranca.channel"
    _description = "Collection Channel: SMS"

    _channel = "sms"

    def _available(self, reminder):
        return bool(reminder.step_id.sms_template_id)

    def _targets(self, reminders, outcome):
        return self._phone_targets(reminders, outcome)

    def _send(self, messages, outcome):
        by_template = {}
        for message in messages:
            by_template.setdefault(message.lead.step_id.sms_template_id, []).append(message)
        for template, template_messages in by_template.items():
            # the opt-out link names the person the SMS goes to
            recipients = tuple(
                (message.lead.move_id.id, message.partner_id) for message in template_messages
            )
            moves = self.env["account.move"].browse(m.lead.move_id.id for m in template_messages)
            bodies = template.with_context(cobranca_recipients=recipients)._render_field(
                "body", moves.ids, compute_lang=True
            )
            for message in template_messages:
                move = message.lead.move_id
                posted = move.sudo()._message_sms(
                    bodies[move.id],
                    partner_ids=[message.partner_id],
                    sms_pid_to_number={message.partner_id: message.contact},
                    put_in_queue=True,
                )
                outcome.set(
                    message.lead,
                    "sent",
                    sent_date=outcome.now,
                    mail_message_id=posted.id,
                    channel=self._channel,
                    partner_id=message.partner_id,
                )

    def _apply_status(self, notifications, companies=None):
        """The provider delivered the SMS (``delivered``) or could not (``failed``, with
        Odoo's failure type)."""
        notifications = notifications.filtered(lambda n: n.notification_type == "sms")
        if not notifications:
            return
        Reminder = self.env["cobranca.reminder"]
        reminders = Reminder.search_fetch(
            [
                ("mail_message_id", "in", notifications.mail_message_id.ids),
                ("channel", "=", "sms"),
                ("state", "in", ("sent", "delivered")),
            ],
            ["mail_message_id", "state"],
        )
        by_message = {reminder.mail_message_id.id: reminder for reminder in reminders}
        failure_types = dict(notifications._fields["failure_type"]._description_selection(self.env))
        changes = {}
        for notification in notifications:
            reminder = by_message.get(notification.mail_message_id.id)
            status = notification.notification_status
            if not reminder:
                continue
            if status == "sent" and reminder.state == "sent":
                changes[reminder.id] = {"state": "delivered"}
            elif status in _FAILED and reminder.state == "sent":
                reason = failure_types.get(notification.failure_type) or notification.failure_reason
                changes[reminder.id] = {
                    "state": "failed",
                    "skip_reason": "send_error",
                    "error": _(
                        "The SMS could not be delivered: %(reason)s",
                        reason=reason or "-",
                    ),
                }
        if changes:
            Reminder._set_states(changes, only_from=("sent", "delivered"))
