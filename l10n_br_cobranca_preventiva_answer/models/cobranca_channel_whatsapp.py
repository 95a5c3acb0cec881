"""The customers' WhatsApp replies that answer a reminder: a "já paguei" (with a
proof or the file alone), a promise with a date, a contest or a due day request acts
on the invoice the reply answers, as the answer page would; a due day asked in the
same reply as another answer ("já paguei, mas quero mudar o vencimento para o dia
10") acts too, and so does a promise with its date beside a due day request ("pago
sexta, e quero mudar o vencimento para o dia 10"). The app handles a request to
stop: a reply that asks to stop does nothing else here (no due day request, no
message)."""

from markupsafe import Markup

from odoo import _, models

from odoo.addons.l10n_br_cobranca_preventiva.tools import intent

from .cobranca_answer import CobrancaAnswerError


class CobrancaChannelWhatsapp(models.AbstractModel):
    _inherit = "cobranca.channel.whatsapp"

    def _cobranca_inbound_actions(self, companies, replies):
        result = super()._cobranca_inbound_actions(companies, replies)
        for reply in replies:
            if "stop" in reply.intent.intents:
                continue  # the app revoked the consent
            if reply.intent.intent in ("paid", "promise", "contest", "due_day"):
                self._cobranca_answer(reply)
            elif reply.is_proof and not reply.message.text:
                self._cobranca_answer(reply, kind="paid")  # a comprovante sent alone
            # the due day asked besides the primary answer, and a promise with a date
            # besides a due day request (read first): each on its own savepoint, a
            # refusal of one leaves the other standing
            for kind in intent.secondary_answers(reply.intent):
                self._cobranca_answer(reply, kind=kind)
        return result

    def _cobranca_answer(self, reply, kind=None):
        """A 'já paguei', a promise with a date or a contest acts on the invoice the
        reply answers (``context.id``), through the same entry points as the answer
        page; a refused answer (a date in the past or too far, an invoice already
        paid, a second promise…) is explained in the invoice's chatter and changes
        nothing. A 'já paguei' with a photo or a PDF (or the file alone) takes it as
        the proof of payment: the claim is recorded at once, the file is downloaded
        from the Cloud API afterwards (``cobranca.whatsapp.proof``, so that the webhook
        answers Meta without waiting) and attached to the invoice and the collector's
        to-do; a file that cannot be downloaded or taken is said in the chatter."""
        move = reply.move
        if not move or move.move_type != "out_invoice":
            return  # a reply to no reminder of ours: logged in the customer's chatter
        kind = kind or reply.intent.intent
        try:
            with self.env.cr.savepoint():
                if kind == "paid":
                    # the file is downloaded after the webhook answered (Meta waits for
                    # no download): cobranca.whatsapp.proof attaches it
                    move.env["cobranca.answer"]._says_paid(
                        move,
                        "whatsapp",
                        "whatsapp",
                        note=reply.message.text,
                        proof_to_come=reply.is_proof,
                    )
                    if reply.is_proof:
                        self.env["cobranca.whatsapp.proof"]._enqueue(reply)
                elif kind == "contest":
                    move.env["cobranca.answer"]._contest(
                        move, reply.message.text, "whatsapp", "whatsapp"
                    )
                elif kind == "due_day":
                    self._cobranca_due_day(move, reply)
                elif reply.promise_date_hint:
                    move.env["cobranca.answer"]._promise(
                        move,
                        reply.promise_date_hint,
                        "whatsapp",
                        "whatsapp",
                        note=reply.message.text,
                    )
                else:
                    raise CobrancaAnswerError(
                        "date_invalid",
                        _("The customer asks for more time without a date: call to agree one."),
                    )
        except CobrancaAnswerError as refused:
            move._message_log(
                body=Markup("<p>%s</p>")
                % _(
                    "WhatsApp answer not applied: %(reason)s",
                    reason=refused.args[0] if refused.args else refused.code,
                )
            )

    def _cobranca_due_day(self, move, reply):
        """A due day request ("quero mudar o vencimento para o dia 10"): recorded for
        a person when the company offers that day; otherwise (another day, no day)
        the customer is told the days offered, on WhatsApp while its window is open."""
        move.env["cobranca.due.day.request"]._from_reply(
            move, reply.intent.due_day_hint, "whatsapp", note=reply.message.text
        )
