"""Email and activity channels of the dispatcher, in batches.

Email: reminders of one customer sharing a template go out as one message listing
their invoices. Templates are rendered in batch (``_generate_template``), then the
chatter messages, the queued mail.mail and their notifications are created with one
``create`` each — Odoo's mail queue sends them. Activity: one call/to-do per invoice
for the customer's collector.
"""

import logging
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import _, models
from odoo.tools import SQL, format_amount, format_date, html_sanitize

_logger = logging.getLogger(__name__)

_RENDER_FIELDS = ("subject", "body_html", "email_from", "reply_to", "mail_server_id")


class CobrancaReminder(models.Model):
    _inherit = "cobranca.reminder"

    # ------------------------------------------------------------------ email
    def _cobranca_email_recipient(self):
        """The invoice's billing contact when it has an email, else the customer
        (the first of the invoice partner's ``_cobranca_contacts``)."""
        self.ensure_one()
        candidates = self.move_id.partner_id._cobranca_contacts("email")
        return candidates[0][0] if candidates else self.env["res.partner"]

    def _cobranca_email_groups(self, outcome):
        """Lists of reminders that go out as one email (same contact and template)."""
        groups = defaultdict(list)
        for reminder in self.sorted(lambda r: (r.move_id.name or "", r.id)):
            template = reminder.step_id.mail_template_id
            recipient = reminder._cobranca_email_recipient()
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
                outcome.update(reminder, partner_id=recipient.id)
                # an approver's own text goes alone, in its own email
                alone = reminder.id if reminder.custom_body else 0
                groups[(recipient.id, template.id, reminder.company_id.id, alone)].append(reminder)
        return list(groups.values())

    def _cobranca_ensure_portal_tokens(self, move_ids):
        """Give the invoices their portal token in one query before rendering links.

        ``get_portal_url()`` would otherwise write each token through
        ``account.move.write``, which re-synchronises every invoice one by one.
        """
        self.env.execute_query(
            SQL(
                """
                UPDATE account_move SET access_token = gen_random_uuid()::text
                 WHERE id = ANY(%s) AND access_token IS NULL
                """,
                list(move_ids),
            )
        )
        self.env["account.move"].invalidate_model(["access_token"])

    def _cobranca_render_groups(self, template, groups, outcome):
        """{group index: rendered values}; a group that fails to render is failed."""
        self._cobranca_ensure_portal_tokens({r.move_id.id for group in groups for r in group})
        leads = [group[0].move_id.id for group in groups]
        context_groups = tuple(
            (group[0].move_id.id, tuple(dict.fromkeys(r.move_id.id for r in group)))
            for group in groups
        )
        recipients = tuple(
            (group[0].move_id.id, outcome.values[group[0].id]["partner_id"]) for group in groups
        )
        # an approver's text takes the place of the template's main paragraph
        custom_texts = tuple(
            (group[0].move_id.id, group[0].custom_body) for group in groups if group[0].custom_body
        )
        template = template.with_context(
            cobranca_groups=context_groups,
            cobranca_recipients=recipients,
            cobranca_custom_texts=custom_texts,
            cobranca_compile_once=True,
        )
        try:
            with self.env.cr.savepoint():
                values = template._generate_template(leads, _RENDER_FIELDS)
            return {index: values[lead] for index, lead in enumerate(leads)}
        except Exception:  # noqa: BLE001 - isolate the group that breaks below
            _logger.info("Batch rendering of %s failed, rendering one by one", template)
        rendered = {}
        for index, lead in enumerate(leads):
            try:
                with self.env.cr.savepoint():
                    rendered[index] = template._generate_template([lead], _RENDER_FIELDS)[lead]
            except Exception as exc:  # noqa: BLE001 - a broken template fails its reminders
                for reminder in groups[index]:
                    outcome.set(
                        reminder,
                        "failed",
                        "template_error",
                        _(
                            "The email template “%(template)s” could not be rendered: %(error)s",
                            template=template.name,
                            error=exc,
                        ),
                    )
        return rendered

    def _cobranca_send_email_groups(self, groups, now, outcome):
        by_template = defaultdict(list)
        for group in groups:
            by_template[group[0].step_id.mail_template_id].append(group)
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        for template, template_groups in by_template.items():
            rendered = self._cobranca_render_groups(template, template_groups, outcome)
            if not rendered:
                continue
            sent = [(template_groups[index], values) for index, values in rendered.items()]
            bodies = self._cobranca_sanitize_bodies(
                [values.get("body_html") for _g, values in sent]
            )
            message_vals, mail_vals = [], []
            for (group, values), body in zip(sent, bodies, strict=True):
                lead = group[0]
                recipient_id = outcome.values[lead.id]["partner_id"]
                author = lead.company_id.partner_id
                email_from = values.get("email_from") or author.email_formatted
                message_vals.append(
                    {
                        "model": "account.move",
                        "res_id": lead.move_id.id,
                        "message_type": "comment",
                        "subtype_id": subtype_id,
                        "subject": values.get("subject"),
                        "author_id": author.id,
                        "email_from": email_from,
                        "reply_to": values.get("reply_to") or email_from,
                        "partner_ids": [(4, recipient_id)],
                        "record_company_id": lead.company_id.id,
                    }
                )
                mail_vals.append(
                    {
                        "body_html": body,
                        "recipient_ids": [(4, recipient_id)],
                        "state": "outgoing",
                        "auto_delete": template.auto_delete,
                        "is_notification": True,
                        "mail_server_id": values.get("mail_server_id") or False,
                    }
                )
            messages = self.env["mail.message"].sudo().create(message_vals)
            self._cobranca_set_bodies(messages, bodies)
            for vals, message in zip(mail_vals, messages, strict=True):
                vals["mail_message_id"] = message.id
            mails = self.env["mail.mail"].sudo().create(mail_vals)
            self.env["mail.notification"].sudo().create(
                [
                    {
                        "mail_message_id": message.id,
                        "mail_mail_id": mail.id,
                        "res_partner_id": outcome.values[group[0].id]["partner_id"],
                        "author_id": message.author_id.id,
                        "notification_type": "email",
                        "notification_status": "ready",
                        "is_read": True,
                    }
                    for (group, _values), message, mail in zip(sent, messages, mails, strict=True)
                ]
            )
            notes = {}
            for (group, _values), message, mail in zip(sent, messages, mails, strict=True):
                for reminder in group:
                    outcome.set(
                        reminder,
                        "sent",
                        sent_date=now,
                        mail_message_id=message.id,
                        mail_mail_id=mail.id,
                        partner_id=outcome.values[reminder.id]["partner_id"],
                        channel="email",
                    )
                    if reminder.move_id != group[0].move_id:
                        notes[reminder.move_id.id] = _(
                            "Collection reminder %(step)s sent by email together with %(invoice)s.",
                            step=reminder.step_id.name,
                            invoice=group[0].move_id.name,
                        )
            if notes:
                moves = self.env["account.move"].browse(notes)
                moves._message_log_batch(
                    {move_id: Markup("<p>%s</p>") % escape(body) for move_id, body in notes.items()}
                )

    def _cobranca_sanitize_bodies(self, bodies):
        """The rendered bodies, sanitised as ``mail.message.body`` is on an ORM write.

        They are written by SQL below (which skips the field's sanitiser) and sent as
        they are: a template edited with a script, or an approver's text, must reach
        neither the chatter, nor the portal, nor the customer's mailbox.
        """
        field = self.env["mail.message"]._fields["body"]
        options = {
            "silent": True,
            "sanitize_tags": field.sanitize_tags,
            "sanitize_attributes": field.sanitize_attributes,
            "sanitize_style": field.sanitize_style,
            "sanitize_form": field.sanitize_form,
            "strip_style": field.strip_style,
            "strip_classes": field.strip_classes,
        }
        return [html_sanitize(str(body or ""), **options) for body in bodies]

    def _cobranca_set_bodies(self, messages, bodies):
        """Store the sanitised bodies of the chatter messages in one statement (the ORM
        would sanitise each body twice more, ~2 ms a message)."""
        self.env.execute_query(
            SQL(
                """
                UPDATE mail_message m SET body = v.body
                  FROM unnest(%s::int[], %s::text[]) AS v(id, body)
                 WHERE m.id = v.id
                """,
                messages.ids,
                [str(body or "") for body in bodies],
            )
        )
        messages.invalidate_recordset(["body"])

    # --------------------------------------------------------------- activity
    def _cobranca_collector(self):
        self.ensure_one()
        move = self.move_id
        return move.commercial_partner_id._cobranca_collector(self.company_id, move.invoice_user_id)

    def _cobranca_create_activities(self, now, outcome):
        model_id = self.env["ir.model"]._get_id("account.move")
        vals_list, created = [], []
        closed = self.company_id._cobranca_extra_closed_by_company()
        windows = {}  # (company, customer's state) -> combined window
        for reminder in self:
            activity_type = reminder.step_id.activity_type_id
            user = reminder._cobranca_collector()
            if not activity_type:
                outcome.set(
                    reminder,
                    "skipped",
                    "no_activity_type",
                    _(
                        "Step %(step)s of “%(ladder)s” has no activity type (it was deleted).",
                        step=reminder.step_id.name,
                        ladder=reminder.regua_id.name,
                    ),
                )
                continue
            if not user:
                outcome.set(
                    reminder,
                    "failed",
                    "no_responsible",
                    _(
                        "Nobody to assign the call to: set a collector or a salesperson on "
                        "the customer or the invoice, or the collection responsible in the "
                        "settings."
                    ),
                )
                continue
            move = reminder.move_id
            company = reminder.company_id
            state = move.commercial_partner_id._cobranca_state_code()
            if (company.id, state) not in windows:
                windows[company.id, state] = company._cobranca_contact_window(
                    state, closed[company.id]
                )
            window = windows[company.id, state]
            # a day both the company and the debtor may be called on, not before today
            start = max(now, window.day_start(reminder.scheduled_date))
            deadline = window.local_date(window.next_opening(start))
            in_lang = reminder.with_context(lang=user.lang or self.env.lang)
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": move.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "date_deadline": deadline,
                    "summary": in_lang.env._(
                        "Collection %(step)s: %(invoice)s",
                        step=reminder.step_id.name,
                        invoice=move.name,
                    ),
                    "note": in_lang._cobranca_activity_note(company._cobranca_state_rule(state)),
                }
            )
            created.append(reminder)
        if not vals_list:
            return
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )
        for reminder, activity in zip(created, activities, strict=True):
            outcome.set(
                reminder,
                "sent",
                sent_date=now,
                activity_id=activity.id,
                channel="activity",
            )

    def _cobranca_activity_note(self, rule):
        """The call to-do's note, in the language of ``self.env``: what to say and
        when the law lets the collector call this customer (``rule``: the contact
        rule of the customer's state)."""
        self.ensure_one()
        _ = self.env._
        move = self.move_id
        customer = move.commercial_partner_id
        # the numbers a call may use: the same list the opt-out page shows
        numbers = [number for _partner, number in move.partner_id._cobranca_contacts("phone")]
        phone = ", ".join(dict.fromkeys(numbers))
        items = [
            _("Customer: %(name)s %(phone)s", name=customer.display_name, phone=phone),
            _("Amount due: %(amount)s", amount=self._cobranca_format_amount()),
            _("Due date: %(date)s", date=self._cobranca_format_date(move.cobranca_due_date)),
            self._cobranca_contact_hours_text(rule),
        ]
        if rule.tz != self.company_id.cobranca_tz:
            items.append(_("These hours are the customer's local time (%(tz)s).", tz=rule.tz))
        return Markup("<p>%s</p><ul>%s</ul>") % (
            _(
                "Call the customer about this invoice (step %(step)s of the ladder).",
                step=self.step_id.name,
            ),
            Markup().join(Markup("<li>%s</li>") % item for item in items),
        )

    def _cobranca_contact_hours_text(self, rule):
        """The legal contact hours of ``rule`` in one sentence, such as "Call between
        08:00 and 20:00 Mon–Fri, … (SP, Lei SP 15.426/2014, art. 2º)."""
        _ = self.env._
        state = rule.state or _("no Brazilian state")
        law = rule.law if rule.own_law else _("%(law)s, applied by default", law=rule.law)
        hours = {
            "start": rule.weekday[0].strftime("%H:%M"),
            "end": rule.weekday[1].strftime("%H:%M"),
            "state": state,
            "law": law,
        }
        if rule.saturday:
            return _(
                "Call between %(start)s and %(end)s Mon–Fri, %(sat_start)s–%(sat_end)s Sat, "
                "never on Sundays or holidays (%(state)s, %(law)s).",
                sat_start=rule.saturday[0].strftime("%H:%M"),
                sat_end=rule.saturday[1].strftime("%H:%M"),
                **hours,
            )
        return _(
            "Call between %(start)s and %(end)s Mon–Fri, never on weekends or holidays "
            "(%(state)s, %(law)s).",
            **hours,
        )

    def _cobranca_format_amount(self):
        return format_amount(self.env, self.move_id.amount_residual, self.move_id.currency_id)

    def _cobranca_format_date(self, day):
        return format_date(self.env, day)
