"""The email fast path: render a template for many invoices and post the results.

Core's ``message_post_with_source`` does, per invoice: compile the QWeb body (~20 ms),
sanitise the body twice, create the message, its notification and its mail one by
one (~50 ms an email). A batch of reminders needs the same records for thousands of
invoices, so this module does it in bulk, as core would for each one:

* ``_render_template_qweb`` and ``_render_template_inline_template``: compile a body
  and the inline fields (subject, sender, reply-to) once for all the records when the
  dispatcher asks (``cobranca_compile_once`` in the context, superuser only), with the
  values and the checks core gives each rendering;
* ``_cobranca_render_batch``: renders subject, body, sender, reply-to and server for
  many records, isolating the ones that fail;
* ``_cobranca_post_batch``: creates the chatter messages (comment subtype, author = the
  company), their sanitised bodies (one statement), the outgoing ``mail.mail`` and
  their ``mail.notification`` in one ``create`` each.

``test_mail_fast_path`` compares the result with ``message_post_with_source`` for the
same template and invoice (body, subject, recipients, notifications, attachments), so
an Odoo update that changes what core posts fails a test.
"""

import logging

from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import html_sanitize, safe_eval
from odoo.tools.rendering_tools import parse_inline_template
from odoo.tools.safe_eval import test_expr, unsafe_eval

try:  # safe_eval's own opcodes and builtins: private names a later Odoo may rename
    from odoo.tools.safe_eval import _BUILTINS, _SAFE_OPCODES
except ImportError:  # then inline fields render through core
    _BUILTINS = _SAFE_OPCODES = None

from .cobranca_bulk import bulk_update

_logger = logging.getLogger(__name__)

RENDER_FIELDS = (
    "subject",
    "body_html",
    "email_from",
    "reply_to",
    "mail_server_id",
    "attachment_ids",
    "report_template_ids",
)


