"""Plain-Python core of the addon (Odoo's ``tools`` convention): nothing here imports
Odoo, so the calendar, sending window, contact hours, ranking maths, phone numbers,
wording, the intent of customer replies, the WhatsApp client, its webhook parsing,
the laws the privacy notice cites and the Portuguese labels of the data-subject export
(``lgpd``) are tested without a database (top-level ``tests/`` load this package as
``cobranca_tools``)."""
