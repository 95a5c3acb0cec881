"""WhatsApp channel: template messages through the Cloud API, and its webhook events.

The values of a template's variables are ``cobranca.whatsapp.param``'s, what Meta's
answers and delivery statuses make of a reminder ``cobranca.whatsapp.delivery``'s.

Never twice: reminders are marked ``sending`` in a transaction of their own (a chunk of
twice the requests in flight at a time), committed before any of their HTTP requests
leaves, and their results are written in another one; the batch's transaction never
touches them. A worker killed in between leaves them ``sending``: the next run marks
them ``failed``/``uncertain_delivery`` for a person to check, they are never sent again
automatically. So is a read timeout or a 5xx from Meta.
"""

import queue
from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import phone, throughput, whatsapp


class CobrancaChannelWhatsapp(models.AbstractModel):
    _name = "cobranca.channel.whatsapp"
    _inherit = "cobranca.channel"
    _description = "Collection Channel: WhatsApp"

    _channel = "whatsapp"
    _sequence = 20
    _default_policy = "opt_in"  # whatsapp_opt_in: Meta's policy asks for an opt-in
    _customer_label = "WhatsApp"
    _template_field = "whatsapp_template_id"
    _demo_state = "read"

    # ------------------------------------------------------------ declarations
    def _contacts(self, partner):
        """The numbers of the invoice partner and of its customer, mobiles first."""
        candidates = super()._contacts(partner)
        candidates.sort(key=lambda candidate: not phone.is_mobile(candidate[1]))
        return candidates

    def _optout_contacts(self, partner):
        """WhatsApp never goes to a landline (the dispatcher skips it): not offered."""
        return [c for c in self._contacts(partner) if phone.is_mobile(c[1])]

    def _before_dispatch(self):
        self._sweep_sending()

    def _privacy_processors(self, company, channels):
        if not self._used(company, channels):
            return []
        return [
            {
                "name": "Meta Platforms (WhatsApp Business Platform)",
                "role": "operador: envio dos lembretes por WhatsApp e recebimento das "
                "suas respostas; o número e o texto da mensagem passam pelos "
                "servidores da Meta, que podem estar fora do Brasil",
            }
        ]

    def _privacy_abroad(self, company, channels):
        return ["Meta Platforms (WhatsApp)"] if self._used(company, channels) else []

    def _used(self, company, channels):
        """Whether the company's steps use WhatsApp and it has an account."""
        return self._channel in channels and self._ready(company)

    # ------------------------------------------------------------------ account
    def _ready(self, company):
        """Whether the company has a WhatsApp account to send from."""
        company = company.sudo()
        return bool(company.cobranca_whatsapp_phone_number_id and company.cobranca_whatsapp_token)

    def _client(self, company):
        """A Cloud API client for the company's account (secrets read as superuser:
        only system admins see them, the dispatcher and the webhook use them)."""
        company = company.sudo()
        params = self.env["ir.config_parameter"].sudo()
        return whatsapp.WhatsAppClient(
            base_url=company.cobranca_whatsapp_base_url or "https://graph.facebook.com",
            api_version=company.cobranca_whatsapp_api_version or "v21.0",
            phone_number_id=company.cobranca_whatsapp_phone_number_id,
            waba_id=company.cobranca_whatsapp_waba_id,
            token=company.cobranca_whatsapp_token,
            connect_timeout=float(params.get_param("cobranca.whatsapp_connect_timeout", 5)),
            read_timeout=float(params.get_param("cobranca.whatsapp_read_timeout", 20)),
            backoff=float(params.get_param("cobranca.whatsapp_backoff", 1)),
        )

    def _sync_templates(self, company):
        """Fetch the account's message templates; approved ones can go on steps.

        Runs with the account's secrets and writes templates as superuser: for system
        administrators only, whatever the route (button, settings, RPC).
        """
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(
                _("Only system administrators can synchronise the WhatsApp templates.")
            )
        if not company.sudo().cobranca_whatsapp_waba_id or not self._ready(company):
            raise UserError(
                _("Fill in the WhatsApp account (business account ID, phone number ID, token).")
            )
        try:
            templates = self._client(company).list_templates()
        except whatsapp.WhatsAppError as exc:
            raise UserError(
                _(
                    "WhatsApp refused to list the templates: %(error)s",
                    error=exc.message,
                )
            ) from exc
        Template = self.env["cobranca.whatsapp.template"].sudo().with_context(active_test=False)
        existing = {
            (t.name, t.language): t for t in Template.search([("company_id", "=", company.id)])
        }
        seen = Template.browse()
        for item in templates:
            values = {
                "status": item.status,
                "category": item.category,
                "body": item.body,
                "param_count": item.param_count,
                "parameter_format": item.parameter_format,
                "header_format": item.header_format,
                "header_text": item.header_text,
                "slots": [slot.as_dict() for slot in item.slots],
                "active": True,
            }
            record = existing.get((item.name, item.language))
            if record:
                record.write(values)
            else:
                record = Template.create(
                    {
                        "name": item.name,
                        "language": item.language,
                        "company_id": company.id,
                    }
                    | values
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

    # ------------------------------------------------------------------ targets
    def _available(self, reminder):
        """A step's template Meta moved out of UTILITY (it re-categorises templates)
        sends nothing: the reminder takes its fallback channel."""
        template = reminder.step_id.whatsapp_template_id
        return bool(template and template._is_utility() and self._ready(reminder.company_id))

    def _targets(self, reminders, outcome):
        return self._phone_targets(reminders, outcome, mobile_only=True)

    # --------------------------------------------------------------------- send
    def _send(self, messages, outcome):
        """Requests in parallel, chunk by chunk (see the module): a chunk's reminders are
        marked ``sending`` in one committed transaction, their requests then leave at
        most ``cobranca.whatsapp_in_flight`` at once (default 8) and under the account's
        rate (``cobranca.whatsapp_rate`` messages a second, default 80: Meta's default
        throughput per business phone number), and their results are written in one
        more transaction."""
        params = self.env["ir.config_parameter"].sudo()
        in_flight = max(1, int(params.get_param("cobranca.whatsapp_in_flight", 8)))
        rate = max(1.0, float(params.get_param("cobranca.whatsapp_rate", 80)))
        by_company = {}
        for message in messages:
            by_company.setdefault(message.lead.company_id, []).append(message)
        for company, company_messages in by_company.items():
            limiter = throughput.RateLimiter(rate, burst=in_flight)
            size = 2 * in_flight
            for start in range(0, len(company_messages), size):
                chunk = company_messages[start : start + size]
                refused = self._send_chunk(company, chunk, outcome, in_flight, limiter)
                if refused:
                    # the token is refused: nothing more goes out for this company
                    later = self.env["cobranca.whatsapp.delivery"]._error_result(
                        refused, outcome.now
                    )
                    for message in company_messages[start + size :]:
                        for reminder in message.reminders:
                            outcome.set(
                                reminder,
                                "scheduled",
                                error=later["error"],
                                next_try=later["next_try"],
                            )
                    break

    def _send_chunk(self, company, messages, outcome, in_flight, limiter):
        decided = {}
        for message in messages:
            decided[message.lead.id] = dict(outcome.values.get(message.lead.id, {}))
            outcome.forget(message.reminders)  # written here, not by the batch
        Param = self.env["cobranca.whatsapp.param"]
        # the invoices' texts, each kind computed once for the chunk
        moves = self.env["account.move"].browse([m.lead.move_id.id for m in messages])
        texts = self.env["cobranca.render.values"]._texts().add(moves)
        prepared, chosen = [], {}
        for message in messages:
            # the customer's template of the step (an A/B variant's: with the step's parameters)
            template, chosen[message.lead.id] = message.lead.step_id._cobranca_template(
                message.lead.commercial_partner_id.id, "whatsapp"
            )
            prepared.append(
                (message, template, Param._render(message.lead, template, texts), template._slots())
            )
        now = outcome.now
        registry = self.env.registry
        with registry.cursor() as cr:  # committed before any request leaves
            marked = self.env(cr=cr)["cobranca.reminder"]._set_states(
                {
                    message.lead.id: {
                        "state": "sending",
                        "channel": self._channel,
                        "partner_id": message.partner_id,
                        "sent_date": now,
                        "skip_reason": None,
                        "error": None,
                        "fallback_reason": decided[message.lead.id].get("fallback_reason"),
                        "consent_id": decided[message.lead.id].get("consent_id"),
                        "legal_basis": decided[message.lead.id].get("legal_basis"),
                        **chosen[message.lead.id],
                    }
                    for message in messages
                },
                only_from=("scheduled",),
            )
        marked_ids = set(marked.ids if hasattr(marked, "ids") else marked or ())
        to_send = [item for item in prepared if item[0].lead.id in marked_ids]
        if not to_send:
            return None
        # one client per request slot: the threads only speak HTTP
        clients = queue.SimpleQueue()
        for _slot in range(min(in_flight, len(to_send))):
            clients.put(self._client(company))

        def request(item):
            message, template, params, slots = item
            client = clients.get()
            try:
                return client.send_template(
                    message.contact, template.name, template.language, params, slots=slots
                )
            finally:
                clients.put(client)

        answers = throughput.send_all(to_send, request, in_flight, limiter)
        refused, stored, waiting = None, [], {}
        with registry.cursor() as cr:
            channel = self.with_env(self.env(cr=cr))
            delivery = channel.env["cobranca.whatsapp.delivery"]
            for (message, template, params, _slots), wamid, error in answers:
                result = delivery._result(wamid, error, now)
                if isinstance(error, whatsapp.AuthError):
                    # one activity for the company, no note on each invoice at each run
                    refused = error
                    waiting[message.lead.id] = result
                    continue
                stored.append((message, result, template._render_text(params)))
            if waiting:
                channel.env["cobranca.reminder"]._set_states(waiting, only_from=("sending",))
            channel._store_results(stored)
            if refused:
                delivery._alert_token(company, refused)
        for message in messages:
            message.lead.invalidate_recordset()
        return refused

    def _store_results(self, stored):
        """The chunk's answers: a note on each invoice (the text and the number, or
        why it was not sent), linked to its reminder so that erasure finds it, and the
        reminders' new states: one note batch and one state write per chunk.

        :param stored: [(message, result, rendered text)]
        """
        if not stored:
            return
        notes, changes = {}, {}
        for message, result, text in stored:
            if result["state"] == "sent":
                notes[message.lead.id] = Markup("<p>%s</p><p>%s</p>") % (
                    _("WhatsApp message sent to %(number)s:", number=message.contact),
                    text,
                )
            else:
                notes[message.lead.id] = Markup("<p>%s</p>") % _(
                    "WhatsApp message to %(number)s not sent: %(error)s",
                    number=message.contact,
                    error=result["error"],
                )
            changes[message.lead.id] = result
        Reminder = self.env["cobranca.reminder"]
        leads = Reminder.browse(list(changes))
        # one invoice per message of a chunk (a batch sends one step per invoice);
        # the notes of several reminders of one invoice would go in rounds
        rounds = defaultdict(dict)
        for lead in leads:
            rank = sum(1 for body in rounds.values() if lead.move_id.id in body)
            rounds[rank][lead.move_id.id] = (lead.id, notes[lead.id])
        for moves in rounds.values():
            logged = (
                self.env["account.move"]
                .browse(list(moves))
                .sudo()
                ._message_log_batch({move_id: note for move_id, (_id, note) in moves.items()})
            )
            for (lead_id, _note), message in zip(moves.values(), logged, strict=True):
                changes[lead_id] = {**changes[lead_id], "mail_message_id": message.id}
        Reminder._set_states(changes, only_from=("sending",))

    @api.model
    def _sweep_sending(self, now=None):
        """Reminders left ``sending`` by an interrupted worker: failed, for a person."""
        limit = (now or fields.Datetime.now()) - whatsapp.STALE_SENDING
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM cobranca_reminder WHERE state = 'sending' AND sent_date < %s",
                limit,
            )
        )
        error = _(
            "The sending was interrupted: the message may have been delivered. Check with "
            "the customer before sending again."
        )
        self.env["cobranca.reminder"]._set_states(
            {
                reminder_id: {
                    "state": "failed",
                    "skip_reason": "uncertain_delivery",
                    "error": error,
                }
                for (reminder_id,) in rows
            },
            only_from=("sending",),
        )

    # ------------------------------------------------------------------- events
    def _apply_status(self, events, companies=None):
        """Apply one verified webhook change of the companies that own its phone
        number: delivery statuses of their reminders, their customers' replies."""
        self.env["cobranca.whatsapp.delivery"]._statuses(companies, events.statuses)
        # Meta delivers a notification again when our answer was slow or lost: a
        # message already taken is noted, answered and confirmed once only
        messages = self.env["cobranca.whatsapp.received"]._claim(events.messages)
        replies = self._cobranca_inbound(companies, messages)
        self._cobranca_inbound_actions(companies, replies)

    def _cobranca_inbound(self, companies, messages):
        """The customers' messages of one verified webhook change of ``companies``:
        each lands in a chatter and is described for what acts on it.

        A message that answers one of our messages (its ``context.id``, or the
        message a reaction is about, is the ``provider_message_id`` of a reminder of
        these companies) goes to the chatter of that reminder's invoice, the reminder
        linked; else to the customer's (the commercial partner whose mobile or phone
        is the sender's number, ninth digit or not); else (unknown number, or no
        number at all: a business-scoped user id only) to the company's contact, so
        that nothing is dropped silently. Each note, an internal note authored by the
        customer when known, shows the text, the intent read by ``tools.intent`` (a
        tap by its payload or title), a promised date and the media ids.

        This is the hook for what acts on replies: it returns one ``InboundReply``
        (``models/cobranca_whatsapp_inbound.py``) per message, in order, with
        ``message`` (``tools.whatsapp_webhook.InboundMessage``: text, payload, ``media``,
        ``context_id``, ``sender``, ``user_id``…), ``company``, ``intent``
        (``tools.intent.IntentResult``: ``intent``, ``score``, ``promise_date_hint``,
        ``intents``), ``reminder``, ``move``, ``partner`` (the commercial partner),
        ``partners`` (every partner with the sender's number), ``mail_message`` (the
        note) and the shortcuts ``promise_date_hint`` and ``media_ids``.
        ``_apply_status`` hands them to :meth:`_cobranca_inbound_actions`: extend
        that method to act on an intent (pause on ``paid``, record a promise, open a
        dispute…).
        """
        Inbound = self.env["cobranca.whatsapp.inbound"]
        replies = Inbound._replies(companies, messages)
        Inbound._log(replies)
        Inbound._open_sessions(replies)
        return replies

    def _cobranca_inbound_actions(self, companies, replies):
        """What the customers' messages change (the hook of :meth:`_cobranca_inbound`).

        Today: a request to stop (``stop`` among ``reply.intent.intents``, whatever
        the primary intent) revokes WhatsApp for the number that wrote (ninth digit
        or not), for each partner that has it, in these companies, and a
        confirmation goes back; a message without a phone number that answers a
        reminder revokes the consent that reminder was sent under. The answer addon
        extends this method for the other intents."""
        for reply in replies:
            if "stop" in reply.intent.intents:
                self.env["cobranca.whatsapp.inbound"]._stop(companies, reply)
