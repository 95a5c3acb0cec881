"""The customers' WhatsApp messages: which invoice or customer they concern, what they
mean (``tools.intent``), and their note in that chatter. ``cobranca.channel.whatsapp``
calls this service from its hooks ``_cobranca_inbound`` and
``_cobranca_inbound_actions`` (see there)."""

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import format_date, format_datetime, html2plaintext

from ..tools import intent, phone, whatsapp
from ..tools.whatsapp_webhook import meta_error_text as _meta_error_text
from .cobranca_whatsapp_message import SESSION_WINDOW

#: Message types whose media may be a proof of payment (a photo or a PDF of it).
PROOF_TYPES = frozenset({"image", "document"})
#: Longest WhatsApp text body (Cloud API: 4096 characters).
SESSION_TEXT_LIMIT = 4096

_logger = logging.getLogger(__name__)


@dataclass
class InboundReply:
    """One customer message as ``cobranca.channel.whatsapp._cobranca_inbound``
    resolved it (see there)."""

    message: object
    company: object
    intent: object
    reminder: object
    move: object
    partner: object
    partners: object
    mail_message: object = field(default=None)
    #: the ``cobranca.whatsapp.message`` of a message that answers no reminder
    whatsapp_message: object = field(default=None)

    @property
    def received_date(self):
        """When the customer sent it (Meta's timestamp), else now; naive UTC."""
        if self.message.timestamp:
            return datetime.fromtimestamp(self.message.timestamp, UTC).replace(tzinfo=None)
        return fields.Datetime.now()

    @property
    def promise_date_hint(self):
        return self.intent.promise_date_hint

    @property
    def media_ids(self):
        return (self.message.media.id,) if self.message.media else ()

    @property
    def is_proof(self):
        """A photo or a document: a comprovante when the words say paid, or when
        there are no words at all (customers send the picture alone)."""
        return bool(self.message.media) and self.message.type in PROOF_TYPES


