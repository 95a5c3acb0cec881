import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models

from odoo.addons.l10n_br_cobranca_preventiva.tools import whatsapp

from .cobranca_answer import MAX_PROOF_BYTES, CobrancaAnswerError

_logger = logging.getLogger(__name__)

#: Proofs downloaded per cron call (the cron is called again while some wait).
PROOF_BATCH = 20
#: Tries of a download that got no answer, a 5xx or a rate refusal, this far apart.
MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(minutes=10)
#: Done and failed downloads are forgotten after this (the file stays on the invoice).
KEEP = timedelta(days=30)


class CobrancaWhatsappProof(models.Model):
    """A proof of payment a customer sent on WhatsApp (a photo, a PDF), waiting to be
    downloaded from the Cloud API.

    The webhook must answer Meta quickly (a late 200 makes Meta deliver the
    notification again), so it records the customer's "já paguei" at once and leaves
    the file here; the cron *Collection: download the WhatsApp proofs of payment*,
    triggered right away, downloads it, checks it is a PDF or a picture and attaches
    it to the invoice and to the collector's to-do. A download without an answer, or
    refused for rate or by a server error, is tried again later (three tries); any
    other failure is said in the invoice's chatter.
    """

    _name = "cobranca.whatsapp.proof"
    _description = "Collection: WhatsApp Proof of Payment to Download"
    _order = "id"
    _rec_name = "media_id"

    company_id = fields.Many2one(
        "res.company", string="Company", required=True, readonly=True, ondelete="cascade"
    )
    move_id = fields.Many2one(
        "account.move", string="Invoice", required=True, readonly=True, ondelete="cascade"
    )
    media_id = fields.Char(string="WhatsApp Media ID", required=True, readonly=True)
    filename = fields.Char(string="File Name", readonly=True)
    mime_type = fields.Char(string="MIME Type", readonly=True)
    state = fields.Selection(
        [("pending", "To Download"), ("done", "Downloaded"), ("failed", "Failed")],
        string="Status",
        required=True,
        readonly=True,
        default="pending",
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    next_try = fields.Datetime(readonly=True)
    error = fields.Text(readonly=True)
    attachment_id = fields.Many2one(
        "ir.attachment", string="Proof", readonly=True, ondelete="set null"
    )

    # ------------------------------------------------------------------ queue
    @api.model
    def _enqueue(self, reply):
        """Keep the media of a WhatsApp ``reply`` (an ``InboundReply``) for download; not
        when its claim already has the most proofs the company takes (those waiting
        for their download count)."""
        media = reply.message.media
        move = reply.move
        kept = move.cobranca_paid_claim_activity_id.sudo().exists().filtered("active")
        kept = kept.attachment_ids
        waiting = self.sudo().search_count([("move_id", "=", move.id), ("state", "=", "pending")])
        limit = move.company_id.cobranca_proof_max_count
        if len(kept) + waiting >= limit:
            move._message_log(
                body=Markup("<p>%s</p>")
                % _(
                    "WhatsApp file %(id)s not downloaded: this payment reported already has "
                    "%(count)s proofs of payment, the most taken.",
                    id=media.id,
                    count=limit,
                )
            )
            return self.browse()
        proof = self.sudo().create(
            {
                "company_id": reply.company.id,
                "move_id": reply.move.id,
                "media_id": media.id,
                "filename": media.filename or False,
                "mime_type": media.mime_type or False,
            }
        )
        self.env.ref(
            "l10n_br_cobranca_preventiva_answer.ir_cron_cobranca_whatsapp_proofs"
        )._trigger()
        return proof

    @api.model
    def _cron_download(self, batch_size=PROOF_BATCH):
        """Download one batch of waiting proofs (ir_cron_cobranca_whatsapp_proofs)."""
        self = self.sudo()  # a system job: the company's token, every company's invoices
        now = fields.Datetime.now()
        domain = [
            ("state", "=", "pending"),
            "|",
            ("next_try", "=", False),
            ("next_try", "<=", now),
        ]
        proofs = self.search(domain, limit=batch_size)
        for proof in proofs:
            try:
                with self.env.cr.savepoint():
                    proof._download(now)
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
                _logger.warning(
                    "WhatsApp proof %s could not be kept", proof.media_id, exc_info=True
                )
                proof._fail(
                    _(
                        "The proof of payment downloaded from WhatsApp (media %(id)s) could "
                        "not be kept: %(error)s",
                        id=proof.media_id,
                        error=str(exc),
                    )
                )
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(proofs), remaining=remaining)
        later = self.search_fetch(
            [("state", "=", "pending"), ("next_try", ">", now)], ["next_try"], order="next_try"
        )[:1]
        if later:
            self.env.ref(
                "l10n_br_cobranca_preventiva_answer.ir_cron_cobranca_whatsapp_proofs"
            )._trigger(later.next_try)

    # --------------------------------------------------------------- download
    def _download(self, now):
        self.ensure_one()
        try:
            downloaded = (
                self.env["cobranca.channel.whatsapp"]
                ._client(self.company_id)
                .download_media(self.media_id, MAX_PROOF_BYTES)
            )
        except whatsapp.WhatsAppError as exc:
            _logger.warning("WhatsApp media %s not downloaded: %s", self.media_id, exc)
            transient = isinstance(exc, whatsapp.RateLimited) or (
                exc.http_status is None or exc.http_status >= 500
            )
            if transient and self.attempts + 1 < MAX_ATTEMPTS:
                self.write(
                    {
                        "attempts": self.attempts + 1,
                        "next_try": now + RETRY_AFTER,
                        "error": str(exc),
                    }
                )
                return
            self._fail(
                _(
                    "The proof of payment could not be downloaded from WhatsApp (media "
                    "%(id)s): %(error)s",
                    id=self.media_id,
                    error=str(exc),
                )
            )
            return
        # the type and the extension come from the bytes (cobranca.answer.guard)
        name = self.filename or f"comprovante-whatsapp-{self.media_id}"
        Answer = self.env["cobranca.answer"]
        move = self.move_id
        activity = move.cobranca_paid_claim_activity_id.sudo().exists()
        claim = activity if activity.active else activity.browse()
        try:
            _records, [values] = Answer._proofs([(name, downloaded.raw)], move.company_id, claim)
        except CobrancaAnswerError as refused:
            self._fail(_("WhatsApp file not kept: %(reason)s", reason=refused.args[0]))
            return
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create({**values, "res_model": "account.move", "res_id": move.id})
        )
        if claim:
            activity.attachment_ids = [fields.Command.link(attachment.id)]
        move._message_log(
            body=Answer._body(
                _("Proof of payment received on WhatsApp: %(name)s", name=attachment.name)
            ),
            author_id=Answer._author(move, "whatsapp"),
            attachment_ids=attachment.ids,
        )
        self.write(
            {
                "state": "done",
                "attempts": self.attempts + 1,
                "attachment_id": attachment.id,
                "error": False,
            }
        )

    def _fail(self, reason):
        self.move_id._message_log(body=Markup("<p>%s</p>") % reason)
        self.write({"state": "failed", "attempts": self.attempts + 1, "error": reason})

    @api.autovacuum
    def _gc_proofs(self):
        """Forget the downloads finished longer ago than ``KEEP``."""
        self.sudo().search(
            [("state", "!=", "pending"), ("write_date", "<", fields.Datetime.now() - KEEP)]
        ).unlink()
