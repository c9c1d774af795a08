"""What every app's demo part receives: the demo park, its people, a seeded RNG and a clock."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

from parkops.core.demo.names import Unique
from parkops.core.services import create_object

if TYPE_CHECKING:
    from parkops.accounts.models import User
    from parkops.core.models import Enterprise, Operator, Park

M = TypeVar("M", bound=models.Model)

PARK_CODE = "DEMO"
SEED = 2026
DEFAULT_PASSWORD = "ParkOps-Demo-2026"
PLATFORM_USERNAME = "platform"
ADMIN_USERNAME = "admin"
_ADMIN: Any = object()  # "by the operator administrator", distinct from by=None (the platform itself)


@dataclass
class DemoContext:
    """Shared state of one ``parkops demo`` run.

    Core's part fills ``park``, ``operator``, ``admin``, ``platform`` and ``enterprises``;
    later parts read them. ``rng`` is reseeded for each part (see ``rng_for``), so adding a
    part never changes the data of another. ``today`` is the run's date in Asia/Shanghai:
    parts place their dates relative to it.
    """

    password: str
    today: dt.date
    rng: random.Random
    park: Park | None = None
    operator: Operator | None = None
    admin: User | None = None
    platform: User | None = None
    enterprises: list[Enterprise] = field(default_factory=list)
    # Values that must not repeat across parts: credit codes, mobile numbers.
    credit_codes: Unique = field(default_factory=Unique)
    phones: Unique = field(default_factory=Unique)
    # Filled during the run, for the command's output.
    created_usernames: set[str] = field(default_factory=set)
    api_key: str | None = None
    notes: list[str] = field(default_factory=list)

    @staticmethod
    def rng_for(label: str) -> random.Random:
        # Core keeps the plain seed; other apps get a stream of their own.
        return random.Random(SEED if label == "core" else f"{SEED}:{label}")  # noqa: S311 (demo data, not secrets)

    def create(self, model: type[M], *, by: Any = _ADMIN, **data: Any) -> M:
        """Write one row through ``create_object`` (permission, validation, audit entry),
        as the operator administrator unless ``by`` says otherwise."""
        return create_object(model=model, data=data, by=self.admin if by is _ADMIN else by)

    def create_user(self, *, by: Any = _ADMIN, **fields: Any) -> User:
        """Create a demo account with the run's password, by the operator administrator
        unless ``by`` says otherwise (None: the platform itself)."""
        from parkops.accounts.services import create_user

        user = create_user(by=self.admin if by is _ADMIN else by, password=self.password, **fields)
        self.created_usernames.add(user.username)
        return user

    def note(self, text: str) -> None:
        """A line for the command to print after the accounts table."""
        self.notes.append(text)
