"""What Meta says about the messages we sent, applied to the reminders: the answer
to a send request (a message id, or an error and what it means: try again later,
uncertain delivery, refused), the webhook's delivery statuses, and the administrator's
to-do when Meta refuses the account's access token.

The WhatsApp channel (``cobranca.channel.whatsapp``) sends; this service decides what
each answer or status makes of a reminder, so that the send request and the webhook
read Meta's errors the same way (``RETRY_LATER``, rate limits).
"""

import logging
from datetime import UTC, datetime

from markupsafe import Markup

from odoo import _, fields, models

from ..tools import whatsapp
from ..tools.whatsapp_webhook import meta_error_text

_logger = logging.getLogger(__name__)


class CobrancaWhatsappDelivery(models.AbstractModel):
    _name = "cobranca.whatsapp.delivery"
    _description = "Collection: WhatsApp Delivery"

    def _result(self, wamid, error, now):
        """The reminder's new values from Meta's answer (a message id or an error)."""
        if error is None:
            return {"state": "sent", "provider_message_id": wamid}
        if not isinstance(error, whatsapp.WhatsAppError):
            # a failure of our own side: whether the request left is unknown
            _logger.error("WhatsApp request failed unexpectedly", exc_info=error)
            error = whatsapp.UncertainDelivery(str(error))
        return self._error_result(error, now)

    def _error_result(self, error, now):
        """The reminder's new values after Meta's (or the network's) ``error``."""
        try:
            raise error
        except whatsapp.NotSent as exc:
            return {
                "state": "scheduled",
                "next_try": now + whatsapp.RETRY_LATER,
                "sent_date": None,
                "error": _("WhatsApp could not be reached, trying again later: %(e)s", e=exc),
            }
        except whatsapp.RateLimited as exc:
            return {
                "state": "scheduled",
                "next_try": now + whatsapp.RETRY_LATER,
                "sent_date": None,
                "error": _("WhatsApp asked to slow down, trying again later: %(e)s", e=exc),
            }
        except whatsapp.AuthError as exc:
            return {
                "state": "scheduled",
                "next_try": now + whatsapp.RETRY_LATER,
                "sent_date": None,
                "error": _(
                    "WhatsApp refused the access token (%(e)s): nothing was sent, the "
                    "message waits for an administrator to renew the token.",
                    e=exc,
                ),
            }
        except whatsapp.UncertainDelivery as exc:
            return {
                "state": "failed",
                "skip_reason": "uncertain_delivery",
                "sent_date": None,
                "error": _(
                    "No clear answer from WhatsApp (%(e)s): the message may have been "
                    "delivered. Check with the customer before sending again.",
                    e=exc,
                ),
            }
        except whatsapp.WhatsAppError as exc:
            return {
                "state": "failed",
                "skip_reason": "send_error",
                "sent_date": None,
                "error": _(
                    "WhatsApp refused the message (code %(code)s): %(e)s",
                    code=exc.code or exc.http_status,
                    e=exc,
                ),
            }

    def _alert_token(self, company, error):
        """One activity for an administrator of ``company`` when Meta refuses its
        access token (code 190, HTTP 401), on the company's contact: none is added
        while one is open, whatever the number of runs and reminders."""
        activity_type = self.env.ref(
            "l10n_br_cobranca_preventiva.mail_activity_type_cobranca_whatsapp_token"
        )
        partner = company.partner_id.sudo()
        if (
            self.env["mail.activity"]
            .sudo()
            .search_count(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", partner.id),
                    ("activity_type_id", "=", activity_type.id),
                ],
                limit=1,
            )
        ):
            return
        admins = (
            self.env.ref("base.group_system")
            .sudo()
            .users.filtered(lambda user: company in user.company_ids and not user.share)
        )
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        user = admin if admin and admin in admins else admins.sorted("id")[:1]
        partner.with_context(mail_activity_quick_update=True).activity_schedule(
            activity_type_id=activity_type.id,
            user_id=user.id or self.env.uid,
            summary=_("Renew the WhatsApp access token"),
            note=Markup("<p>%s</p>")
            % _(
                "WhatsApp refused the access token of %(company)s (%(error)s). The "
                "reminders wait, scheduled: renew the token in Invoicing settings, "
                "WhatsApp account, then mark this activity done.",
                company=company.name,
                error=error,
            ),
        )

    def _statuses(self, companies, statuses):
        """Move the reminders of ``companies`` along their delivery statuses.

        Statuses arrive repeated and out of order: a reminder keeps the furthest
        (``read`` > ``delivered`` > ``sent``); a late ``failed`` changes nothing once
        delivered. A message id of another company is ignored.
        """
        if not statuses:
            return
        Reminder = self.env["cobranca.reminder"]
        reminders = Reminder.search_fetch(
            [
                ("provider_message_id", "in", list({s.message_id for s in statuses})),
                ("company_id", "in", companies.ids),
            ],
            ["provider_message_id", "state", "move_id", "step_id"],
        )
        by_wamid = {reminder.provider_message_id: reminder for reminder in reminders}
        rank = whatsapp.STATUS_RANK
        now = fields.Datetime.now()
        changes = {}
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
            state = changes.get(reminder.id, {}).get("state", reminder.state)
            if event.status == "failed":
                if state not in ("sending", "sent"):
                    continue  # delivered or read already: a late failure changes nothing
                errors = "; ".join(meta_error_text(error) for error in event.errors) or "-"
                if any(error.code in whatsapp.RATE_LIMIT_CODES for error in event.errors):
                    # refused for rate: not delivered, so it may go again, later
                    changes[reminder.id] = {
                        "state": "scheduled",
                        "next_try": now + whatsapp.RETRY_LATER,
                        "sent_date": None,
                        "provider_message_id": None,
                        "error": _(
                            "WhatsApp did not deliver the message for rate (%(errors)s): "
                            "trying again later.",
                            errors=errors,
                        ),
                    }
                    continue
                changes[reminder.id] = {
                    "state": "failed",
                    "skip_reason": "send_error",
                    "error": _(
                        "WhatsApp could not deliver the message: %(errors)s",
                        errors=errors,
                    ),
                }
            elif event.status in rank and rank[event.status] > rank.get(state, 0):
                changes[reminder.id] = {
                    **changes.get(reminder.id, {}),
                    "state": event.status,
                }
                if event.status == "read":
                    # when the customer read it (Meta's time): the send hour learns from it
                    changes[reminder.id]["read_date"] = (
                        datetime.fromtimestamp(event.timestamp, UTC).replace(tzinfo=None)
                        if event.timestamp
                        else fields.Datetime.now()
                    )
        if not changes:
            return
        Reminder._set_states(changes)
        labels = dict(Reminder._fields["state"]._description_selection(self.env))
        notes = {}
        for reminder in reminders.filtered(lambda r: r.id in changes):
            values = changes[reminder.id]
            note = Markup("<p>%s</p>") % _(
                "WhatsApp %(step)s: %(state)s",
                step=reminder.step_id.name,
                state=labels[values["state"]],
            )
            if values.get("error"):
                note += Markup("<p>%s</p>") % values["error"]
            notes[reminder.move_id.id] = notes.get(reminder.move_id.id, Markup()) + note
        self.env["account.move"].browse(notes).sudo()._message_log_batch(notes)
