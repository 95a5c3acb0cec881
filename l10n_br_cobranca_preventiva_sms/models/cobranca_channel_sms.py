"""SMS channel, through Odoo's ``sms`` module: one SMS per reminder, queued (Odoo's SMS
queue sends them) and logged in the invoice's chatter in the batch's transaction, the
whole batch created in a few statements (``_post_batch``).
Delivery comes back through the SMS tracker on the message's ``mail.notification``:
``delivered`` when the provider reports it, ``failed`` with the failure type."""

from odoo import Command, _, models
from odoo.tools import SQL, plaintext2html

#: Notification statuses of an SMS that are failures (``bounce``: invalid number).
_FAILED = ("exception", "bounce")


class CobrancaChannelSms(models.AbstractModel):
    _name = "cobranca.channel.sms"
    _inherit = "cobranca.channel"
    _description = "Collection Channel: SMS"

    _channel = "sms"
    _sequence = 30
    _default_policy = "opt_in"
    _customer_label = "SMS"
    _template_field = "sms_template_id"
    _notification_type = "sms"
    _demo_state = "delivered"

    def _erase_messages(self, messages):
        """The queued texts go, and the numbers the notifications kept."""
        self.env["sms.sms"].sudo().search([("mail_message_id", "in", messages.ids)]).unlink()
        self.env.execute_query(
            SQL(
                "UPDATE mail_notification SET sms_number = NULL WHERE mail_message_id = ANY(%s)",
                messages.ids,
            )
        )
        self.env["mail.notification"].invalidate_model(["sms_number"])

    def _privacy_processors(self, company, channels):
        if self._channel not in channels:
            return []
        return [
            {
                "name": "Odoo S.A. (serviço de SMS do Odoo, IAP) e operadoras de telefonia",
                "role": "operador: envio dos lembretes por SMS (número e texto); os "
                "servidores da Odoo S.A. podem estar fora do Brasil",
            }
        ]

    def _privacy_abroad(self, company, channels):
        return ["Odoo S.A. (SMS)"] if self._channel in channels else []

    def _available(self, reminder):
        return bool(reminder.step_id.sms_template_id)

    def _targets(self, reminders, outcome):
        return self._phone_targets(reminders, outcome)

    def _send(self, messages, outcome):
        """Each template renders its batch in one pass; then the chatter messages, the
        queued ``sms.sms``, their ``mail.notification`` and SMS trackers are created
        in one ``create`` each, as core's ``_message_sms`` / ``_notify_thread_by_sms``
        would create them one by one (the documented fast path, as for email)."""
        by_template = {}
        for message in messages:
            by_template.setdefault(message.lead.step_id.sms_template_id, []).append(message)
        self._ensure_portal_tokens({message.lead.move_id.id for message in messages})
        entries = []
        # each SMS gets its own opt-out code, stored with the reminder it is sent for
        Consent = self.env["cobranca.consent"]
        codes = {message.lead.id: Consent._optout_new_code() for message in messages}
        for template, template_messages in by_template.items():
            # the opt-out links name the person the SMS goes to
            recipients = tuple(
                (message.lead.move_id.id, message.partner_id) for message in template_messages
            )
            links = tuple(
                (message.lead.move_id.id, codes[message.lead.id]) for message in template_messages
            )
            moves = self.env["account.move"].browse(m.lead.move_id.id for m in template_messages)
            bodies = template.with_context(
                cobranca_recipients=recipients, cobranca_optout_codes=links
            )._render_field("body", moves.ids, compute_lang=True)
            entries += [(message, bodies[message.lead.move_id.id]) for message in template_messages]
        if not entries:
            return
        posted = self._post_batch(entries)
        for (message, _body), mail_message in zip(entries, posted, strict=True):
            outcome.set(
                message.lead,
                "sent",
                sent_date=outcome.now,
                mail_message_id=mail_message.id,
                channel=self._channel,
                partner_id=message.partner_id,
                optout_code=codes[message.lead.id],
            )

    def _post_batch(self, entries):
        """[(Message, rendered text)] → their ``mail.message`` (type ``sms``, a note in
        the invoice's chatter with the text), in order; the SMS are queued for Odoo's
        SMS cron, tracked as core tracks them (``sms.tracker`` on the notification)."""
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        moves = self.env["account.move"].browse([m.lead.move_id.id for m, _b in entries])
        moves.fetch(["company_id"])
        # the text as rendered: a round trip through HTML would repeat every link as a
        # "[1] url" footnote (html2plaintext), paid for in extra segments
        texts = [str(body or "").strip() for _m, body in entries]
        # as core's message create would (one alias search per message otherwise)
        reply_tos = moves._notify_get_reply_to(default=False)
        mail_messages = (
            self.env["mail.message"]
            .sudo()
            .create(
                [
                    {
                        "model": "account.move",
                        "res_id": move.id,
                        "message_type": "sms",
                        "subtype_id": subtype_id,
                        "body": plaintext2html(text),
                        "author_id": move.company_id.partner_id.id,
                        "reply_to": reply_tos.get(move.id) or move.company_id.partner_id.email,
                        "email_from": move.company_id.partner_id.email_formatted,
                        "partner_ids": [Command.link(message.partner_id)],
                        "record_company_id": move.company_id.id,
                    }
                    for (message, _body), move, text in zip(entries, moves, texts, strict=True)
                ]
            )
        )
        sms = (
            self.env["sms.sms"]
            .sudo()
            .create(
                [
                    {
                        "body": text,
                        "mail_message_id": mail_message.id,
                        "partner_id": message.partner_id,
                        "number": message.contact,
                        "state": "outgoing",
                    }
                    for (message, _body), mail_message, text in zip(
                        entries, mail_messages, texts, strict=True
                    )
                ]
            )
        )
        notifications = (
            self.env["mail.notification"]
            .sudo()
            .create(
                [
                    {
                        "author_id": mail_message.author_id.id,
                        "mail_message_id": mail_message.id,
                        "res_partner_id": record.partner_id.id,
                        "sms_number": record.number,
                        "notification_type": "sms",
                        "sms_id_int": record.id,
                        "is_read": True,
                        "notification_status": "ready",
                    }
                    for mail_message, record in zip(mail_messages, sms, strict=True)
                ]
            )
        )
        self.env["sms.tracker"].sudo().create(
            [
                {"sms_uuid": record.uuid, "mail_notification_id": notification.id}
                for record, notification in zip(sms, notifications, strict=True)
            ]
        )
        return mail_messages

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
