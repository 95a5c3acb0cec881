"""Plain-Python core of the addon: nothing here imports Odoo.

Kept importable on its own (top-level ``tests/`` put the addon folder on
``sys.path`` and import ``cobranca_core``) so the calendar, sending window,
ranking maths and provider clients are tested without a database.
"""
