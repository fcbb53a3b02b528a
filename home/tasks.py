"""Background work through django-tasks: what the apps use to queue it.

``settings.TASKS`` (``TASKS_BACKEND``) decides who runs a task. The immediate backend runs it in
the process that queues it, at once (development, tests, a small site); django-tasks-db's
database backend writes it to a table for ``manage.py db_worker`` to run. A task is given ids,
never objects, and finds what it needs when it runs: by then it may be gone, which makes the
task a no-op. A task that fails is logged by django-tasks (``django_tasks`` logger, with its
traceback), and marked failed in the table with the database backend.
"""

from functools import partial

from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue ``task`` once the current transaction commits (at once outside one): a worker
    must find the rows it is given the ids of, and a transaction that rolls back sends
    nothing. A failure to queue is logged; it does not undo what was committed."""
    transaction.on_commit(partial(task.enqueue, *args, **kwargs), robust=True)


def runs_in_background(task) -> bool:
    """Whether ``task`` is run by a worker rather than where it is queued."""
    return not isinstance(task.get_backend(), ImmediateBackend)


def sent_or_queued(result) -> bool:
    """Whether the task behind ``result`` did its work (returned a true value) or will, as
    far as can be told now: a task queued for a worker is counted as done."""
    if not result.is_finished:
        return True
    return result.status == TaskResultStatus.SUCCESSFUL and bool(result.return_value)
