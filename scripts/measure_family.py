#!/usr/bin/env python3
"""The family's shape, measured (docs/architecture.md "Measures").

    python3 scripts/measure_family.py                 the static measures
    python3 scripts/measure_family.py --trace DB      also the files one email reminder
                                                      crosses, on database DB (the app
                                                      installed, no demo needed)

Static (reads the code, imports nothing):

- Python lines per addon (code, then tests) and its models;
- the Python files over 500 lines;
- the ``env[...]`` knot: a graph of the model files (models/, report/, wizards/ of every
  addon) where a file points to the files that declare or extend a model it reaches by
  ``env["model.name"]``; its largest strongly connected component (files that reach
  each other through such calls) and the pairs of files that call each other.

Traced (``--trace``, runs in Odoo): one customer invoice created and posted, its due
email reminder dispatched, the mail sent (its notification marked sent, as the mail
queue does) — from posting to "delivered" — under ``sys.setprofile``: the files of the
family's addons whose functions ran, and the calls from one of those files into another
(hand-offs).
"""

# A command-line tool: it prints its measures.
# pylint: disable=print-used

import argparse
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "l10n_br_cobranca_preventiva"
MODEL_DIRS = ("models", "report", "wizards")
LIMIT = 500

NAME = re.compile(r"^\s+_name\s*=\s*[\"']([\w.]+)[\"']", re.MULTILINE)
INHERIT = re.compile(r"^\s+_inherit\s*=\s*[\"']([\w.]+)[\"']", re.MULTILINE)
INHERIT_LIST = re.compile(r"^\s+_inherit\s*=\s*\[([^\]]*)\]", re.MULTILINE)
ENV = re.compile(r"env\[\s*[\"']([\w.]+)[\"']\s*\]")


def addons():
    return sorted(p.parent for p in ROOT.glob(f"{PREFIX}*/__manifest__.py"))


def python_files(addon):
    return sorted(p for p in addon.rglob("*.py") if p.is_file())


def lines(path):
    return sum(1 for _line in path.open(encoding="utf-8"))


def declared_models(text):
    """The models a file declares (``_name``) or extends (``_inherit`` alone)."""
    names = set(NAME.findall(text))
    if not names:
        names |= set(INHERIT.findall(text))
        for group in INHERIT_LIST.findall(text):
            names |= set(re.findall(r"[\"']([\w.]+)[\"']", group))
    return names


def model_files():
    return [
        path
        for addon in addons()
        for folder in MODEL_DIRS
        for path in sorted((addon / folder).glob("*.py"))
        if path.name != "__init__.py"
    ]


def addon_of(path):
    return path.relative_to(ROOT).parts[0]


def env_graph():
    """{file: {files it reaches by env[...]}} over the model files. A model's home is
    the file that declares it (``_name``), else (a core model such as account.move) the
    files that extend it; a call reaches the homes in its own addon and in the app (an
    addon's code does not know its dependents)."""
    texts = {path: path.read_text(encoding="utf-8") for path in model_files()}
    declared, extended = defaultdict(set), defaultdict(set)
    for path, text in texts.items():
        names = set(NAME.findall(text))
        for model in names:
            declared[model].add(path)
        for model in declared_models(text) - names:
            extended[model].add(path)
    graph = {}
    for path, text in texts.items():
        seen = {addon_of(path), PREFIX}
        graph[path] = {
            home
            for model in ENV.findall(text)
            for home in (declared.get(model) or extended.get(model, ()))
            if home != path and addon_of(home) in seen
        }
    return graph