class CobrancaWhatsappInbound(models.AbstractModel):
    _name = "cobranca.whatsapp.inbound"
    _description = "Collection: WhatsApp Replies"

    def _replies(self, companies, messages):
        """One InboundReply per message, in order (see the channel's hook)."""
        if not messages:
            return []
        companies = companies.sudo()
        company = companies[:1]
        Reminder = self.env["cobranca.reminder"].sudo()
        wamids = {m.context_id or m.reaction_to for m in messages} - {""}
        reminders = Reminder.browse()
        if wamids:
            reminders = Reminder.search_fetch(
                [
                    ("provider_message_id", "in", list(wamids)),
                    ("company_id", "in", companies.ids),
                ],
                ["provider_message_id", "move_id", "partner_id", "consent_id", "step_id"],
            )
        by_wamid = {reminder.provider_message_id: reminder for reminder in reminders}
        by_number = self._partners_by_phones(
            {m.sender for m in messages if m.sender}, companies=companies
        )
        replies = []
        for message in messages:
            reminder = by_wamid.get(message.context_id or message.reaction_to, Reminder)
            partners = by_number.get(message.sender, self.env["res.partner"])
            if reminder:
                partner = reminder.move_id.commercial_partner_id
            else:  # the company's own copy of the customer before a shared contact
                own = partners.filtered("company_id")
                partner = (own or partners).commercial_partner_id[:1]
            replies.append(
                InboundReply(
                    message=message,
                    company=company,
                    intent=self._intent(company, message),
                    reminder=reminder,
                    move=reminder.move_id,
                    partner=partner,
                    partners=partners,
                )
            )
        return replies

    def _open_sessions(self, replies):
        """The customers who wrote open Meta's 24-hour customer service window: the
        time and number of their last message, per company (what
        :meth:`_session_reply` reads)."""
        latest = {}
        for reply in replies:
            message = reply.message
            if not (reply.partner and message.has_phone and message.sender):
                continue
            when = reply.received_date
            key = (reply.company.id, reply.partner.id)
            if key not in latest or when > latest[key][0]:
                latest[key] = (when, message.sender)
        for (company_id, partner_id), (when, number) in latest.items():
            partner = self.env["res.partner"].sudo().with_company(company_id).browse(partner_id)
            if not partner.cobranca_whatsapp_last_inbound or (
                when >= partner.cobranca_whatsapp_last_inbound
            ):
                partner.write(
                    {
                        "cobranca_whatsapp_last_inbound": when,
                        "cobranca_whatsapp_last_number": number,
                    }
                )

    def _session_reply(self, move, message):
        """A collector's message from the invoice chatter ("Send message", not a log
        note): when the customer wrote on WhatsApp within the last 24 hours, it goes to
        the customer as a WhatsApp text too, inside the customer's contact hours and
        daily message limit (else it is queued until they allow it:
        ``cobranca.whatsapp.message``); outside that window WhatsApp only takes
        approved templates, and the chatter says so. A customer who asked to stop
        WhatsApp messages gets none. The outcome is noted on the invoice."""
        move = move.sudo()
        company = move.company_id
        customer = move.commercial_partner_id.with_company(company)
        last, number = (
            customer.cobranca_whatsapp_last_inbound,
            customer.cobranca_whatsapp_last_number,
        )
        Whatsapp = self.env["cobranca.channel.whatsapp"]
        if not last or not number or not Whatsapp._ready(company):
            return  # the customer never wrote on WhatsApp: the chatter's email as usual
        now = fields.Datetime.now()
        if now - last > SESSION_WINDOW:
            line = _(
                "Not sent on WhatsApp: the customer last wrote on %(date)s, more than 24 "
                "hours ago. Outside that window WhatsApp only delivers approved templates.",
                date=format_datetime(self.env, last, tz=company.cobranca_tz or "America/Sao_Paulo"),
            )
            self._session_note(move, customer, line)
            return
        Consent = self.env["cobranca.consent"]
        contact = phone.from_whatsapp(number)
        partners = move.partner_id | customer
        loaded = Consent._load_decisions(company.ids, partners.ids)
        allowed, _reason, _consent, _basis = Consent._decide(
            loaded, company, partners, "whatsapp", contact
        )
        if not allowed:
            line = _("Not sent on WhatsApp: the customer asked to stop WhatsApp messages.")
            self._session_note(move, customer, line)
            return
        text = html2plaintext(message.body or "").strip()[:SESSION_TEXT_LIMIT]
        if not text:
            return
        self.env["cobranca.whatsapp.message"]._chatter_reply(move, message, number, text, last)

    def _session_note(self, move, customer, line):
        """A note on the invoice about the customer's WhatsApp session, linked to the
        customer (``partner_ids``, as Odoo logs a text message sent to a person), so
        that an erasure finds it (``cobranca.privacy._customer_messages``)."""
        move._message_log(body=Markup("<p>%s</p>") % line, partner_ids=customer.ids)

    def _intent(self, company, message):
        """The IntentResult of a message: a tap by its payload or title first."""
        if message.type in ("button", "interactive"):
            tapped = intent.button_intent(message.payload, message.text)
            if tapped:
                return intent.IntentResult(tapped, 1.0, None, (tapped,))
        if not message.text or message.type == "reaction":
            return intent.IntentResult(intent.OTHER, 0.0)
        when = None
        if message.timestamp:
            when = datetime.fromtimestamp(message.timestamp, UTC).replace(tzinfo=None)
        return intent.classify(
            message.text, today=self.env["cobranca.calendar"]._today(company, when)
        )

    def _log(self, replies):
        """The notes of ``_cobranca_inbound``: a reply to a reminder in its invoice's
        chatter (one note per invoice and author); any other message as a
        ``cobranca.whatsapp.message``, which only collection users of the company
        read (not in the chatter of the customer or of the company's contact, which
        every employee reads)."""
        loose = [reply for reply in replies if not reply.move]
        if loose:
            kept = self.env["cobranca.whatsapp.message"]._record_inbound(
                loose, [self._note(reply) for reply in loose]
            )
            for reply, record in zip(loose, kept, strict=True):
                reply.whatsapp_message = record
        groups = {}
        for reply in replies:
            if reply.move:
                author = reply.partner or reply.partners[:1]
                groups.setdefault((author.id, reply.move.id), []).append(reply)
        by_author = {}
        for (author_id, move_id), group in groups.items():
            body = Markup().join(self._note(reply) for reply in group)
            by_author.setdefault(author_id, {})[move_id] = (body, group)
        for author_id, bodies in by_author.items():
            moves = self.env["account.move"].sudo().browse(list(bodies))
            logged = moves._message_log_batch(
                {move_id: body for move_id, (body, _group) in bodies.items()},
                author_id=author_id or None,
                message_type="comment",
            )
            for note in logged:
                for reply in bodies[note.res_id][1]:
                    reply.mail_message = note

    def _intent_labels(self):
        return {
            "paid": _("says it is already paid"),
            "promise": _("promise to pay"),
            "contest": _("contests the charge"),
            "stop": _("asks to stop the messages"),
            "human": _("asks for a person"),
            "due_day": _("asks for another due day"),
            "other": _("other"),
        }

    def _note(self, reply):
        """The chatter note of one reply (customer text escaped)."""
        message = reply.message
        if message.sender:
            sender = f"+{message.sender}"
        else:
            sender = message.username or message.user_id or _("an unidentified user")
        if message.profile_name:
            sender = f"{sender} ({message.profile_name})"
        text = message.text or _("(%(type)s message)", type=message.type or "?")
        label = self._intent_labels()[reply.intent.intent]
        score = f"{reply.intent.score:.2f}"
        facts = [_("Intent: %(intent)s (%(score)s)", intent=label, score=score)]
        if reply.promise_date_hint:
            day = format_date(self.env, reply.promise_date_hint, lang_code="pt_BR")
            facts.append(_("promised for %(date)s", date=day))
        if reply.intent.due_day_hint:
            facts.append(_("day %(day)s of the month", day=reply.intent.due_day_hint))
        if "stop" in reply.intent.intents and reply.intent.intent != "stop":
            facts.append(_("also asks to stop the messages"))
        lines = [" · ".join(facts)]
        if message.media:
            lines.append(
                _(
                    "Attached %(type)s %(name)s (%(mime)s), WhatsApp media %(id)s",
                    type=message.type,
                    name=message.media.filename,
                    mime=message.media.mime_type or "?",
                    id=message.media.id,
                )
            )
        if message.location:
            lines.append(
                _(
                    "Location %(lat)s, %(lon)s",
                    lat=message.location.latitude,
                    lon=message.location.longitude,
                )
            )
        if message.errors:
            lines.append("; ".join(_meta_error_text(error) for error in message.errors))
        if not message.has_phone:
            lines.append(
                _(
                    "WhatsApp did not give the phone number: business-scoped user "
                    "%(user_id)s. Nothing can be sent back by number.",
                    user_id=message.user_id or "-",
                )
            )
        elif not reply.partner:
            lines.append(_("No customer has this number."))
        note = Markup("<p>%s</p><blockquote>%s</blockquote>") % (
            _("WhatsApp message from %(sender)s:", sender=sender),
            text,
        )
        note += Markup().join(Markup("<p>%s</p>") % line for line in lines)
        if reply.reminder:
            note += Markup("<p>%s %s</p>") % (
                _("In reply to the reminder"),
                reply.reminder._get_html_link(),
            )
        return note

    def _stop(self, companies, reply):
        message = reply.message
        number = phone.from_whatsapp(message.sender) if message.sender else None
        targets = [(partner, number) for partner in reply.partners] if number else []
        consent = reply.reminder.consent_id
        if not targets and consent:
            targets = [(consent.partner_id, consent.contact)]
        if not targets:
            _logger.info("WhatsApp stop request from an unknown sender: logged only")
            return
        Consent = self.env["cobranca.consent"].sudo()
        evidence = _(
            "WhatsApp message from %(number)s: %(text)s",
            number=message.sender or message.user_id,
            text=message.text,
        )
        for company in companies:
            for partner, contact in targets:
                Consent._cobranca_record(
                    partner,
                    "whatsapp",
                    contact,
                    "revoked",
                    "consent",
                    "whatsapp",
                    company=company,
                    evidence=evidence,
                )
        if not number:
            return
        company = companies[0]
        try:  # the customer just wrote: the 24-hour window is open
            self.env["cobranca.channel.whatsapp"]._client(company).send_text(
                message.sender,
                _(
                    "Pronto: você não receberá mais lembretes de cobrança de %(company)s por "
                    "WhatsApp.",
                    company=company.name,
                ),
            )
        except whatsapp.WhatsAppError as exc:
            _logger.warning("WhatsApp stop confirmation not sent: %s", exc.message)

    @api.model
    def _partners_by_phones(self, numbers, companies=None):
        """{number: partners whose mobile or phone it is} for WhatsApp numbers, in one
        search (ninth digit or not: see ``tools.phone.variants``). With ``companies``
        (those that own the receiving number), only the partners they may see: shared
        ones and theirs (or their parent companies'), never another company's copy
        of the same customer."""
        forms = {number: phone.variants(number) for number in numbers}
        forms = {number: variants for number, variants in forms.items() if variants}
        if not forms:
            return {}
        every = set().union(*forms.values())
        domain = [("phone_sanitized", "in", list(every))]
        for tail in {form[-8:] for form in every}:
            domain = ["|", ("phone_mobile_search", "like", tail), *domain]
        if companies is not None:
            domain = [
                "&",
                "|",
                ("company_id", "=", False),
                ("company_id", "parent_of", companies.ids),
                *domain,
            ]
        candidates = self.env["res.partner"].sudo().search(domain)
        return {
            number: candidates.filtered(
                lambda p, n=number: phone.same_number(p.mobile, n) or phone.same_number(p.phone, n)
            )
            for number in forms
        }
