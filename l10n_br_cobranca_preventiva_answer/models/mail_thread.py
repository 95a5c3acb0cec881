"""Odoo's mail gateway, extended by one call: after an incoming email was posted on a
customer invoice, ``cobranca.email.inbound`` reads it (a reply to a reminder: what the
customer says, or an auto-reply to ignore)."""

from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_route_process(self, message, message_dict, routes):
        thread_id = super()._message_route_process(message, message_dict, routes)
        if message_dict.get("parent_id") and any(
            route[0] == "account.move" and route[1] for route in routes
        ):
            self.env["cobranca.email.inbound"]._reply(message, message_dict)
        return thread_id
