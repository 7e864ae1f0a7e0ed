"""Accounts: adding users, checking passwords, personal API tokens.

Passwords are hashed with werkzeug's scrypt; API tokens are 256-bit random strings of which
only the sha256 is stored (a token has enough entropy that a slow hash adds nothing).
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from archive.store.models import User
from archive.store.vocabulary import ROLES

MIN_PASSWORD = 8
MAX_NAME = 100
# A hash to compare against when the name is unknown, so that a wrong name and a wrong
# password take the same time.
_DUMMY_HASH = generate_password_hash("not a password")


class UserError(ValueError):
    """A user cannot be added or changed as asked (the message says why)."""


def add_user(session: Session, name: str, password: str, role: str = "viewer") -> User:
    """Create a user; ``UserError`` for a taken or bad name, a short password, an unknown role."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(c.isspace() or not c.isprintable() for c in name):
        raise UserError(f"a user name is 1-{MAX_NAME} printable characters without spaces")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password must have at least {MIN_PASSWORD} characters")
    if get_user(session, name) is not None:
        raise UserError(f"user {name!r} already exists")
    user = User(name=name, role=role, password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, name: str) -> User | None:
    """The user called ``name``, or None."""
    return session.scalar(select(User).where(User.name == name))


def list_users(session: Session) -> list[User]:
    """Every user, by name."""
    return list(session.scalars(select(User).order_by(User.name)))


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The active user with this name and password, or None."""
    user = get_user(session, name)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, name: str) -> str:
    """A new personal API token for ``name`` (replacing any earlier one); shown once."""
    user = get_user(session, name)
    if user is None:
        raise UserError(f"no user {name!r}")
    token = secrets.token_urlsafe(32)
    user.token_hash = _token_hash(token)
    return token


def user_by_token(session: Session, token: str) -> User | None:
    """The active user whose API token this is, or None."""
    if not token or len(token) > 200:
        return None
    user = session.scalar(select(User).where(User.token_hash == _token_hash(token)))
    return user if user is not None and user.active else None
