"""The SMS channel's value in the selections that name a channel, and what becomes of
the records that hold it when this addon is uninstalled."""

#: The value this addon adds to the channel selections.
SMS = [("sms", "SMS")]


def keep(records):
    """Records that name the SMS channel keep it when this addon goes: consents are
    legal evidence (a revocation must hold if SMS comes back), reminders and answers
    are history, steps say what the ladder did. Without this addon the app knows no
    such channel: an SMS step falls back to its fallback channel, else its reminders
    are skipped as ``channel_unavailable``; installing the addon again brings them
    back as they were."""
    return records


#: ``ondelete`` of an added value (required fields need one).
KEEP = {"sms": keep}
