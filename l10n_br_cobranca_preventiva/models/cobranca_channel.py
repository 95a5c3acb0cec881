"""The interface every collection channel implements (``cobranca.channel.<name>``).

The dispatcher knows channels only through these methods; adding a channel is one
file inheriting this model plus one value in the steps' channel selection.

1. ``_targets(reminders, outcome)``: for a batch of reminders the dispatcher resolved
   to this channel, the :class:`~..tools.outcome.Message` objects to send (who, where,
   which reminders together); reminders that cannot go are recorded in ``outcome``
   (skipped/failed with their reason).
2. ``_send(messages, outcome)``: send them; every reminder ends in ``outcome``.
3. ``_apply_status(events, companies=None)``: delivery news from the provider (a
   webhook change of ``companies``' account, ``mail.notification`` updates of the mail
   queue or the SMS tracker) moved onto the reminders, keeping the furthest state.

Two more answer the dispatcher's questions before a channel is chosen:
``_available(reminder)`` (can this channel send for it at all?) and
``_consent_contact(reminder)`` (whose consent counts, and for which contact).
"""

from odoo import _, api, models

from ..tools import phone
from ..tools.outcome import Message


class CobrancaChannel(models.AbstractModel):
    _name = "cobranca.channel"
    _description = "Collection Channel"

    #: the value of ``cobranca.regua.step.channel`` this service sends on
    _channel = None
    #: whether its messages reach the customer: they must identify the creditor and
    #: count for the customer's daily limit
    _reaches_customer = True

    @api.model
    def _get(self, channel):
        """The service of a channel value (``email`` → ``cobranca.channel.email``)."""
        return self.env[f"cobranca.channel.{channel}"]

    def _available(self, reminder):
        """Whether this channel can send for ``reminder`` at all (account, template)."""
        return True

    def _consent_contact(self, reminder):
        """(partners whose consent counts, the contact the message would go to) for
        ``reminder`` on this channel: the first of ``res.partner._cobranca_contacts``
        (the list the opt-out page shows)."""
        move = reminder.move_id
        customer = move.commercial_partner_id
        candidates = move.partner_id._cobranca_contacts(self._channel)
        if not candidates:
            return customer, None
        person, contact = candidates[0]
        return person | customer, contact

    def _targets(self, reminders, outcome):
        raise NotImplementedError

    def _send(self, messages, outcome):
        raise NotImplementedError

    def _apply_status(self, events, companies=None):
        raise NotImplementedError

    # ------------------------------------------------------------------ helpers
    def _phone_targets(self, reminders, outcome, mobile_only=False):
        """One message per reminder that has a number; the others are skipped."""
        messages = []
        for reminder in reminders:
            candidates = reminder.move_id.partner_id._cobranca_contacts(self._channel)
            partner, number = candidates[0] if candidates else (None, None)
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
            elif mobile_only and not phone.is_mobile(number):
                outcome.set(
                    reminder,
                    "skipped",
                    "landline",
                    _(
                        "%(number)s is a landline: it cannot receive WhatsApp.",
                        number=number,
                    ),
                )
            else:
                outcome.note(reminder, partner_id=partner.id)
                messages.append(Message(self._channel, reminder, partner.id, number))
        return messages
