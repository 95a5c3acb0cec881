"""The WhatsApp conversation outside the reminders, kept where only collection users
of the company read it (not in a chatter every employee reads):

- the customers' messages that answer no reminder (``direction`` ``in``): written by
  ``cobranca.whatsapp.inbound._log``, shown on the customer's *Collection* tab (or, from
  an unknown number, in *Customers › WhatsApp Messages*);
- the collectors' free-form texts from the invoice chatter (``out``), inside Meta's
  24-hour customer service window: they leave at once inside the customer's contact
  hours and daily message limit, else they are ``queued`` and this model's cron sends
  them when both allow it, while the window is still open; when it closes first, the
  collector gets a to-do saying the text was not sent;
- the decisions told to the customer (``out``, queued by the answer addon): always
  queued, sent by the cron under the same rules.
"""

from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import SQL, format_datetime, plaintext2html

from ..tools import phone, whatsapp

#: Meta's customer service window (``whatsapp_service_window``): free-form texts only this
#: long after the customer wrote.
SESSION_WINDOW = timedelta(hours=24)
#: Queued texts looked at per cron call.
SEND_BATCH = 100
CRON = "l10n_br_cobranca_preventiva.ir_cron_cobranca_whatsapp_session"

INTENTS = [
    ("paid", "Already paid"),
    ("promise", "Promise to pay"),
    ("contest", "Contests the charge"),
    ("stop", "Asks to stop"),
    ("human", "Asks for a person"),
    ("due_day", "Asks for another due day"),
    ("other", "Other"),
]


