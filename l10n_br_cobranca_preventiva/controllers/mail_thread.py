"""The chatter's "Send message" on an invoice: marked, so that the invoice can also
send it on WhatsApp inside the customer's 24-hour window
(``account.move._message_post_after_hook``)."""

from odoo import http
from odoo.http import request

from odoo.addons.mail.controllers.thread import ThreadController


class CobrancaThreadController(ThreadController):
    @http.route()
    def mail_message_post(self, thread_model, thread_id, post_data, context=None, **kwargs):
        if thread_model == "account.move":
            request.update_context(cobranca_chatter_post=True)
        return super().mail_message_post(
            thread_model, thread_id, post_data, context=context, **kwargs
        )
