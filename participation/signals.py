"""What the participation app announces, for other parts to act on (emails to moderators are
sent by ``participation.notifications``, which connects to these)."""

from django.dispatch import Signal

# Sent once a comment from the public is saved (pending or already published).
# Arguments: ``comment`` (a Comment), ``request``.
comment_posted = Signal()

# Sent when a published comment was reported and so went back to moderation.
# Arguments: ``comment`` (a Comment, now pending), ``request``.
comment_reported = Signal()
