"""The email fast path posts what core's ``message_post_with_source`` posts for the same
template and invoice: an Odoo update that changes core's result fails here."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from ..models import mail_template
from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestMailFastPath(CobrancaCommon):
    def attachments(self, message):
        """Name, type and, for a stored file, its content (a PDF printed twice differs
        in its creation date)."""
        return sorted(
            (a.name, a.mimetype, a.checksum if a.name.startswith("condicoes") else None)
            for a in message.attachment_ids
        )

    def notifications(self, message):
        return sorted(
            (n.res_partner_id.id, n.notification_type, n.notification_status, n.is_read)
            for n in message.notification_ids
        )

    def test_fast_path_posts_what_core_posts(self):
        template = self.template_before_due.copy({"name": "Lembrete com anexo"})
        template.write(
            {
                "attachment_ids": [
                    Command.create(
                        {
                            "name": "condicoes-gerais.pdf",
                            "raw": b"%PDF-1.4 condicoes gerais de venda",
                            "res_model": "mail.template",
                        }
                    )
                ],
                "report_template_ids": [
                    Command.link(
                        self.env.ref(
                            "l10n_br_cobranca_preventiva.action_report_cobranca_formal_notice"
                        ).id
                    )
                ],
            }
        )
        with freeze_time(self.sp_time("2026-03-02 09:00")):
            move = self.make_invoice("2026-03-16", invoice_date=date(2026, 3, 2))
        with freeze_time(self.sp_time("2026-03-09 10:00")):
            # queued, as the dispatcher queues (core sends small batches at once)
            Move = move.with_context(force_report_rendering=True, mail_notify_force_send=False)
            core = Move.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            rendered, errors = template.with_context(
                force_report_rendering=True
            )._cobranca_render_batch(move.ids)
            self.assertFalse(errors)
            [(fast, mail)] = template._cobranca_post_batch(
                [(move, rendered[move.id], move.partner_id.id)]
            )
        self.assertTrue(core.body and "Passando para lembrar" in core.body)
        self.assertEqual(fast.body, core.body)
        self.assertEqual(fast.subject, core.subject)
        self.assertEqual((fast.model, fast.res_id), (core.model, core.res_id))
        self.assertEqual((fast.message_type, fast.subtype_id), (core.message_type, core.subtype_id))
        self.assertEqual(fast.partner_ids, core.partner_ids)
        self.assertEqual(fast.partner_ids, self.customer)
        self.assertEqual(self.notifications(fast), self.notifications(core))
        self.assertEqual(len(self.attachments(core)), 2)  # the template's file, the report
        self.assertEqual(self.attachments(fast), self.attachments(core))
        # what the fast path queues is what it shows in the chatter
        self.assertEqual(mail.body_html, fast.body)
        self.assertEqual(mail.recipient_ids, fast.partner_ids)
        self.assertEqual(mail.attachment_ids, fast.attachment_ids)
        self.assertEqual(mail.state, "outgoing")

    def test_inline_fields_render_through_core_without_safe_eval_internals(self):
        """A later Odoo that renames safe_eval's private opcodes and builtins: the
        subject, sender and reply-to render through core, the same text."""
        with freeze_time(self.sp_time("2026-03-02 09:00")):
            moves = self.make_invoice("2026-03-16") | self.make_invoice("2026-03-20")
        template = self.template_before_due.with_context(cobranca_compile_once=True)
        fields = ("subject", "email_from", "reply_to")
        with freeze_time(self.sp_time("2026-03-09 10:00")):
            once = {f: template._render_field(f, moves.ids) for f in fields}
            with patch.object(mail_template, "_SAFE_OPCODES", None):
                with patch.object(
                    mail_template, "unsafe_eval", side_effect=AssertionError("compiled once")
                ):
                    core = {f: template._render_field(f, moves.ids) for f in fields}
        self.assertEqual(core, once)
        self.assertIn("Lembrete", once["subject"][moves[0].id])
