"""Email channel: one email per contact and template, listing every invoice of the
customer that falls due for it, posted in the lead invoice's chatter and queued in
Odoo's mail queue (``mail.template._cobranca_render_batch`` and
``_cobranca_post_batch``: the documented fast path). Delivery: ``delivered`` when the
mail queue sent it, ``bounced`` or ``failed`` with the reason the mail server or the
bounce gave (``mail.notification``); a bounced email goes out again on the step's
fallback channel in the next run.
"""

from collections import defaultdict

from markupsafe import Markup, escape

from odoo import Command, _, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, email_normalize

from ..tools.outcome import Message


class CobrancaChannelEmail(models.AbstractModel):
    _name = "cobranca.channel.email"
    _inherit = "cobranca.channel"
    _description = "Collection Channel: Email"

    _channel = "email"
    _sequence = 10
    _default_policy = "opt_out"
    _customer_label = "e-mail"
    _partner_contact_fields = ("email",)
    _template_field = "mail_template_id"
    _notification_type = "email"
    _demo_state = "delivered"

    # ---------------------------------------------------------------- contacts
    def _contacts(self, partner):
        """The normalised addresses of the invoice partner and of its commercial
        partner, when active."""
        partner.ensure_one()
        return [
            (person, email)
            for person in partner | partner.commercial_partner_id
            if person.active and (email := email_normalize(person.email or "", strict=False))
        ]

    def _default_contact(self, partner):
        return partner.email

    def _check_step(self, step):
        if not step.mail_template_id:
            raise ValidationError(
                _(
                    "Step %(step)s of “%(ladder)s” sends an email: choose the "
                    "email template it uses.",
                    step=step.name,
                    ladder=step.regua_id.name,
                )
            )

    def _before_dispatch(self):
        self._requeue_bounced()

    def _erase_messages(self, messages):
        """Emails not sent yet never will be."""
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)])
        mails.filtered("is_notification").unlink()

    def _privacy_processors(self, company, channels):
        return [
            {
                "name": "Provedor de e-mail da empresa (servidor de saída do Odoo)",
                "role": "envio dos lembretes por e-mail",
            }
        ]

    # ----------------------------------------------------------------- targets
    def _recipient(self, reminder):
        """The invoice's billing contact when it has an email, else the customer
        (the first of ``_contacts``)."""
        candidates = self._contacts(reminder.move_id.partner_id)
        return candidates[0][0] if candidates else self.env["res.partner"]

    def _targets(self, reminders, outcome):
        """One message per (recipient, template, company): several invoices of a
        customer due for the same template go in one email. An approver's own text
        goes alone."""
        groups = defaultdict(list)
        for reminder in reminders.sorted(lambda r: (r.move_id.name or "", r.id)):
            template, chosen = reminder.step_id._cobranca_template(
                reminder.commercial_partner_id.id, "email"
            )
            recipient = self._recipient(reminder)
            if not recipient:
                outcome.set(
                    reminder,
                    "skipped",
                    "no_email",
                    _(
                        "Neither the invoice contact nor the customer %(customer)s has "
                        "an email address.",
                        customer=reminder.move_id.commercial_partner_id.display_name,
                    ),
                )
            elif not template:
                outcome.set(
                    reminder,
                    "skipped",
                    "no_template",
                    _(
                        "Step %(step)s of “%(ladder)s” has no email template (it was "
                        "deleted or removed from the step).",
                        step=reminder.step_id.name,
                        ladder=reminder.regua_id.name,
                    ),
                )
            else:
                outcome.note(reminder, partner_id=recipient.id, **chosen)
                alone = reminder.id if reminder.custom_body else 0
                key = (recipient.id, template.id, reminder.company_id.id, alone)
                groups[key].append(reminder.id)
        Reminder = self.env["cobranca.reminder"]
        return [
            Message("email", Reminder.browse(ids), partner_id=key[0], template_id=key[1])
            for key, ids in groups.items()
        ]

    # -------------------------------------------------------------------- send
    def _send(self, messages, outcome):
        by_template = defaultdict(list)
        for message in messages:
            by_template[self.env["mail.template"].browse(message.template_id)].append(message)
        for template, template_messages in by_template.items():
            self._send_template(template, template_messages, outcome)

    def _send_template(self, template, messages, outcome):
        Move = self.env["account.move"]
        leads = [message.lead.move_id.id for message in messages]
        context = {
            "cobranca_groups": tuple(
                (
                    message.lead.move_id.id,
                    tuple(dict.fromkeys(message.reminders.move_id.ids)),
                )
                for message in messages
            ),
            "cobranca_recipients": tuple(
                (message.lead.move_id.id, message.partner_id) for message in messages
            ),
            # an approver's text takes the place of the template's main paragraph
            "cobranca_custom_texts": tuple(
                (message.lead.move_id.id, message.lead.custom_body)
                for message in messages
                if message.lead.custom_body
            ),
        }
        self._ensure_portal_tokens(
            {move_id for message in messages for move_id in message.reminders.move_id.ids}
        )
        rendered, errors = template.with_context(**context)._cobranca_render_batch(leads)
        for message in messages:
            error = errors.get(message.lead.move_id.id)
            for reminder in message.reminders if error else ():
                outcome.set(
                    reminder,
                    "failed",
                    "template_error",
                    _(
                        "The email template “%(template)s” could not be rendered: %(error)s",
                        template=template.name,
                        error=error,
                    ),
                )
        sent = [message for message in messages if message.lead.move_id.id in rendered]
        posted = template._cobranca_post_batch(
            [
                (
                    message.lead.move_id,
                    rendered[message.lead.move_id.id],
                    message.partner_id,
                )
                for message in sent
            ]
        )
        self._attach_invoice_pdfs(sent, posted)
        notes = {}
        for message, (mail_message, mail) in zip(sent, posted, strict=True):
            lead = message.lead.move_id
            for reminder in message.reminders:
                outcome.set(
                    reminder,
                    "sent",
                    sent_date=outcome.now,
                    mail_message_id=mail_message.id,
                    mail_mail_id=mail.id,
                    partner_id=message.partner_id,
                    channel="email",
                )
                if reminder.move_id != lead:
                    notes[reminder.move_id.id] = Markup("<p>%s</p>") % escape(
                        _(
                            "Collection reminder %(step)s sent by email together with %(invoice)s.",
                            step=reminder.step_id.name,
                            invoice=lead.name,
                        )
                    )
        if notes:
            Move.browse(notes)._message_log_batch(notes)

    def _attach_invoice_pdfs(self, messages, posted):
        """The step's option "Attach Invoice PDF": each email carries Odoo's invoice
        report of every invoice it lists (the PDF already stored on the invoice when it
        was sent, else printed now), owned by the lead invoice. A PDF that cannot be
        printed is said in the chatter; the email goes without it."""
        wanted = [
            (message, mail_message)
            for message, (mail_message, _mail) in zip(messages, posted, strict=True)
            if message.lead.step_id.attach_invoice_pdf
        ]
        if not wanted:
            return
        Attachment = self.env["ir.attachment"].sudo()
        Report = self.env["ir.actions.report"].sudo()
        printed, problems, files = {}, {}, []
        for message, mail_message in wanted:
            lead = message.lead.move_id
            for move in message.reminders.move_id.sudo():
                if move.id not in printed:
                    stored = move.invoice_pdf_report_id
                    try:
                        with self.env.cr.savepoint():
                            printed[move.id] = (
                                stored.raw
                                if stored
                                else Report._render_qweb_pdf("account.account_invoices", move.ids)[
                                    0
                                ]
                            )
                    except Exception as exc:  # noqa: BLE001 - a report that cannot print
                        printed[move.id] = None
                        problems.setdefault(lead.id, []).append(
                            _(
                                "The PDF of %(invoice)s could not be printed, the email went "
                                "without it: %(error)s",
                                invoice=move.name,
                                error=exc,
                            )
                        )
                if printed[move.id] is not None:
                    name = "{}.pdf".format((move.name or "fatura").replace("/", "_"))
                    files.append((mail_message, name, printed[move.id], lead.id))
        # one create for every file of the batch, owned by the lead invoice
        attachments = Attachment.create(
            [
                {
                    "name": name,
                    "raw": raw,
                    "mimetype": "application/pdf",
                    "res_model": "account.move",
                    "res_id": lead_id,
                }
                for _message, name, raw, lead_id in files
            ]
        )
        by_message = {}
        for (mail_message, *_rest), attachment in zip(files, attachments, strict=True):
            by_message.setdefault(mail_message, []).append(attachment.id)
        for mail_message, ids in by_message.items():
            mail_message.sudo().attachment_ids = [Command.link(i) for i in ids]
        if problems:
            self.env["account.move"].browse(problems).sudo()._message_log_batch(
                {
                    move_id: Markup("").join(Markup("<p>%s</p>") % line for line in lines)
                    for move_id, lines in problems.items()
                }
            )

    # ------------------------------------------------------------------ status
    def _apply_status(self, notifications, companies=None):
        """The mail queue sent an email (``delivered``), or the server refused it or it
        bounced (``failed`` / ``bounced``, with the reason given)."""
        notifications = notifications.filtered(lambda n: n.notification_type == "email")
        if not notifications:
            return
        Reminder = self.env["cobranca.reminder"]
        # ``failed``: the mail queue marks its notifications failed while it sends (in
        # case a bounce arrives meanwhile), then sent: the last word wins
        reminders = Reminder.search_fetch(
            [
                ("mail_message_id", "in", notifications.mail_message_id.ids),
                ("channel", "=", "email"),
                ("state", "in", ("sent", "delivered", "failed")),
            ],
            ["mail_message_id", "partner_id", "state"],
        )
        by_message = defaultdict(list)
        for reminder in reminders:
            by_message[reminder.mail_message_id.id, reminder.partner_id.id].append(reminder)
        failure_types = dict(notifications._fields["failure_type"]._description_selection(self.env))
        changes = {}
        for notification in notifications:
            key = (notification.mail_message_id.id, notification.res_partner_id.id)
            status = notification.notification_status
            reason = notification.failure_reason or failure_types.get(notification.failure_type)
            for reminder in by_message.get(key, ()):
                if status == "sent" and reminder.state in ("sent", "failed"):
                    changes[reminder.id] = {
                        "state": "delivered",
                        "skip_reason": None,
                        "error": None,
                    }
                elif status == "bounce":
                    changes[reminder.id] = {
                        "state": "bounced",
                        "skip_reason": "bounced",
                        "error": _("The email bounced: %(reason)s", reason=reason or "-"),
                    }
                elif status == "exception" and reminder.state == "sent":
                    changes[reminder.id] = {
                        "state": "failed",
                        "skip_reason": "send_error",
                        "error": _(
                            "The email could not be sent: %(reason)s",
                            reason=reason or "-",
                        ),
                    }
        if changes:
            Reminder._set_states(changes, only_from=("sent", "delivered", "failed"))

    def _requeue_bounced(self):
        """Bounced emails of steps that have a fallback channel go out again on it in
        this run (the email never arrived: this is not a second message)."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT r.id, s.fallback_channel
                  FROM cobranca_reminder r
                  JOIN cobranca_regua_step s ON s.id = r.step_id
                 WHERE r.state = 'bounced' AND r.channel = 'email'
                   AND s.fallback_channel IS NOT NULL AND s.fallback_channel != 'email'
                """
            )
        )
        if rows:
            self.env["cobranca.reminder"]._set_states(
                {
                    reminder_id: {
                        "state": "scheduled",
                        "channel": fallback,
                        "fallback_reason": "bounced",
                        "next_try": None,
                    }
                    for reminder_id, fallback in rows
                },
                only_from=("bounced",),
            )
