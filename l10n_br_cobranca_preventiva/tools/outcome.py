"""What one dispatch batch does to its reminders (plain Python, no Odoo).

The dispatcher and the channels never write a reminder themselves while a batch
runs: they record here what happens to each one, and the dispatcher hands the
whole record to ``cobranca.reminder._set_states`` at the end, in one statement.
A :class:`Message` is what a channel sends: one or several reminders (several
invoices in one email) to one recipient.
"""

from dataclasses import dataclass, field


@dataclass
class Message:
    """One message a channel sends: its reminders (a recordset), to whom, where."""

    channel: str
    reminders: object
    partner_id: int | None = None
    contact: str | None = None
    #: the template the message goes with (a step's, or its A/B variant's)
    template_id: int | None = None
    #: the most advanced step of the message goes first under the daily cap
    offset: int = field(init=False, default=0)

    def __post_init__(self):
        self.offset = max((reminder.offset_days for reminder in self.reminders), default=0)

    @property
    def lead(self):
        return self.reminders[:1]


class Outcome:
    """{reminder id: values to write}, filled along a batch.

    ``state`` is always known for a reminder that is in the outcome; the other keys
    are the columns to set (``skip_reason``, ``error``, ``channel``, ``partner_id``,
    ``sent_date``, ``next_try``, message and activity ids…).
    """

    def __init__(self, now):
        self.now = now
        self.values = {}

    def set(self, reminder, state, reason=None, error=None, **columns):
        """``reminder`` ends in ``state`` (a reason and an error text clear old ones)."""
        self.values.setdefault(reminder.id, {}).update(
            state=state, skip_reason=reason, error=error, **columns
        )

    def note(self, reminder, **columns):
        """Columns decided on the way (channel, consent…); the state stays scheduled
        unless something sets it."""
        self.values.setdefault(reminder.id, {"state": "scheduled"}).update(columns)

    def get(self, reminder, name, default=None):
        return self.values.get(reminder.id, {}).get(name, default)

    def forget(self, reminders):
        """Reminders whose state a channel writes itself (WhatsApp, in its own
        transactions): the batch's statement must not touch them."""
        for reminder in reminders:
            self.values.pop(reminder.id, None)

    def ids(self, state):
        """Ids of the reminders of the batch that end in ``state``."""
        return [rid for rid, vals in self.values.items() if vals.get("state") == state]
