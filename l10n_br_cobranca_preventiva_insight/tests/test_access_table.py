"""This addon's access table (access_table.py) against the registry and Odoo, with the
app's machinery: a field, model or public method of this addon without a row fails
here, and each cell is checked as the role's real user."""

from datetime import datetime

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests import test_access_table

from . import access_table

REPORTS = (
    "cobranca.aging.report",
    "cobranca.kpi.report",
    "cobranca.effect.report",
    "cobranca.forecast.report",
)


@tagged("post_install", "-at_install")
class TestInsightAccessTable(test_access_table.TestAccessTable):
    MODULE = "l10n_br_cobranca_preventiva_insight"
    TABLE = access_table
    METHOD_ARGS = {}
    WRITE_VALUES = {
        **test_access_table.TestAccessTable.WRITE_VALUES,
        "cobranca.regua.step.variant": {"weight": 10},
        "cobranca.insight.cache": {"computed_at": datetime(2026, 3, 3, 13, 0)},
        # reports: any field (the ACL refuses first)
        **{report: {"company_id": False} for report in REPORTS},
    }

    @classmethod
    def _make_samples(cls):
        res = super()._make_samples()
        su = cls.env(su=True)
        step = cls.samples["cobranca.regua.step"]
        cls.samples["cobranca.regua.step.variant"] = cls.env["cobranca.regua.step.variant"].create(
            {"step_id": step.id, "name": "B"}
        )
        cls.samples["cobranca.insight.cache"] = su["cobranca.insight.cache"].create(
            {"report": "access.sample", "computed_at": datetime(2026, 3, 2, 13, 0), "rows": []}
        )
        for report in REPORTS:  # the reminder that went out counts in the effect
            cls.samples[report] = cls.env[report].search(
                [("company_id", "=", cls.company.id)], limit=1
            )
        cls.env.flush_all()
        return res

    def create_values(self, model):
        if model == "cobranca.regua.step.variant":
            return {"step_id": self.samples["cobranca.regua.step"].id, "name": "C"}
        if model == "cobranca.insight.cache":
            return {"report": "access.other", "computed_at": datetime(2026, 3, 2, 13, 0)}
        return super().create_values(model)

    def report_records(self):
        return {}