def _remembered(function):
    """``function`` remembering its results by arguments (for the values of one batch)."""
    results = {}

    def remembered(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        try:
            return results[key]
        except KeyError:
            results[key] = result = function(*args, **kwargs)
            return result
        except TypeError:  # an argument that cannot be a key
            return function(*args, **kwargs)

    return remembered


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _cobranca_compiles_once(self):
        """Whether the dispatcher asked to compile once (and may: superuser rendering)."""
        restricted = not self._unrestricted_rendering and not self.env.is_admin()
        return self.env.context.get("cobranca_compile_once") and not restricted

    def _cobranca_eval_context(self, add_context=None):
        """Core's rendering values, once for the batch; its date and amount formatters
        remember their results (a batch formats the same due dates thousands of times,
        and each call looks up the language): same arguments, same text."""
        variables = self._render_eval_context()
        for name in ("format_date", "format_amount"):
            variables[name] = _remembered(variables[name])
        if add_context:
            variables.update(**add_context)
        return variables

    @api.model
    def _render_template_qweb(self, template_src, model, res_ids, add_context=None, options=None):
        """Compile a QWeb body once for all the records when the dispatcher renders."""
        if (
            not self._cobranca_compiles_once()
            or not template_src
            or not res_ids
            or not self._has_unsafe_expression_template_qweb(template_src, model)
        ):
            return super()._render_template_qweb(
                template_src, model, res_ids, add_context=add_context, options=options
            )
        variables = self._cobranca_eval_context(add_context)
        IrQweb = self.env["ir.qweb"].with_context(**(options or {}))
        functions, def_name = IrQweb._compile(
            html.fragment_fromstring(template_src, create_parent="div")
        )
        render = functions[def_name]
        results = {}
        for record in self.env[model].browse(res_ids):
            values = dict(variables, object=record)
            qweb = IrQweb._prepare_environment(values)
            safe_eval.check_values(values)
            # drop the <div> that wraps the template's nodes, as core does
            results[record.id] = Markup("".join(render(qweb, values)))[5:-6]
        return results

    @api.model
    def _render_template_inline_template(
        self, template_txt, model, res_ids, add_context=None, options=None
    ):
        """Inline fields (subject, sender, reply-to) with their expressions checked and
        compiled once for all the records when the dispatcher renders, as core's
        ``safe_eval`` checks and evaluates them for each record."""
        if (
            _SAFE_OPCODES is None
            or not self._cobranca_compiles_once()
            or not template_txt
            or not res_ids
            or not self._has_unsafe_expression_template_inline_template(str(template_txt), model)
        ):
            return super()._render_template_inline_template(
                template_txt, model, res_ids, add_context=add_context, options=options
            )
        variables = self._cobranca_eval_context(add_context)
        parts = [
            (literal, expression and test_expr(expression, _SAFE_OPCODES), default)
            for literal, expression, default in parse_inline_template(str(template_txt))
        ]
        results = {}
        for record in self.env[model].browse(res_ids):
            values = dict(variables, object=record)
            safe_eval.check_values(values)
            values["__builtins__"] = _BUILTINS
            rendered = []
            for literal, code, default in parts:
                rendered.append(literal)
                if code:
                    result = unsafe_eval(code, values) or default
                    if result:
                        rendered.append(str(result))
            results[record.id] = "".join(rendered)
        return results

    def _cobranca_render_batch(self, res_ids):
        """({res_id: rendered values}, {res_id: exception}) for these records: one pass
        for all of them, then one by one if that fails, to isolate the broken ones."""
        self.ensure_one()
        template = self.with_context(cobranca_compile_once=True)
        try:
            with self.env.cr.savepoint():
                return template._generate_template(res_ids, RENDER_FIELDS), {}
        except Exception:  # noqa: BLE001 - isolate the record that breaks below
            _logger.info("Batch rendering of %s failed, rendering one by one", self)
        rendered, errors = {}, {}
        for res_id in res_ids:
            try:
                with self.env.cr.savepoint():
                    rendered[res_id] = template._generate_template([res_id], RENDER_FIELDS)[res_id]
            except Exception as exc:  # noqa: BLE001 - a broken template fails its record
                errors[res_id] = exc
        return rendered, errors

    def _cobranca_post_batch(self, entries):
        """Post rendered emails as core's ``message_post_with_source`` would.

        :param entries: [(record, rendered values, recipient partner id)]
        :return: [(mail.message, mail.mail)] in the same order
        """
        self.ensure_one()
        if not entries:
            return []
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        bodies = self._cobranca_sanitize([values.get("body_html") for _r, values, _p in entries])
        # where replies go, as core's message_post: the record's alias or its company's
        # catchall (so that the mail gateway brings them back to the invoice)
        records = entries[0][0].browse([record.id for record, _v, _p in entries])
        reply_tos = records._notify_get_reply_to(default=False)
        message_vals, mail_vals = [], []
        for (record, values, partner_id), body in zip(entries, bodies, strict=True):
            author = record.company_id.partner_id
            email_from = values.get("email_from") or author.email_formatted
            reply_to = values.get("reply_to") or reply_tos.get(record.id) or email_from
            message_vals.append(
                {
                    "model": record._name,
                    "res_id": record.id,
                    "message_type": "comment",
                    "subtype_id": subtype_id,
                    "subject": values.get("subject"),
                    "author_id": author.id,
                    "email_from": email_from,
                    "reply_to": reply_to,
                    "partner_ids": [(4, partner_id)],
                    "record_company_id": record.company_id.id,
                }
            )
            mail_vals.append(
                {
                    "body_html": body,
                    "recipient_ids": [(4, partner_id)],
                    "state": "outgoing",
                    "auto_delete": self.auto_delete,
                    "is_notification": True,
                    "mail_server_id": values.get("mail_server_id") or False,
                }
            )
        # sudo: the dispatcher writes the chatter of every invoice it reminds
        messages = self.env["mail.message"].sudo().create(message_vals)
        self._cobranca_store_bodies(messages, bodies)
        attachments = self._cobranca_attachments(entries)
        for vals, message, files in zip(mail_vals, messages, attachments, strict=True):
            vals["mail_message_id"] = message.id
            if files:
                vals["attachment_ids"] = [(6, 0, files.ids)]
                message.attachment_ids = [(6, 0, files.ids)]
        mails = self.env["mail.mail"].sudo().create(mail_vals)
        self.env["mail.notification"].sudo().create(
            [
                {
                    "mail_message_id": message.id,
                    "mail_mail_id": mail.id,
                    "res_partner_id": partner_id,
                    "author_id": message.author_id.id,
                    "notification_type": "email",
                    "notification_status": "ready",
                    "is_read": True,
                }
                for (_record, _values, partner_id), message, mail in zip(
                    entries, messages, mails, strict=True
                )
            ]
        )
        return list(zip(messages, mails, strict=True))

    def _cobranca_attachments(self, entries):
        """The files each message carries, as core's composer gives them: copies of the
        template's attachments and the reports it prints, owned by the record (so
        that erasing a reminder's contents erases them, not the template's)."""
        Attachment = self.env["ir.attachment"].sudo()
        if not self.attachment_ids and not self.report_template_ids:
            return [Attachment] * len(entries)
        result = []
        for record, values, _partner_id in entries:
            owner = {"res_model": record._name, "res_id": record.id}
            files = Attachment.browse(values.get("attachment_ids") or []).copy(owner)
            files |= Attachment.create(
                [
                    {"name": name, "datas": content, **owner}
                    for name, content in values.get("attachments") or []
                ]
            )
            result.append(files)
        return result

    def _cobranca_sanitize(self, bodies):
        """The bodies sanitised as ``mail.message.body`` is on an ORM write: they are
        stored by SQL (which skips the field's sanitiser) and sent as they are, so a
        template edited with a script, or an approver's text, reaches neither the
        chatter, nor the portal, nor the customer's mailbox."""
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

    def _cobranca_store_bodies(self, messages, bodies):
        """Store the sanitised bodies in one statement (the ORM would sanitise each
        twice more, ~2 ms a message)."""
        bulk_update(
            self.env,
            "mail_message",
            messages.ids,
            [("body", "text", [str(b or "") for b in bodies])],
        )
        messages.invalidate_recordset(["body"])
