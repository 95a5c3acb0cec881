"""The interface every collection channel implements (``cobranca.channel.<name>``).

A channel is a plug-in: its service declares everything specific to it, and the
engine (planner, dispatcher, consent and contacts, opt-out page, step checks, delivery
news, privacy notice and erasure, demo) loops over the registered services
(``_cobranca_channels``: every model named ``cobranca.channel.<name>``). A channel
of another addon is that model, its value added to the selections that name
channels (``selection_add`` on the steps', reminders' and consents' ``channel``) and
its own fields (the company's consent policy ``cobranca_consent_<consent channel>``,
the step's template).

What a service declares (class attributes):

- ``_channel``: the value of ``cobranca.regua.step.channel`` it sends on;
- ``_sequence``: its place in the lists (opt-out page, privacy notice);
- ``_consent_channel``: the value of ``cobranca.consent.channel`` that governs it
  (default: ``_channel``);
- ``_default_policy``: the consent policy when the company has none (``opt_in``: a
  recorded consent is needed; ``opt_out``: allowed unless revoked);
- ``_customer_label``: the consent channel's name for the customer, in Portuguese
  (opt-out page, privacy notice, data-subject export); empty: not offered to stop;
- ``_partner_contact_fields``: the partner fields it reaches (keyed hashes of erased
  contacts are compared on them);
- ``_template_field``: the step's field holding what it sends (the effect report
  names it);
- ``_notification_type``: the ``mail.notification`` type whose delivery news it
  follows (``_apply_status`` receives them);
- ``_reaches_customer``: its messages identify the creditor and count for the daily cap;
- ``_demo_state``: the state its past reminders reached in the demo data.

What a service does (methods):

1. ``_targets(reminders, outcome)``: for a batch of reminders the dispatcher resolved
   to this channel, the :class:`~..tools.outcome.Message` objects to send; reminders
   that cannot go are recorded in ``outcome`` (skipped/failed with their reason).
2. ``_send(messages, outcome)``: send them; every reminder ends in ``outcome``.
3. ``_apply_status(events, companies=None)``: delivery news from the provider (a
   webhook change of ``companies``' account, ``mail.notification`` updates) moved onto
   the reminders, keeping the furthest state.

and answers the engine's questions: ``_available(reminder)`` (can it send at all?),
``_consent_contact(reminder)`` (whose consent counts, for which contact),
``_contacts(partner)`` (the contacts of an invoice partner, in the order tried),
``_optout_contacts(partner)`` (those the opt-out page lists), ``_default_contact``
(what a clerk's consent covers), ``_check_step(step)`` (what a step on it needs),
``_before_dispatch()`` (work before each dispatch run), ``_erase_messages(messages)``
(its own copies of erased messages), ``_privacy_processors`` and ``_privacy_abroad``
(who processes the data for it, for the privacy notice).
"""

import psycopg2

from odoo import _, api, models, tools
from odoo.tools import SQL

from ..tools import phone
from ..tools.outcome import Message

PREFIX = "cobranca.channel."


