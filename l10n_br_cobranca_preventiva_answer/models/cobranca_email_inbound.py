"""The customers' email replies to the reminders.

A reminder email goes out with core's ``Message-Id`` and the invoice's reply-to
(the company's catchall of its alias domain, as core's ``message_post`` sets it):
the customer's reply comes back through Odoo's mail gateway, which posts it in the
invoice's chatter (``In-Reply-To``/``References``) and then calls :meth:`_reply`
(``models/mail_thread.py``). Here the reply acts, as a WhatsApp reply does: a
"já paguei" (with its attachments as the proof of payment), a promise with a date,
a contest or a due day request go through the invoice's answer entry points (a due
day the company does not offer, or none: the customer is told the days offered); a
due day asked in the same reply as another answer ("já paguei, mas quero mudar o
vencimento para o dia 10") acts too, and so does a promise with its date beside a due
day request; a request to stop revokes the email consent of
that address and does nothing else (no due day request, no message); anything else,
or an answer the company cannot take, is a to-do for the customer's collector. Auto-replies
(out-of-office, autoresponders: ``tools.email_reply.is_auto_reply``) stay in the
chatter as core posted them and do nothing else; so do replies written by the
company's own users.
"""

import logging

from markupsafe import Markup

from odoo import _, api, models
from odoo.tools import email_normalize, html2plaintext

from odoo.addons.l10n_br_cobranca_preventiva.tools import email_reply, intent

from .cobranca_answer import CobrancaAnswerError

_logger = logging.getLogger(__name__)


class CobrancaEmailInbound(models.AbstractModel):
    _name = "cobranca.email.inbound"
    _description = "Collection: Email Replies"

    @api.model
    def _reply(self, message, message_dict):
        """An email the gateway posted in reply to ``message_dict["parent_id"]``."""
        Reminder = self.env["cobranca.reminder"].sudo()
        reminder = Reminder.search(
            [("mail_message_id", "=", message_dict["parent_id"]), ("channel", "=", "email")],
            limit=1,
        )
        if not reminder:
            return  # a reply to something else than a reminder: core's business
        if email_reply.is_auto_reply(message, message_dict.get("subject")):
            _logger.info("Auto-reply to reminder %s ignored", reminder.id)
            return
        author = self.env["res.partner"].sudo().browse(message_dict.get("author_id") or ())
        if author.user_ids.filtered(lambda user: not user.share):
            return  # a colleague answered in the thread
        move = reminder.move_id.sudo()
        posted = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("message_id", "=", message_dict.get("message_id")),
                    ("model", "=", "account.move"),
                    ("res_id", "=", move.id),
                ],
                limit=1,
            )
        )
        text = self._customer_words(message_dict.get("body"), reminder.mail_message_id)
        company = move.company_id
        result = (
            intent.classify(text, today=self.env["cobranca.calendar"]._today(company))
            if text
            else None
        )
        kind = result.intent if result else intent.OTHER
        if result and "stop" in result.intents:
            self._stop(reminder, message_dict)
            return
        # the primary answer, then the due day asked besides it and a promise with a
        # date besides a due day request (read first): each on its own savepoint, a
        # refusal of one leaves the others standing and is the collector's to-do
        problems, acted = [], {}
        for answer in (kind, *intent.secondary_answers(result)):
            try:
                with self.env.cr.savepoint():
                    acted[answer] = self._act(answer, move, result, text, posted)
            except CobrancaAnswerError as refused:
                problems.append(refused.args[0] if refused.args else refused.code)
        if not acted.get(kind) or problems:
            self._to_do(move, reminder, posted, "; ".join(map(str, problems)) or None)

    @api.model
    def _act(self, answer, move, result, text, posted):
        """Act on one answer of the reply through the invoice's answer entry points;
        False when there is nothing to act on (another intent, a promise without a
        date, a due day the company does not offer days for). Raises
        ``CobrancaAnswerError`` when the answer is refused."""
        Answer = move.env["cobranca.answer"]
        if answer == intent.PAID:
            Answer._says_paid(move, "email", "email", attachments=self._proofs(posted), note=text)
        elif answer == intent.CONTEST:
            Answer._contest(move, text, "email", "email")
        elif answer == intent.DUE_DAY:
            return move.env["cobranca.due.day.request"]._from_reply(
                move, result.due_day_hint, "email", note=text
            )
        elif answer == intent.PROMISE and result.promise_date_hint:
            Answer._promise(move, result.promise_date_hint, "email", "email", note=text)
        else:
            return False
        return True

    @api.model
    def _customer_words(self, body, sent=None):
        """What the customer wrote in a reply's ``body`` (the HTML the gateway parsed):
        the quotes core's detection marked and the ones the text shows are left out,
        and so is every line of ``sent`` (the reminder's ``mail.message``), whatever
        quote markers survived: the reminder is never read back as the answer."""
        text = html2plaintext(email_reply.strip_quoted_html(body or ""))
        sent_text = ""
        if sent:
            sent = sent.sudo()
            sent_text = "\n".join([sent.subject or "", html2plaintext(sent.body or "")])
        return email_reply.customer_text(text, sent_text)

    @api.model
    def _proofs(self, posted):
        """The reply's attachments that can be a proof of payment (what
        ``cobranca.answer`` takes: a PDF or a picture, not too large), leaving out the
        inline images of a signature."""
        Answer = self.env["cobranca.answer"]
        proofs = self.env["ir.attachment"]
        for attachment in posted.attachment_ids.sudo():
            if attachment.name.lower().startswith(("image0", "outlook-", "logo")):
                continue
            try:
                Answer._proofs(attachment)
            except CobrancaAnswerError:
                continue
            proofs |= attachment
        return proofs

    @api.model
    def _to_do(self, move, reminder, posted, problem=None):
        """A to-do for the collector: read the reply (and why it did not act)."""
        Answer = self.env["cobranca.answer"]
        lines = [
            _(
                "The customer replied by email to the reminder %(step)s of %(invoice)s: "
                "read the reply in the invoice's chatter.",
                step=reminder.step_id.name,
                invoice=move.name,
            )
        ]
        if problem:
            lines.append(_("Not applied: %(reason)s", reason=problem))
        Answer._activity(
            move,
            Answer._collector(move),
            _("Email reply from %(customer)s", customer=move.commercial_partner_id.name),
            Markup("").join(Markup("<p>%s</p>") % line for line in lines),
            Answer._deadline(move),
        )

    @api.model
    def _stop(self, reminder, message_dict):
        """A request to stop ("parar", "não quero mais receber") by email: the email
        consent of the address that wrote is revoked, for the reminder's customer and
        company."""
        contact = (message_dict.get("email_from") or "").strip()
        partner = reminder.partner_id or reminder.move_id.partner_id
        address = email_normalize(contact) or reminder.consent_id.contact
        if not address:
            return
        self.env["cobranca.consent"]._cobranca_record(
            partner,
            "email",
            address,
            "revoked",
            "consent",
            "email",
            company=reminder.company_id,
            evidence=_(
                "Email reply from %(address)s: %(subject)s",
                address=address,
                subject=message_dict.get("subject") or "-",
            ),
        )
