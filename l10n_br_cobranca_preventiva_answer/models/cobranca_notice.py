"""Telling the customer what became of its answer (``cobranca.answer``), in Brazilian
Portuguese, on the channel it answered on.

What is told: an installment plan accepted (each installment, the charges or "sem
juros e multa", the total: CDC art. 52, ``credit_information``, see
``tools/notice_text.py``) or refused
(the reason, what happens next), a contest resolved (the resolution, what happens
next), a "já paguei" confirmed (the payment is reconciled) or not found (the days
given to check it passed), and an answer handed to a person instead of pausing the
reminders (``cobranca.answer.guard``). Each message identifies the creditor.

Where: an answer that came by WhatsApp is told on WhatsApp while the customer's
24-hour window is open: a free-form text queued as the collectors' chatter texts
are (``cobranca.whatsapp.message``: inside the customer's contact hours and daily
limit, sent by its cron, never twice). Outside the window WhatsApp takes approved
templates only, so the email. Any other answer (the answer page, an email, what a
clerk recorded) is told by email: a ``mail.template`` posted in the invoice's
chatter and queued in the mail queue as the reminders are, leaving inside the
customer's contact hours; the answer page shows the decision too. A channel the
consent service refuses (``cobranca.consent``, as the dispatcher decides) gets
nothing and the other one is tried; when none reaches the customer, its collector
gets a to-do with what to tell it.
"""

from collections import defaultdict
from dataclasses import dataclass

from odoo import _, api, fields, models
from odoo.tools import SQL, format_amount, format_date

from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_rules import closed_reason
from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_whatsapp_message import SESSION_WINDOW
from odoo.addons.l10n_br_cobranca_preventiva.tools import masking, notice_text, phone

#: The email template of each kind of decision.
TEMPLATES = {
    kind: f"l10n_br_cobranca_preventiva_answer.mail_template_cobranca_{kind}"
    for kind in notice_text.BODIES
}
#: The sentence (``tools.notice_text.CLOSED_SENTENCES``) of a closed invoice, by its
#: ``cobranca_rules.closed_reason`` (any other: paid).
_CLOSED_SENTENCE = {"invoice_cancelled": "cancel", "invoice_reversed": "reversed"}


@dataclass
class Notice:
    """One decision to tell: ``moves`` the invoices it is about (the first one leads:
    its chatter, its contact), ``source`` where the customer answered
    (``cobranca.promise`` sources), ``proposal`` the installment proposal decided."""

    kind: str
    moves: object
    source: str
    proposal: object = None
    #: the ``cobranca.due.day.request`` decided
    request: object = None

    @property
    def move(self):
        return self.moves[:1]

    @property
    def record(self):
        """What the email template renders."""
        return self.proposal or self.request or self.move