class CobrancaChannel(models.AbstractModel):
    _name = "cobranca.channel"
    _description = "Collection Channel"

    _channel = None
    _sequence = 100
    _consent_channel = None
    _default_policy = "opt_in"
    _customer_label = ""
    _partner_contact_fields = ("mobile", "phone")
    _template_field = None
    _notification_type = None
    _reaches_customer = True
    _demo_state = None

    # ---------------------------------------------------------------- registry
    @api.model
    @tools.ormcache()
    def _cobranca_channel_models(self):
        """Names of the channel services of the registry, in their ``_sequence``."""
        names = [name for name in self.env.registry if name.startswith(PREFIX)]
        return tuple(sorted(names, key=lambda name: (self.env[name]._sequence, name)))

    @api.model
    def _cobranca_channels(self):
        """{step channel: its service} of every registered channel, in order."""
        services = (self.env[name] for name in self._cobranca_channel_models())
        return {service._channel: service for service in services}

    @api.model
    def _consent_channels(self):
        """{consent channel: the service it governs}, in order."""
        return {
            service._consent_channel_name(): service
            for service in self._cobranca_channels().values()
        }

    @api.model
    def _get(self, channel):
        """The service of a step channel (``email`` → ``cobranca.channel.email``)."""
        return self.env[f"{PREFIX}{channel}"]

    @api.model
    def _for_consent(self, consent_channel):
        """The service a consent channel governs, or None (a channel not installed)."""
        return self._consent_channels().get(consent_channel)

    @api.model
    def _consent_channel_of(self, channel):
        """The consent channel of a step channel, or None (a channel not installed:
        a step or reminder left by an addon that was uninstalled)."""
        service = self._cobranca_channels().get(channel)
        return service._consent_channel_name() if service is not None else None

    def _consent_channel_name(self):
        return self._consent_channel or self._channel

    @api.model
    def _customer_labels(self):
        """{channel or consent channel: its name for the customer (Portuguese)} of the
        registered channels."""
        labels = {}
        for service in self._cobranca_channels().values():
            if service._customer_label:
                labels[service._consent_channel_name()] = service._customer_label
        return labels

    # ------------------------------------------------------------- the engine
    def _available(self, reminder):
        """Whether this channel can send for ``reminder`` at all (account, template)."""
        return True

    def _consent_contact(self, reminder):
        """(partners whose consent counts, the contact the message would go to) for
        ``reminder`` on this channel: the first of ``_contacts`` (the list the opt-out
        page shows)."""
        move = reminder.move_id
        customer = move.commercial_partner_id
        candidates = self._contacts(move.partner_id)
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

    def _before_dispatch(self):
        """Work of this channel before each dispatch run (e.g. sweep interrupted sends)."""
        return

    # ---------------------------------------------------------------- contacts
    def _contacts(self, partner):
        """[(partner, contact)] a message of this channel for the invoice partner
        ``partner`` may go to, in the order the dispatcher tries them: the partner
        (the invoice contact) first, then its commercial partner. Phones (this
        default): E.164 of the mobile, then of the phone.

        The one source of the recipients: the dispatcher sends to the first, the
        opt-out page lists and revokes them all (``res.partner._cobranca_contacts``)."""
        partner.ensure_one()
        candidates = []
        for person in partner | partner.commercial_partner_id:
            for number in (person.mobile, person.phone):
                e164 = phone.try_normalize(number)
                if e164 and (person, e164) not in candidates:
                    candidates.append((person, e164))
        return candidates

    def _optout_contacts(self, partner):
        """The contacts the opt-out page offers to stop for this channel."""
        return self._contacts(partner)

    def _default_contact(self, partner):
        """What a consent recorded by a clerk for ``partner`` covers when no contact
        is given: the mobile."""
        return partner.mobile

    # -------------------------------------------------------------- the steps
    def _check_step(self, step):
        """Raise a ValidationError when ``step`` lacks what this channel needs to send
        (``step`` uses it as main or fallback channel)."""
        return

    # --------------------------------------------------------------- privacy
    def _erase_messages(self, messages):
        """Erase this channel's own copies of the ``mail.message`` records being
        erased (their queued sends, the numbers they went to)."""
        return

    def _privacy_processors(self, company, channels):
        """[{"name", "role"}] (Portuguese) of who processes the customer's data for
        this channel, for the privacy notice; ``channels``: the company's step channels."""
        return []

    def _privacy_abroad(self, company, channels):
        """The names of the services of this channel that may process data abroad."""
        return []

    # ------------------------------------------------------------------ helpers
    def _phone_targets(self, reminders, outcome, mobile_only=False):
        """One message per reminder that has a number; the others are skipped."""
        messages = []
        for reminder in reminders:
            candidates = self._contacts(reminder.move_id.partner_id)
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

    @api.model
    def _ensure_portal_tokens(self, move_ids):
        """Give the invoices their portal token in one query before rendering links.

        ``get_portal_url()`` would otherwise write each token through ``write``, which
        re-synchronises every invoice one by one. The tokens are written in a short
        transaction of its own and handed to this one through the cache: written in the
        batch's transaction, they would keep the invoices' rows locked until the whole
        batch commits, and a payment registered meanwhile would wait. When that
        transaction cannot take its locks at once, they are written here as before.
        """
        move_ids = list(move_ids)
        query = SQL(
            """
            UPDATE account_move SET access_token = gen_random_uuid()::text
             WHERE id = ANY(%s) AND access_token IS NULL
         RETURNING id, access_token
            """,
            move_ids,
        )
        try:
            with self.env.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '1s'")
                cr.execute(query)
                tokens = dict(cr.fetchall())
        except psycopg2.errors.LockNotAvailable:
            tokens = None
        if tokens:
            Move = self.env["account.move"]
            moves = Move.browse(list(tokens))
            self.env.cache.update(moves, Move._fields["access_token"], list(tokens.values()))
        if tokens is not None:
            # what that transaction could not see (invoices of this transaction) is
            # written here; what it wrote must not be written again (concurrent update)
            move_ids = [move_id for move_id in move_ids if move_id not in tokens]
            if not move_ids:
                return
            query = SQL(
                "UPDATE account_move SET access_token = gen_random_uuid()::text "
                "WHERE id = ANY(%s) AND access_token IS NULL",
                move_ids,
            )
        self.env.execute_query(query)
        # only what was written here: the tokens handed over stay in the cache (read
        # again, they would be the snapshot's empty ones, and written a second time)
        self.env["account.move"].browse(move_ids).invalidate_recordset(["access_token"])
