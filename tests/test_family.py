"""The family of addons: one app and its satellites, each an OCA-sized addon of its own.

- the app names no channel that a satellite brings: after SMS moved to its addon, no
  word of SMS is left in the app's code (Python, XML, CSV, JavaScript), nor in its
  translations' source terms;
- the app names no model or field of the insight addon (dashboard, A/B variants,
  learned send hour, predicted pay date) nor of the answer addon (the answer page,
  promises, installment proposals, "já paguei" checks, decisions told, email
  replies, due day requests): it calls hooks the addons override, and replies flow
  one way (the app logs them and handles a stop; the answer addon acts on the rest);
- each satellite depends on the app, installs itself with it (``auto_install``) and
  has what an OCA addon has: tests, readme fragments, translations, a licence.
"""

import ast
import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = "l10n_br_cobranca_preventiva"
SATELLITES = {
    # satellite: what it adds to the app's dependencies
    "l10n_br_cobranca_preventiva_sms": {"sms"},
    "l10n_br_cobranca_preventiva_answer": set(),
    "l10n_br_cobranca_preventiva_insight": {"board"},
}
#: Satellites that come with the app even where their other dependencies are not
#: installed yet (``auto_install`` lists the app: they pull those in).
WITH_THE_APP = {"l10n_br_cobranca_preventiva_answer", "l10n_br_cobranca_preventiva_insight"}
CODE_SUFFIXES = {".py", ".xml", ".csv", ".js"}
URL = re.compile(r"https?://\S+")
SMS = re.compile(r"\bsms\b", re.IGNORECASE)
#: The insight addon's models, fields and materialized view.
INSIGHT = re.compile(
    r"cobranca[._](send[._]hour(_events)?\b|regua[._]step[._]variant|insight[._]cache\b"
    r"|(aging|kpi|effect|forecast)[._]report)|\bvariant_ids?\b|cobranca_predicted_pay_date"
    r"|cobranca_effect_facts"
)


def manifest(addon):
    return ast.literal_eval((ROOT / addon / "__manifest__.py").read_text(encoding="utf-8"))


def code_files(addon):
    return sorted(
        path
        for path in (ROOT / addon).rglob("*")
        if path.suffix in CODE_SUFFIXES and path.is_file() and "i18n" not in path.parts
    )


def test_the_app_has_no_word_of_sms():
    files = code_files(APP)
    assert len(files) > 100, "the app's code is where this test looks"
    found = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # a law's source address is not code
            if SMS.search(URL.sub("", line)):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_app_names_no_model_nor_field_of_the_insight_addon():
    found = []
    for path in code_files(APP):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if INSIGHT.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


#: The answer addon's models, fields and forwarders of the invoice.
ANSWER = re.compile(
    r"cobranca[._](answer([._]guard)?|promise|installment[._]proposal|email[._]inbound"
    r"|whatsapp[._]proof)\b|cobranca\.notice\b|cobranca_(promise|installment)_ids?\b"
    r"|cobranca_paid_claim_"
    r"|cobranca_answer_url|cobranca_dispute_(source|activity_id)|_cobranca_customer_"
    r"|cobranca[._]due[._]day|cobranca_(usual_pay|suggested_due)_day"
)


def test_the_app_names_no_model_nor_field_of_the_answer_addon():
    found = []
    for path in code_files(APP):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ANSWER.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_answer_satellite_has_the_answer_pieces():
    addon = ROOT / "l10n_br_cobranca_preventiva_answer"
    for piece in (
        "models/cobranca_answer.py",
        "models/cobranca_promise.py",
        "models/cobranca_installment_proposal.py",
        "models/cobranca_notice.py",
        "models/cobranca_email_inbound.py",
        "controllers/portal.py",
        "views/cobranca_portal_templates.xml",
        "data/mail_template_decision_data.xml",
    ):
        assert (addon / piece).is_file(), piece


def test_the_insight_satellite_has_the_insight_pieces():
    addon = ROOT / "l10n_br_cobranca_preventiva_insight"
    for piece in (
        "models/cobranca_regua_step_variant.py",
        "models/cobranca_send_hour.py",
        "report/cobranca_kpi_report.py",
        "report/cobranca_insight_cache.py",
        "views/cobranca_dashboard_views.xml",
        "tools/insight.py",
    ):
        assert (addon / piece).is_file(), piece
    assert "board" not in manifest(APP)["depends"], "the dashboard's board is the addon's"


FIELD_TERM = re.compile(r"model:ir\.model\.fields,\w+:\w+\.field_\w+?__(\w+)$")


def test_the_app_translates_no_sms_term():
    """Its own terms: those of fields the app's code declares, of its views, data and
    code; not the fields Odoo's mixins add to its models (``message_has_sms_error`` of
    Odoo's texting addon on every mail thread)."""
    pot = polib.pofile(str(ROOT / APP / "i18n" / f"{APP}.pot"))
    assert len(pot) > 500
    code = "\n".join(path.read_text(encoding="utf-8") for path in code_files(APP))
    fields = set(re.findall(r"\b(\w+) = fields\.", code))

    def declared(occurrence):
        field = FIELD_TERM.match(occurrence)
        return not field or field.group(1) in fields

    own = [e for e in pot if any(declared(o) for o, _line in e.occurrences)]
    assert len(own) < len(pot), "terms of fields the app does not declare are exported too"
    assert not [entry.msgid for entry in own if SMS.search(entry.msgid)]


def test_the_sms_satellite_has_the_sms_pieces():
    addon = ROOT / "l10n_br_cobranca_preventiva_sms"
    assert (addon / "models" / "cobranca_channel_sms.py").is_file()
    assert (addon / "data" / "sms_template_data.xml").is_file()
    assert "sms" in manifest(addon.name)["depends"]


@pytest.mark.parametrize("satellite", sorted(SATELLITES))
def test_a_satellite_installs_itself_with_the_app(satellite):
    info = manifest(satellite)
    assert set(info["depends"]) == {APP} | SATELLITES[satellite]
    if satellite in WITH_THE_APP:
        # with the app, pulling in the Odoo addons it needs
        assert info["auto_install"] == [APP]
    else:
        # auto_install True: as soon as the app and the Odoo addon it plugs are installed
        assert info["auto_install"] is True
    assert not info.get("application")
    assert info["version"].split(".")[:2] == manifest(APP)["version"].split(".")[:2]
    assert info["license"] == manifest(APP)["license"]


@pytest.mark.parametrize("satellite", sorted(SATELLITES))
def test_a_satellite_is_a_whole_oca_addon(satellite):
    addon = ROOT / satellite
    assert list((addon / "tests").glob("test_*.py")), "its tests live with it"
    for fragment in ("DESCRIPTION.md", "CONTRIBUTORS.md"):
        assert (addon / "readme" / fragment).is_file(), fragment
    assert (addon / "README.rst").is_file()
    assert (addon / "i18n" / f"{satellite}.pot").is_file()
    po = polib.pofile(str(addon / "i18n" / "pt_BR.po"))
    assert po.percent_translated() == 100
    assert (addon / "pyproject.toml").is_file()
    assert (addon / "static" / "description" / "icon.png").is_file()


def test_every_addon_of_the_family_is_listed_here():
    addons = {
        path.parent.name
        for path in ROOT.glob("*/__manifest__.py")
        if path.parent.name.startswith(APP)
    }
    assert addons == {APP, f"{APP}_queue_job"} | set(SATELLITES)
