"""The follow-up list "as of" a past date: today's rows with the history written since undone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.store.models import FollowUpChange
from archive.tracking.fields import tracked


def undo_after(session: Session, states: list[Any], end: datetime) -> list[Any]:
    """Items (``ItemState``) as they stood at ``end``: the history written later undone,
    newest first; each tracked field is restored from its entry's old value."""
    by_id = {state.id: state for state in states}
    later = session.scalars(
        select(FollowUpChange).where(FollowUpChange.at > end).order_by(FollowUpChange.id.desc())
    )
    for change in later:
        state = by_id.get(change.follow_up_id)
        if state is None:
            continue
        field = tracked(change.field)
        if field is not None:
            setattr(state, field.name, field.load(change.old_value))
        state.version = change.version - 1
    return states