class CobrancaNotice(models.AbstractModel):
    _name = "cobranca.notice"
    _description = "Collection: Decisions Told to the Customer"

    # ------------------------------------------------------------ entry points
    @api.model
    def _tell_proposals(self, proposals):
        """Accepted or refused installment proposals."""
        self._tell([Notice(f"plan_{p.state}", p.move_id, p.source, p) for p in proposals])

    @api.model
    def _tell_disputes_resolved(self, moves):
        self._tell([Notice("dispute_resolved", m, m.cobranca_dispute_source) for m in moves])

    @api.model
    def _tell_paid_claims(self, moves, kind):
        """``paid_confirmed`` or ``paid_not_found``: one message per claim (the
        invoices of one "já paguei" go together)."""
        claims = moves.grouped(lambda m: m.cobranca_paid_claim_activity_id.id or -m.id)
        self._tell(
            [
                Notice(kind, group.sorted("name"), group[:1].cobranca_paid_claim_source)
                for group in claims.values()
            ]
        )

    @api.model
    def _tell_due_days(self, requests):
        """Approved or refused due day requests."""
        self._tell([Notice(f"due_day_{r.state}", r.move_id, r.source, request=r) for r in requests])

    @api.model
    def _tell_due_day_options(self, move, source):
        """The customer asked for a due day the company does not offer (or named
        none): the days it offers."""
        self._tell([Notice("due_day_options", move, source)])

    @api.model
    def _tell_handed_over(self, move, source):
        """The customer's answer goes to a person instead of pausing the reminders."""
        self._tell([Notice("handed_over", move, source)])

    # -------------------------------------------------------------- dispatching
    @api.model
    def _tell(self, notices):
        notices = [notice for notice in notices if notice.move]
        if not notices:
            return
        # sudo: the company tells its customer what its users decided (checked by the
        # callers) or what the system saw (a payment, the days of a check passed)
        self = self.sudo()
        notices = [
            Notice(
                n.kind,
                n.moves.sudo(),
                n.source,
                n.proposal and n.proposal.sudo(),
                n.request and n.request.sudo(),
            )
            for n in notices
        ]
        moves = self.env["account.move"].sudo().union(*(notice.moves for notice in notices))
        self._ensure_tokens(moves)
        loaded = self.env["cobranca.consent"]._load_decisions(
            moves.company_id.ids, (moves.partner_id | moves.commercial_partner_id).ids
        )
        emails, todos = defaultdict(list), []
        for notice in notices:
            facts = self._facts(notice)
            order = ("whatsapp", "email") if notice.source == "whatsapp" else ("email", "whatsapp")
            failures = []
            for channel in order:
                if channel == "whatsapp":
                    session, why = self._whatsapp_session(notice.move, loaded)
                    if session:
                        self._send_whatsapp(notice, facts, *session)
                        break
                else:
                    recipient, why = self._email_recipient(notice.move, loaded)
                    if recipient:
                        emails[notice.kind].append((notice, recipient, facts))
                        break
                failures.append(why)
            else:
                todos.append((notice, facts, failures))
        for kind, items in emails.items():
            todos += self._send_emails(kind, items)
        for notice, facts, failures in todos:
            self._to_do(notice, facts, failures)

    @api.model
    def _ensure_tokens(self, moves):
        """The invoices' portal tokens (their links), in one statement of this
        transaction: it holds their rows already (a payment, a decision), so the
        separate transaction of ``cobranca.channel._ensure_portal_tokens`` would wait for it."""
        missing = moves.filtered(lambda m: not m.access_token)
        if missing:
            self.env.execute_query(
                SQL(
                    "UPDATE account_move SET access_token = gen_random_uuid()::text "
                    "WHERE id = ANY(%s) AND access_token IS NULL",
                    missing.ids,
                )
            )
            missing.invalidate_recordset(["access_token"])

    @api.model
    def _email_recipient(self, move, loaded):
        """(the partner the email goes to, None), or (None, why not): the dispatcher's
        recipient (``res.partner._cobranca_contacts``) when its consent allows."""
        candidates = move.partner_id._cobranca_contacts("email")
        if not candidates:
            return None, _("email: neither the invoice contact nor the customer has an address")
        person, address = candidates[0]
        allowed, reason = self.env["cobranca.consent"]._decide(
            loaded, move.company_id, person | move.commercial_partner_id, "email", address
        )[:2]
        if not allowed:
            return None, self._refusal("email", reason)
        return person, None

    @api.model
    def _whatsapp_session(self, move, loaded):
        """((number, when the customer last wrote), None) while the customer's WhatsApp
        window is open and its consent allows, else (None, why not)."""
        company = move.company_id
        customer = move.commercial_partner_id.with_company(company)
        last = customer.cobranca_whatsapp_last_inbound
        number = customer.cobranca_whatsapp_last_number
        if not last or not number:
            return None, _("WhatsApp: the customer has not written on WhatsApp")
        if not self.env["cobranca.channel.whatsapp"]._ready(company):
            return None, _("WhatsApp: the company's WhatsApp account is not set up")
        if fields.Datetime.now() - last > SESSION_WINDOW:
            return None, _(
                "WhatsApp: the customer last wrote more than 24 hours ago, and outside that "
                "window WhatsApp only delivers approved templates"
            )
        allowed, reason = self.env["cobranca.consent"]._decide(
            loaded,
            company,
            move.partner_id | customer,
            "whatsapp",
            phone.from_whatsapp(number),
        )[:2]
        if not allowed:
            return None, self._refusal("whatsapp", reason)
        return (number, last), None

    @api.model
    def _refusal(self, channel, reason):
        if reason == "revoked":
            return (
                _("email: the customer asked to stop collection emails")
                if channel == "email"
                else _("WhatsApp: the customer asked to stop WhatsApp messages")
            )
        return (
            _("email: the customer gave no consent to collection emails")
            if channel == "email"
            else _("WhatsApp: the customer gave no consent to WhatsApp messages")
        )

    # ------------------------------------------------------------------ channels
    @api.model
    def _send_whatsapp(self, notice, facts, number, last_inbound):
        move = notice.move
        Answer = self.env["cobranca.answer"]
        text = notice_text.whatsapp_text(notice.kind, facts)
        self.env["cobranca.whatsapp.message"]._queue_notice(
            move, number, text, last_inbound, Answer._collector(move)
        )
        move._message_log(
            body=Answer._body(
                _(
                    "%(decision)s: the customer is told on WhatsApp (+%(number)s), inside "
                    "its contact hours and daily limit while its WhatsApp window is open.",
                    decision=self._labels()[notice.kind],
                    number=number,
                )
            ),
            # it names the number: linked to the customer, an erasure finds it
            partner_ids=move.commercial_partner_id.ids,
        )

    @api.model
    def _send_emails(self, kind, items):
        """Render and post the emails of one kind, as the reminders are; returns the
        to-dos of those that could not be rendered."""
        template = self.env.ref(TEMPLATES[kind], raise_if_not_found=False)
        if not template:
            why = _("email: its template was deleted")
            return [(notice, facts, [why]) for notice, _partner, facts in items]
        context = {
            "cobranca_groups": tuple(
                (notice.move.id, tuple(notice.moves.ids)) for notice, _p, _f in items
            ),
            "cobranca_recipients": tuple(
                (notice.move.id, partner.id) for notice, partner, _f in items
            ),
        }
        rendered, errors = template.with_context(**context)._cobranca_render_batch(
            [notice.record.id for notice, _p, _f in items]
        )
        todos, entries = [], []
        for notice, partner, facts in items:
            values = rendered.get(notice.record.id)
            if values is None:
                why = _(
                    "email: the template “%(template)s” could not be rendered: %(error)s",
                    template=template.name,
                    error=errors.get(notice.record.id),
                )
                todos.append((notice, facts, [why]))
            else:
                entries.append((notice.move, values, partner.id))
        posted = template.with_context(**context)._cobranca_post_batch(entries)
        self._in_contact_hours(
            [(move, mail) for (move, _v, _p), (_message, mail) in zip(entries, posted, strict=True)]
        )
        return todos

    @api.model
    def _in_contact_hours(self, pairs):
        """The emails leave inside their customers' contact hours (the window the
        reminders go out in): those decided outside wait in the mail queue."""
        if not pairs:
            return
        now = fields.Datetime.now()
        companies = self.env["res.company"].union(*(move.company_id for move, _mail in pairs))
        closed = self.env["cobranca.calendar"]._extra_closed_by_company(companies)
        windows, later = {}, defaultdict(list)
        for move, mail in pairs:
            key = (move.company_id.id, move.commercial_partner_id._cobranca_state_code())
            if key not in windows:
                windows[key] = self.env["cobranca.calendar"]._contact_window(
                    move.company_id, key[1], closed[key[0]]
                )
            if not windows[key].is_open(now):
                later[windows[key].next_opening(now)].append(mail.id)
        for when, mail_ids in later.items():
            self.env["mail.mail"].browse(mail_ids).write({"scheduled_date": when})

    @api.model
    def _to_do(self, notice, facts, failures):
        """Nothing reaches the customer: its collector is asked to tell it."""
        Answer = self.env["cobranca.answer"]
        move = notice.move
        decision = self._labels()[notice.kind]
        line = _(
            "%(decision)s: the customer could not be told (%(why)s). Tell the customer:",
            decision=decision,
            why="; ".join(failures),
        )
        text = "\n".join(notice_text.body_lines(notice.kind, facts))
        Answer._activity(
            move,
            Answer._collector(move),
            _(
                "Tell %(customer)s: %(decision)s",
                customer=move.commercial_partner_id.name,
                decision=decision,
            ),
            Answer._body(line, text=text),
            Answer._deadline(move),
        )
        move._message_log(body=Answer._body(line, text=text))

    # ------------------------------------------------------------------- content
    @api.model
    def _labels(self):
        return {
            "plan_accepted": _("Installment plan accepted"),
            "plan_refused": _("Installment plan refused"),
            "dispute_resolved": _("Contest resolved"),
            "paid_confirmed": _("Payment confirmed"),
            "paid_not_found": _("Reported payment not found"),
            "handed_over": _("Answer handed to a person"),
            "due_day_approved": _("Due day request approved"),
            "due_day_refused": _("Due day request refused"),
            "due_day_options": _("Due days offered"),
        }

    @api.model
    def _closed(self, move):
        """Why nothing is due any more (``tools.notice_text.CLOSED_SENTENCES``), or
        None for an open invoice."""
        if self.env["cobranca.answer"]._is_open(move):
            return None
        return _CLOSED_SENTENCE.get(closed_reason(move), "paid")

    @api.model
    def _facts(self, notice):
        """The values of the texts (``tools.notice_text``), formatted in pt_BR."""
        env = self.env
        move, moves = notice.move, notice.moves

        def money(amount):
            return format_amount(env, amount, move.currency_id, "pt_BR")

        def day(value):
            return value and format_date(env, value, lang_code="pt_BR")

        amounts = moves.mapped(
            "amount_total" if notice.kind == "paid_confirmed" else "cobranca_amount_due"
        )
        closed = self._closed(move)
        facts = {
            "name": masking.first_name(move.partner_id.name or move.commercial_partner_id.name),
            "creditor": move.company_id.cobranca_creditor_identity,
            "invoice": move.name,
            "invoices": notice_text.invoices_phrase(
                [(m.name, money(amount)) for m, amount in zip(moves, amounts, strict=True)]
            ),
            "several": len(moves) > 1,
            "amount_open": money(move.cobranca_amount_due),
            "resume": day(move.cobranca_resume_date),
            "closed": closed,
            "answer_url": not closed and move.cobranca_answer_url,
        }
        if notice.kind == "dispute_resolved":
            facts["reason"] = move.cobranca_dispute_resolution
        if notice.kind.startswith("due_day_"):
            days = move.company_id._cobranca_due_days()
            facts.update(
                days=notice_text.days_phrase(days) if days else "",
                day=notice.request.day if notice.request else None,
                reason=notice.request.decision_note if notice.request else None,
            )
            if notice.kind == "due_day_options":
                # where to choose, even from the page of an invoice already paid
                facts["answer_url"] = move.cobranca_answer_url
        proposal = notice.proposal
        if proposal:
            schedule = proposal._schedule()
            total = sum(amount for _day, amount in schedule)
            charges = move.currency_id.round(total - proposal.amount)
            facts.update(
                count=proposal.installment_count,
                first_date=day(proposal.first_date),
                last_date=day(proposal.last_date),
                amount_due=money(proposal.amount),
                total=money(total),
                charges=None if move.currency_id.is_zero(charges) else money(charges),
                schedule=[(day(date), money(amount)) for date, amount in schedule],
                reason=proposal.decision_note or None,
            )
        return facts

    @api.model
    def _page_decisions(self, move):
        """What the answer page shows of the decisions on the customer's answers about
        ``move``: [{"kind", "lines"}], the latest decided installment proposal, the
        resolution of the last contest and the latest due day request decided."""
        shown = []
        decided = move.cobranca_installment_ids.filtered(
            lambda p: p.state in ("accepted", "refused")
        ).sorted(lambda p: (p.decided_date or fields.Datetime.now(), p.id), reverse=True)[:1]
        if decided:
            notice = Notice(f"plan_{decided.state}", move, decided.source, decided)
            shown.append(notice)
        if not move.cobranca_dispute and move.cobranca_dispute_resolution:
            shown.append(Notice("dispute_resolved", move, move.cobranca_dispute_source))
        # sudo: the decision on what the customer asked from this invoice's page
        due_day = (
            self.env["cobranca.due.day.request"]
            .sudo()
            .search(
                [("move_id", "=", move.id), ("state", "in", ("approved", "refused"))],
                order="decided_date desc, id desc",
                limit=1,
            )
        )
        if due_day:
            shown.append(Notice(f"due_day_{due_day.state}", move, due_day.source, request=due_day))
        return [
            {"kind": n.kind, "lines": notice_text.body_lines(n.kind, self._facts(n))} for n in shown
        ]
