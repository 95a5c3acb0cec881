from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import safe_eval


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.model
    def _render_template_qweb(self, template_src, model, res_ids, add_context=None, options=None):
        """Compile a QWeb body once for all the records when the dispatcher renders.

        Core parses and compiles the body again for every record (~20 ms each), which
        caps a batch of reminders at ~50 emails/s. With ``cobranca_compile_once`` in
        the context (set by the dispatcher only, running as superuser) the compiled
        template is reused; the values given to each rendering are the same as core's.
        """
        restricted = not self._unrestricted_rendering and not self.env.is_admin()
        if (
            not self.env.context.get("cobranca_compile_once")
            or restricted
            or not template_src
            or not res_ids
            or not self._has_unsafe_expression_template_qweb(template_src, model)
        ):
            return super()._render_template_qweb(
                template_src, model, res_ids, add_context=add_context, options=options
            )
        variables = self._render_eval_context()
        if add_context:
            variables.update(**add_context)
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