class CobrancaWhatsappMessage(models.Model):
    _name = "cobranca.whatsapp.message"
    _description = "Collection: WhatsApp Message"
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The customer with this number (empty: no customer of the company has it).",
    )
    move_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, index=True, ondelete="cascade"
    )
    direction = fields.Selection(
        [("in", "From the customer"), ("out", "To the customer")], required=True, readonly=True
    )
    number = fields.Char(string="WhatsApp Number", readonly=True)
    body = fields.Html(string="Message", readonly=True)
    text = fields.Text(readonly=True, help="The words as the customer wrote them, or as sent.")
    intent = fields.Selection(INTENTS, readonly=True)
    state = fields.Selection(
        [
            ("received", "Received"),
            ("queued", "Queued"),
            ("sending", "Sending"),
            ("sent", "Sent"),
            ("failed", "Failed"),
            ("expired", "Not Sent: Window Closed"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    date = fields.Datetime(readonly=True, help="When it was received, or sent.")
    send_after = fields.Datetime(
        string="Leaves On",
        readonly=True,
        help="The first moment inside the customer's contact hours and daily limit.",
    )
    session_end = fields.Datetime(
        string="WhatsApp Window Closes",
        readonly=True,
        help="24 hours after the customer last wrote: a free-form text cannot go after it.",
    )
    provider_message_id = fields.Char(string="WhatsApp Message ID", readonly=True)
    error = fields.Text(readonly=True)
    user_id = fields.Many2one("res.users", string="Collector", readonly=True)
    mail_message_id = fields.Many2one(
        "mail.message", string="Chatter Message", readonly=True, ondelete="set null"
    )

    @api.depends("direction", "number", "date")
    def _compute_display_name(self):
        labels = dict(self._fields["direction"]._description_selection(self.env))
        for message in self:
            number = f"+{message.number}" if message.number else ""
            message.display_name = " ".join(filter(None, [labels.get(message.direction), number]))

    # ----------------------------------------------------------------- inbound
    @api.model
    def _record_inbound(self, replies, notes):
        """One ``in`` message per customer reply that answers no reminder
        (``cobranca.whatsapp.inbound.InboundReply``), its note as body."""
        values = [
            {
                "company_id": reply.company.id,
                "partner_id": reply.partner.id or False,
                "direction": "in",
                "number": reply.message.sender or False,
                "body": note,
                "text": reply.message.text or False,
                "intent": reply.intent.intent,
                "state": "received",
                "date": reply.received_date,
            }
            for reply, note in zip(replies, notes, strict=True)
        ]
        # sudo: written by the webhook (public route) and the system
        return self.sudo().create(values)

    # ---------------------------------------------------------------- outbound
    @api.model
    def _chatter_reply(self, move, mail_message, number, text, last_inbound):
        """A collector's chatter text inside the customer's WhatsApp window: sent now
        when the customer's contact hours are open and its daily limit not reached,
        else queued for the cron; the invoice's chatter says which."""
        now = fields.Datetime.now()
        message = self.sudo().create(
            {
                **self._outbound_values(move, number, text, last_inbound),
                "user_id": self.env.uid,
                "mail_message_id": mail_message.id,
            }
        )
        when, reason = message._plan(now)[message.id]
        if when is None:
            message._send_now()
            return message
        message.send_after = when
        self.env.ref(CRON).sudo()._trigger(at=min(when, message.session_end))
        tz = move.company_id.cobranca_tz or "America/Sao_Paulo"
        if reason == "cap":
            why = _(
                "Queued for WhatsApp: the customer already got its %(cap)s collection "
                "message(s) of the day.",
                cap=move.company_id.cobranca_daily_cap,
            )
        else:
            why = _("Queued for WhatsApp: the customer's contact hours are closed now.")
        line = _(
            "It leaves on %(date)s if the customer's WhatsApp window is still open then "
            "(it closes on %(end)s unless the customer writes again).",
            date=format_datetime(self.env, when, tz=tz),
            end=format_datetime(self.env, message.session_end, tz=tz),
        )
        move._message_log(body=Markup("<p>%s %s</p>") % (why, line))
        return message

    @api.model
    def _queue_notice(self, move, number, text, last_inbound, user):
        """A decision told to the customer inside its WhatsApp window (the answer
        addon's): queued for the cron, which sends it inside the
        customer's contact hours and daily limit, its "sending" state committed before
        the request leaves (never twice, whatever becomes of the transaction that
        decided). When the window closes first, ``user`` (the collector) gets a to-do."""
        now = fields.Datetime.now()
        message = self.sudo().create(
            {
                **self._outbound_values(move, number, text, last_inbound),
                "send_after": now,
                "user_id": user.id or False,
            }
        )
        self.env.ref(CRON).sudo()._trigger(at=now)
        return message

    @api.model
    def _outbound_values(self, move, number, text, last_inbound):
        """A text to the customer of ``move``, queued inside its WhatsApp window."""
        return {
            "company_id": move.company_id.id,
            "partner_id": move.commercial_partner_id.id,
            "move_id": move.id,
            "direction": "out",
            "number": number,
            "body": plaintext2html(text),
            "text": text,
            "state": "queued",
            "session_end": last_inbound + SESSION_WINDOW,
        }

    def _plan(self, now):
        """{id: (when, reason)}: ``(None, None)`` for the texts that may leave now (each
        counted in its customer's day), else the first moment inside the customer's
        contact hours (the company's window and the customer's state law, as the
        dispatcher's) and under the daily limit (counted as the dispatcher counts it),
        with ``"hours"`` or ``"cap"``."""
        companies = self.company_id
        closed = self.env["cobranca.calendar"]._closed_days_by_company(companies)
        days = {
            company.id: self.env["cobranca.calendar"]._window(company, frozenset())
            for company in companies
        }
        sent = self.env["cobranca.daily.cap"]._sent_today(now, companies, self.partner_id.ids)
        windows, plan = {}, {}
        for message in self:
            company, partner = message.company_id, message.partner_id
            # the customer's place: its state's hours and holidays, its city's closed days
            place = (company.id, partner._cobranca_place())
            if place not in windows:
                windows[place] = self.env["cobranca.calendar"]._partner_window(
                    company, partner, closed[company.id]
                )
            window, day = windows[place], days[company.id]
            key = (company.id, message.partner_id.id)
            capped = sent.get(key, 0) >= company.cobranca_daily_cap
            if window.is_open(now) and not capped:
                sent[key] = sent.get(key, 0) + 1
                plan[message.id] = (None, None)
                continue
            when, reason = window.next_opening(now), "hours"
            if capped and day.local_date(when) == day.local_date(now):
                when, reason = window.next_opening(day.start_of_next_day(now)), "cap"
            plan[message.id] = (when, reason)
        return plan

    def _send_now(self):
        """Send in the current transaction (the collector's request)."""
        self.ensure_one()
        now = fields.Datetime.now()
        try:
            wamid = (
                self.env["cobranca.channel.whatsapp"]
                ._client(self.company_id)
                .send_text(self.number, self.text)
            )
        except whatsapp.WhatsAppError as exc:
            values = {"state": "failed", "error": str(exc), "send_after": False}
        else:
            values = {"state": "sent", "provider_message_id": wamid, "date": now}
        self.write(values)
        self._log_outcomes()

    def _outcome_note(self):
        self.ensure_one()
        if self.state == "sent":
            line = _(
                "Also sent on WhatsApp to +%(number)s (message %(wamid)s).",
                number=self.number,
                wamid=self.provider_message_id,
            )
        else:
            line = _("Not sent on WhatsApp: %(error)s", error=self.error)
        return Markup("<p>%s</p>") % line

    # -------------------------------------------------------------------- cron
    @api.model
    def _cron_send(self, batch_size=SEND_BATCH):
        """Scheduled entry point (ir_cron_cobranca_whatsapp_session), one batch per call:
        the queued texts whose time came or whose window closed.

        The texts that go are written only by :meth:`_send_committed`'s transactions
        (this one never touches their rows, which would lock them)."""
        self = self.sudo()  # a system job over every company's queue
        now = fields.Datetime.now()
        self._sweep_sending(now)
        domain = [
            ("state", "=", "queued"),
            "|",
            ("send_after", "<=", now),
            ("session_end", "<=", now),
        ]
        due = self.search(domain, order="send_after, id", limit=batch_size)
        if not due:
            return
        sessions = due._current_sessions()
        expired = due.filtered(lambda m: sessions[m.id][0] <= now)
        expired._expire()
        waiting = due - expired
        Consent = self.env["cobranca.consent"]
        loaded = Consent._load_decisions(waiting.company_id.ids, waiting.partner_id.ids)
        stopped = waiting.filtered(
            lambda m: (
                not Consent._decide(
                    loaded,
                    m.company_id,
                    m.partner_id,
                    "whatsapp",
                    phone.from_whatsapp(sessions[m.id][1]),
                )[0]
            )
        )
        stopped.write(
            {
                "state": "failed",
                "error": _("the customer asked to stop WhatsApp messages."),
                "send_after": False,
            }
        )
        stopped._log_outcomes()
        waiting -= stopped
        plan = waiting._plan(now)
        ready = waiting.filtered(lambda m: plan[m.id][0] is None)
        later = {}
        for message in waiting - ready:
            end, number = sessions[message.id]
            later.setdefault((plan[message.id][0], end, number), []).append(message.id)
        for (when, end, number), ids in later.items():
            self.browse(ids).write({"send_after": when, "session_end": end, "number": number})
        if ready:
            ready._send_committed(now, sessions)
        self.env["ir.cron"]._notify_progress(done=len(due), remaining=self.search_count(domain))

    def _current_sessions(self):
        """{id: (window end, number)}: a customer who wrote again keeps the window open
        (its last message to this company counts, and the number it came from)."""
        sessions = {}
        for company, messages in self.grouped("company_id").items():
            for message in messages:
                customer = message.partner_id.with_company(company)
                last = customer.cobranca_whatsapp_last_inbound
                if last and last + SESSION_WINDOW > message.session_end:
                    number = customer.cobranca_whatsapp_last_number or message.number
                    sessions[message.id] = (last + SESSION_WINDOW, number)
                else:
                    sessions[message.id] = (message.session_end, message.number)
        return sessions

    def _expire(self):
        """The window closed before the text could go: not sent, the chatter says so
        and its collector gets a to-do."""
        if not self:
            return
        self.write({"state": "expired", "send_after": False})
        self._log_outcomes()
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("account.move")
        values = []
        for message in self.filtered("user_id"):
            in_lang = self.with_context(lang=message.user_id.lang or self.env.lang)
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": message.move_id.id,
                    "activity_type_id": todo.id,
                    "user_id": message.user_id.id,
                    "summary": in_lang.env._("WhatsApp message not sent"),
                    "note": in_lang._expired_line(message)
                    + Markup("<blockquote>%s</blockquote>") % message.text,
                }
            )
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(values)

    def _expired_line(self, message):
        tz = message.company_id.cobranca_tz or "America/Sao_Paulo"
        return Markup("<p>%s</p>") % self.env._(
            "Not sent on WhatsApp: the customer's WhatsApp window closed on %(end)s "
            "before its contact hours and daily limit allowed the message. Outside that "
            "window WhatsApp only delivers approved templates.",
            end=format_datetime(self.env, message.session_end, tz=tz),
        )

    def _log_outcomes(self):
        """One note per text on its invoice, linked to the customer (``partner_ids``,
        as Odoo logs a text message sent to a person: it names the number, so an
        erasure finds it)."""
        for move, messages in self.grouped("move_id").items():
            notes = Markup().join(
                self._expired_line(m) if m.state == "expired" else m._outcome_note()
                for m in messages
            )
            move.sudo()._message_log(body=notes, partner_ids=messages.partner_id.ids)

    def _send_committed(self, now, sessions):
        """Never twice: the texts are marked ``sending`` in a committed transaction of
        their own before any request leaves, their results written in another one."""
        registry = self.env.registry
        with registry.cursor() as cr:
            rows = self.env(cr=cr).execute_query(
                SQL(
                    """
                    UPDATE cobranca_whatsapp_message
                       SET state = 'sending', date = %(now)s, write_date = %(now)s
                     WHERE id = ANY(%(ids)s) AND state = 'queued'
                 RETURNING id
                    """,
                    now=now,
                    ids=self.ids,
                )
            )
        claimed = self.browse(row[0] for row in rows)
        Whatsapp = self.env["cobranca.channel.whatsapp"]
        results = {}
        for message in claimed:
            end, number = sessions[message.id]
            values = {"session_end": end, "number": number}
            try:
                wamid = Whatsapp._client(message.company_id).send_text(number, message.text)
            except (whatsapp.NotSent, whatsapp.RateLimited) as exc:
                values.update(
                    state="queued",
                    send_after=now + whatsapp.RETRY_LATER,
                    date=False,
                    error=str(exc),
                )
            except whatsapp.WhatsAppError as exc:
                values.update(state="failed", error=str(exc), send_after=False)
            else:
                values.update(state="sent", provider_message_id=wamid, error=False)
            results[message.id] = values
        with registry.cursor() as cr:
            Message = self.env(cr=cr)[self._name]
            for message_id, values in results.items():
                Message.browse(message_id).write(values)
            Message.browse(list(results)).filtered(lambda m: m.state != "queued")._log_outcomes()
        self.invalidate_recordset()

    @api.model
    def _sweep_sending(self, now):
        """Texts left ``sending`` by an interrupted run: failed, for a person."""
        stale = self.search(
            [("state", "=", "sending"), ("date", "<", now - whatsapp.STALE_SENDING)]
        )
        stale.write(
            {
                "state": "failed",
                "error": _(
                    "the sending was interrupted: the message may have been delivered. "
                    "Check with the customer before sending again."
                ),
            }
        )
        stale._log_outcomes()

    # ------------------------------------------------------------- data subject
    @api.model
    def _cobranca_export(self, persons, companies):
        """The messages of these persons in ``companies``, for the data-subject export
        (read as the caller: its access rights and record rules apply)."""
        messages = self.search(
            [("partner_id", "in", persons.ids), ("company_id", "in", companies.ids)],
            order="date, id",
        )
        return [
            {
                "company": m.company_id.name,
                "direction": m.direction,
                "date": m.date and m.date.isoformat(),
                "number": m.number or None,
                "text": m.text or None,
                "invoice": m.move_id.name or None,
                "state": m.state,
            }
            for m in messages
        ]

    @api.model
    def _cobranca_erase(self, persons, companies, notice):
        """Erase what these persons wrote or were written, in ``companies``."""
        self.env.execute_query(
            SQL(
                """
                UPDATE cobranca_whatsapp_message
                   SET body = %(notice)s, text = NULL, number = NULL
                 WHERE partner_id = ANY(%(persons)s) AND company_id = ANY(%(companies)s)
                """,
                notice=str(notice),
                persons=list(persons.ids),
                companies=list(companies.ids),
            )
        )

    @api.autovacuum
    def _gc_retention(self):
        """The conversation is kept as long as the company keeps reminder contents
        (its retention years), counted from the message."""
        self.env.execute_query(
            SQL(
                """
                DELETE FROM cobranca_whatsapp_message w
                      USING res_company c
                      WHERE c.id = w.company_id
                        AND w.state NOT IN ('queued', 'sending')
                        AND coalesce(w.date, w.create_date)
                            < %s::timestamp - make_interval(years => c.cobranca_retention_years)
                """,
                fields.Datetime.now(),
            )
        )
