"""Titles of evidence sources and document kinds (``@source(title=…)``, ``document_source``).

A title is stored and compared as the standard's Chinese (gap plans in ``as_json``, stored
runs, frozen dossiers, the document kind a link points to) and shown in the reader's
language wherever it is turned into text (templates, ``%`` formatting, ``str()``)."""

from __future__ import annotations

from django.utils.translation import gettext


class Title(str):
    """A Chinese msgid that reads in the active language; JSON and ``==`` see the msgid."""

    __slots__ = ()

    def __str__(self) -> str:
        return gettext(str.__str__(self))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)
