"""This addon's access table (access_table.py) against the registry, the routes and
Odoo, with the app's machinery: a field, model, public method or route of this addon
without a row fails here, and each cell is checked as the role's real user."""

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests import test_access_table

from . import access_table

#: the sample SMS's opt-out code (22 characters, as secrets.token_urlsafe(16) draws)
OPTOUT_CODE = "Cobranca-Amostra-22car"


@tagged("post_install", "-at_install")
class TestSmsAccessTable(test_access_table.TestAccessTable):
    MODULE = "l10n_br_cobranca_preventiva_sms"
    TABLE = access_table
    METHOD_ARGS = {}

    @classmethod
    def _make_samples(cls):
        result = super()._make_samples()
        # as if it were the SMS that went out: its opt-out code is the short link's
        cls.sent.sudo().optout_code = OPTOUT_CODE
        step = cls.samples["cobranca.regua.step"]
        step.sms_template_id = cls.env.ref(
            "l10n_br_cobranca_preventiva_sms.sms_template_cobranca_due_today"
        )
        cls.env.flush_all()
        return result

    def field_value(self, record, name):
        """A step moves to SMS (its main or fallback channel): the value this addon adds."""
        if record._name == "cobranca.regua.step" and name in ("channel", "fallback_channel"):
            return "sms"
        return super().field_value(record, name)

    def report_records(self):
        return {}

    def request_route(self, csrf, route, variant):
        path, verb = route
        if not path.startswith("/cobranca/o/"):
            return super().request_route(csrf, route, variant)
        data = {"csrf_token": csrf, "channel": ["email"]} if verb == "POST" else None
        code = OPTOUT_CODE if variant == "token" else "x" * len(OPTOUT_CODE)
        return self.open_url(f"/cobranca/o/{code}", data=data).status_code
