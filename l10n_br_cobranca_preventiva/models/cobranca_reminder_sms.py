"""Phone channels of the dispatcher: who to text, and SMS through Odoo's sms module."""

from odoo import _, models

from ..tools import phone


class CobrancaReminder(models.Model):
    _inherit = "cobranca.reminder"

    def _cobranca_phone(self, channel="sms"):
        """(partner, E.164 number) to text: the first of the invoice partner's
        ``_cobranca_contacts`` (the invoice's contact, else the customer; mobile
        first, then phone; WhatsApp takes the first mobile of them)."""
        self.ensure_one()
        candidates = self.move_id.partner_id._cobranca_contacts(channel)
        return candidates[0] if candidates else (self.env["res.partner"], None)

    def _cobranca_phone_targets(self, channel, outcome):
        """The reminders that have a number for ``channel``; the others are skipped."""
        targets = self.browse()
        for reminder in self:
            partner, number = reminder._cobranca_phone(channel)
            if not number:
                outcome.set(
                    reminder,
                    "skipped",
                    "no_phone",
                    _(
                        "Neither the invoice contact nor the customer %(customer)s has a "
                        "valid phone number.",
                        customer=reminder.move_id.commercial_partner_id.display_name,
                    ),
                )
            elif channel == "whatsapp" and not phone.is_mobile(number):
                outcome.set(
                    reminder,
                    "skipped",
                    "landline",
                    _("%(number)s is a landline: it cannot receive WhatsApp.", number=number),
                )
            else:
                outcome.update(reminder, partner_id=partner.id, phone=number)
                targets |= reminder
        return targets

    def _cobranca_send_sms(self, now, outcome):
        """Queue one SMS per reminder (Odoo's SMS queue sends them), logged in the
        invoice's chatter, in the transaction that marks the reminder sent."""
        for template, reminders in self.grouped(lambda r: r.step_id.sms_template_id).items():
            # the opt-out link names the person the SMS goes to
            recipients = tuple(
                (reminder.move_id.id, outcome.values[reminder.id]["partner_id"])
                for reminder in reminders
            )
            bodies = template.with_context(cobranca_recipients=recipients)._render_field(
                "body", reminders.move_id.ids, compute_lang=True
            )
            for reminder in reminders:
                vals = outcome.values[reminder.id]
                message = reminder.move_id.sudo()._message_sms(
                    bodies[reminder.move_id.id],
                    partner_ids=[vals["partner_id"]],
                    sms_pid_to_number={vals["partner_id"]: vals["phone"]},
                    put_in_queue=True,
                )
                outcome.set(
                    reminder,
                    "sent",
                    sent_date=now,
                    mail_message_id=message.id,
                    channel="sms",
                    partner_id=vals["partner_id"],
                )
