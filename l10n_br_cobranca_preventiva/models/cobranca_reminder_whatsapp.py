"""WhatsApp channel: template messages through the Cloud API, and its webhook events.

Never twice: a reminder is marked ``sending`` in a transaction of its own, committed
before the HTTP request leaves, and its result is written in another one; the batch's
transaction never touches it. A worker killed in between leaves it ``sending``: the
next run marks it ``failed``/``uncertain_delivery`` for a person to check, it is never
sent again automatically. So is a read timeout or a 5xx from Meta.
"""

import logging
import unicodedata
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import SQL, format_amount, format_date

from ..tools import phone, whatsapp

_logger = logging.getLogger(__name__)

STOP_WORDS = {"PARAR", "SAIR", "STOP", "CANCELAR"}
#: A reminder left ``sending`` this long was interrupted mid-request.
STALE_SENDING = timedelta(minutes=10)
#: When the request certainly did not reach Meta, the reminder is tried again later.
RETRY_LATER = timedelta(minutes=15)


class CobrancaReminder(models.Model):
    _inherit = "cobranca.reminder"

    # ------------------------------------------------------------------ send
    def _cobranca_whatsapp_params(self):
        """The step's template parameters, in order, for this reminder's invoice."""
        self.ensure_one()
        move = self.move_id
        link = move.get_base_url() + move.get_portal_url()
        values = {
            "customer_name": move.partner_id.name or move.commercial_partner_id.name,
            "invoice_number": move.name,
            "amount": format_amount(self.env, move.amount_residual, move.currency_id, "pt_BR"),
            "due_date": format_date(self.env, move.cobranca_due_date, lang_code="pt_BR"),
            "days_to_due": str(move.cobranca_days_to_due),
            "payment_link": link,
            "pix_code": move.cobranca_pix_code or link,
            "company_name": move.company_id.name,
            "creditor": move.company_id.cobranca_creditor_identity,
            "due_phrase": move.cobranca_due_phrase,
            "payable_until": format_date(
                self.env, move.cobranca_effective_due_date, lang_code="pt_BR"
            ),
        }
        return [values[param.value] for param in self.step_id.whatsapp_param_ids]

    def _cobranca_send_whatsapp(self, now, outcome):
        for reminder in self:
            vals = outcome.values.pop(reminder.id)
            reminder._cobranca_send_one_whatsapp(vals["partner_id"], vals["phone"], now, vals)

    def _cobranca_send_one_whatsapp(self, partner_id, number, now, vals):
        self.ensure_one()
        template = self.step_id.whatsapp_template_id
        params = self._cobranca_whatsapp_params()
        registry = self.env.registry
        with registry.cursor() as cr:  # committed before the request leaves
            marked = self.with_env(self.env(cr=cr))._cobranca_mark_sending(partner_id, now, vals)
        if not marked:
            return
        result = {"state": "sent", "reason": None, "error": None, "wamid": None, "next_try": None}
        try:
            client = self.company_id._cobranca_whatsapp_client()
            result["wamid"] = client.send_template(number, template.name, template.language, params)
        except whatsapp.NotSent as exc:
            result.update(
                state="scheduled",
                next_try=now + RETRY_LATER,
                error=_("WhatsApp could not be reached, trying again later: %(e)s", e=exc.message),
            )
        except whatsapp.RateLimited as exc:
            result.update(
                state="scheduled",
                next_try=now + RETRY_LATER,
                error=_("WhatsApp asked to slow down, trying again later: %(e)s", e=exc.message),
            )
        except whatsapp.UncertainDelivery as exc:
            result.update(
                state="failed",
                reason="uncertain_delivery",
                error=_(
                    "No clear answer from WhatsApp (%(e)s): the message may have "
                    "been delivered. Check with the customer before sending "
                    "again.",
                    e=exc.message,
                ),
            )
        except whatsapp.WhatsAppError as exc:
            result.update(
                state="failed",
                reason="send_error",
                error=_(
                    "WhatsApp refused the message (code %(code)s): %(e)s",
                    code=exc.code or exc.http_status,
                    e=exc.message,
                ),
            )
        text = template._cobranca_render(params)
        with registry.cursor() as cr:
            self.with_env(self.env(cr=cr))._cobranca_store_whatsapp_result(result, text, number)
        self.invalidate_recordset()

    def _cobranca_mark_sending(self, partner_id, now, vals):
        rows = self.env.execute_query(
            SQL(
                """
                UPDATE cobranca_reminder
                   SET state = 'sending', channel = 'whatsapp', partner_id = %(partner)s,
                       sent_date = %(now)s, skip_reason = NULL, error = NULL,
                       fallback_reason = %(fallback)s, consent_id = %(consent)s,
                       legal_basis = %(basis)s,
                       write_uid = %(uid)s, write_date = now() at time zone 'UTC'
                 WHERE id = %(id)s AND state = 'scheduled'
             RETURNING id
                """,
                partner=partner_id,
                now=now,
                fallback=vals.get("fallback_reason"),
                consent=vals.get("consent_id"),
                basis=vals.get("legal_basis"),
                uid=self.env.uid,
                id=self.id,
            )
        )
        return bool(rows)

    def _cobranca_store_whatsapp_result(self, result, text, number):
        self.env.execute_query(
            SQL(
                """
                UPDATE cobranca_reminder
                   SET state = %(state)s, skip_reason = %(reason)s, error = %(error)s,
                       provider_message_id = %(wamid)s, next_try = %(next_try)s,
                       sent_date = CASE WHEN %(state)s = 'sent' THEN sent_date END
                 WHERE id = %(id)s AND state = 'sending'
                """,
                id=self.id,
                **result,
            )
        )
        if result["state"] == "sent":
            note = Markup("<p>%s</p><p>%s</p>") % (
                _("WhatsApp message sent to %(number)s:", number=number),
                text,
            )
        else:
            note = Markup("<p>%s</p>") % _(
                "WhatsApp message to %(number)s not sent: %(error)s",
                number=number,
                error=result["error"],
            )
        message = self.move_id.sudo()._message_log_batch({self.move_id.id: note})
        # the note holds the text and the number: linked, so erasure can find it
        self.env.execute_query(
            SQL(
                "UPDATE cobranca_reminder SET mail_message_id = %s WHERE id = %s",
                message.id,
                self.id,
            )
        )

    @api.model
    def _cobranca_sweep_sending(self, now=None):
        """Reminders left ``sending`` by an interrupted worker: failed, for a person."""
        limit = (now or fields.Datetime.now()) - STALE_SENDING
        self.env.execute_query(
            SQL(
                """
                UPDATE cobranca_reminder
                   SET state = 'failed', skip_reason = 'uncertain_delivery',
                       error = %s
                 WHERE state = 'sending' AND sent_date < %s
                """,
                _(
                    "The sending was interrupted: the message may have been delivered. Check "
                    "with the customer before sending again."
                ),
                limit,
            )
        )
        self.invalidate_model()

    # --------------------------------------------------------------- webhook
    @api.model
    def _cobranca_whatsapp_events(self, companies, events):
        """Apply one verified webhook change of the companies that own its phone
        number: delivery statuses of their reminders, their customers' replies."""
        self._cobranca_whatsapp_statuses(companies, events.statuses)
        for message in events.messages:
            self._cobranca_whatsapp_inbound(companies, message)

    def _cobranca_whatsapp_statuses(self, companies, statuses):
        """Move the reminders of ``companies`` along their delivery statuses.

        Statuses arrive repeated and out of order: a reminder keeps the furthest
        (``read`` > ``delivered`` > ``sent``); a late ``failed`` changes nothing once
        delivered. A message id of another company is ignored.
        """
        if not statuses:
            return
        reminders = self.search_fetch(
            [
                ("provider_message_id", "in", list({s.message_id for s in statuses})),
                ("company_id", "in", companies.ids),
            ],
            ["provider_message_id", "state", "move_id", "step_id"],
        )
        by_wamid = {reminder.provider_message_id: reminder for reminder in reminders}
        rank = whatsapp.STATUS_RANK
        changed = {}  # reminder: {"state", "skip_reason", "error"}
        for event in statuses:
            reminder = by_wamid.get(event.message_id)
            if not reminder:
                _logger.info(
                    "WhatsApp status %s for a message %s unknown to %s: ignored",
                    event.status,
                    event.message_id,
                    companies.mapped("name"),
                )
                continue
            state = changed.get(reminder, {}).get("state", reminder.state)
            if event.status == "failed":
                if state not in ("sending", "sent"):
                    continue  # delivered or read already: a late failure changes nothing
                errors = "; ".join(f"{code} {title}" for code, title in event.errors) or "-"
                changed[reminder] = {
                    "state": "failed",
                    "skip_reason": "send_error",
                    "error": _("WhatsApp could not deliver the message: %(errors)s", errors=errors),
                }
            elif event.status in rank and rank[event.status] > rank.get(state, 0):
                changed[reminder] = {**changed.get(reminder, {}), "state": event.status}
            # else: repeated or out of order, keep the furthest state
        if not changed:
            return
        items = list(changed.items())
        self.env.execute_query(
            SQL(
                """
                UPDATE cobranca_reminder r
                   SET state = v.state,
                       skip_reason = coalesce(v.skip_reason, r.skip_reason),
                       error = coalesce(v.error, r.error)
                  FROM unnest(%s::int[], %s::varchar[], %s::varchar[], %s::text[])
                       AS v(id, state, skip_reason, error)
                 WHERE r.id = v.id
                """,
                [reminder.id for reminder, _values in items],
                [values["state"] for _reminder, values in items],
                [values.get("skip_reason") for _reminder, values in items],
                [values.get("error") for _reminder, values in items],
            )
        )
        self.browse(reminder.id for reminder, _values in items).invalidate_recordset()
        labels = dict(self._fields["state"]._description_selection(self.env))
        notes = {}
        for reminder, values in items:
            note = Markup("<p>%s</p>") % _(
                "WhatsApp %(step)s: %(state)s",
                step=reminder.step_id.name,
                state=labels[values["state"]],
            )
            if values.get("error"):
                note += Markup("<p>%s</p>") % values["error"]
            notes[reminder.move_id.id] = notes.get(reminder.move_id.id, Markup()) + note
        self.env["account.move"].browse(notes).sudo()._message_log_batch(notes)

    def _cobranca_whatsapp_inbound(self, companies, message):
        """A customer's reply to one of the companies' numbers: a stop word revokes
        WhatsApp for the number that wrote (ninth digit or not), for each partner
        that has it, in these companies; a confirmation goes back."""
        word = unicodedata.normalize("NFKD", message.text or "").encode("ascii", "ignore")
        if word.decode().strip().strip(".!").upper() not in STOP_WORDS:
            return
        number = phone.from_whatsapp(message.sender)
        partners = self._cobranca_partners_by_phone(message.sender) if number else None
        if not partners:
            _logger.info("WhatsApp stop request from an unknown number: ignored")
            return
        Consent = self.env["cobranca.consent"].sudo()
        for company in companies:
            for partner in partners:
                Consent._cobranca_record(
                    partner,
                    "whatsapp",
                    number,
                    "revoked",
                    "consent",
                    "whatsapp",
                    company=company,
                    evidence=_(
                        "WhatsApp message from %(number)s: %(text)s",
                        number=message.sender,
                        text=message.text,
                    ),
                )
        company = companies[0]
        try:  # the customer just wrote: the 24-hour window is open
            company._cobranca_whatsapp_client().send_text(
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
    def _cobranca_partners_by_phone(self, number):
        """Partners whose mobile or phone is ``number``, ninth digit or not."""
        forms = phone.variants(number)
        tails = {form[-8:] for form in forms}
        if not tails:
            return self.env["res.partner"]
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM res_partner
                 WHERE active
                   AND (right(regexp_replace(coalesce(mobile, ''), '\\D', '', 'g'), 8) = ANY(%s)
                     OR right(regexp_replace(coalesce(phone, ''), '\\D', '', 'g'), 8) = ANY(%s))
                """,
                list(tails),
                list(tails),
            )
        )
        partners = self.env["res.partner"].sudo().browse(row[0] for row in rows)
        return partners.filtered(
            lambda p: phone.same_number(p.mobile, number) or phone.same_number(p.phone, number)
        )