def strongly_connected(graph):
    """Tarjan's algorithm, iterative: the components, largest first."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    found.append(component)
    return sorted(found, key=len, reverse=True)


def rel(path):
    return str(Path(path).relative_to(ROOT))


def static_measures():
    print("## Python lines per addon\n")
    print("| addon | code | tests | models | files over 500 lines |")
    print("|---|---:|---:|---:|---|")
    over = []
    for addon in addons():
        code = tests = 0
        models = set()
        for path in python_files(addon):
            count = lines(path)
            if "tests" in path.relative_to(addon).parts:
                tests += count
            else:
                code += count
                models |= set(NAME.findall(path.read_text(encoding="utf-8")))
            if count > LIMIT:
                over.append((count, path))
        big = ", ".join(
            f"`{p.relative_to(addon)}` ({n})"
            for n, p in sorted(over, reverse=True)
            if addon in p.parents
        )
        print(f"| `{addon.name}` | {code} | {tests} | {len(models)} | {big or '–'} |")
    graph = env_graph()
    components = strongly_connected(graph)
    knot = components[0] if components else set()
    pairs = sorted(
        {tuple(sorted((rel(a), rel(b)))) for a in graph for b in graph[a] if a in graph.get(b, ())}
    )
    print(
        f"\n## The env[...] knot\n\n{len(graph)} model files; the largest knot holds {len(knot)}:"
    )
    for path in sorted(knot):
        print(f"- `{rel(path)}`")
    print(f"\n{len(pairs)} pairs call each other:")
    for a, b in pairs:
        print(f"- `{a}` ↔ `{b}`")
    return over


TRACE = """
from odoo import Command, fields
today = fields.Date.context_today(env.user)
company = env.company
company.write({
    "vat": "11.222.333/0001-81", "street": "Av. Paulista, 1000", "city": "São Paulo",
    "zip": "01310-100", "state_id": env.ref("base.state_br_sp").id,
    "country_id": env.ref("base.br").id, "cobranca_plan_horizon_days": 60,
})
partner = env["res.partner"].create({"name": "Cliente Medido Ltda", "email": "m@example.com"})
"""


def trace(dbname):
    """The family's files and hand-offs of one email reminder, posting to delivered."""
    from freezegun import freeze_time  # noqa: PLC0415

    import odoo  # noqa: PLC0415 - only with --trace
    from odoo import Command, api  # noqa: PLC0415

    odoo.tools.config.parse_config(
        [
            "-d",
            dbname,
            f"--addons-path={ROOT}",
            f"--db_host={os.environ.get('PGHOST', 'localhost')}",
            f"--db_port={os.environ.get('PGPORT', '5432')}",
            f"--db_user={os.environ.get('PGUSER', 'odoo')}",
            f"--db_password={os.environ.get('PGPASSWORD', 'odoo')}",
        ]
    )
    registry = odoo.modules.registry.Registry(dbname)
    roots = tuple(str(addon) + "/" for addon in addons())
    files, handoffs = defaultdict(int), set()
    stack = []

    def profiler(frame, event, _arg):
        if event == "call":
            name = frame.f_code.co_filename
            mine = name.startswith(roots) and "/tests/" not in name
            caller = next((f for f in reversed(stack) if f), None)
            if mine:
                files[name] += 1
                if caller and caller != name:
                    handoffs.add((caller, name))
            stack.append(name if mine else None)
        elif event == "return" and stack:
            stack.pop()

    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        exec(TRACE, {"env": env})  # noqa: S102 - the setup, not measured
        partner = env["res.partner"].search([("name", "=", "Cliente Medido Ltda")], limit=1)
        step = env.company.cobranca_default_regua_id.step_ids.sorted("offset_days")[0]
        with freeze_time("2026-02-02 13:00:00"):
            move = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": "2026-02-02",
                    "invoice_date_due": "2026-03-16",
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create({"name": "Consultoria", "quantity": 1, "price_unit": 100})
                    ],
                }
            )
            sys.setprofile(profiler)
            move.action_post()
            env.flush_all()
            sys.setprofile(None)
        reminder = move.cobranca_reminder_ids.filtered(lambda r: r.step_id == step)
        with freeze_time(f"{reminder.scheduled_date} 13:00:00"):
            sys.setprofile(profiler)
            env["cobranca.dispatcher"]._dispatch()
            notifications = env["mail.notification"].search(
                [("mail_message_id", "=", reminder.mail_message_id.id)]
            )
            notifications.write({"notification_status": "sent"})
            env.flush_all()
            sys.setprofile(None)
        state = reminder.state
        cr.rollback()
    print(f"\n## One email reminder, posting to '{state}'\n")
    print(f"{len(files)} files of the family ran; {len(handoffs)} hand-offs between files:")
    for name in sorted(files):
        print(f"- `{rel(name)}` ({files[name]} calls)")
    return files, handoffs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trace", metavar="DB", help="trace one email reminder on DB")
    args = parser.parse_args()
    static_measures()
    if args.trace:
        trace(args.trace)


if __name__ == "__main__":
    main()
