"""The demo park built by ``parkops demo``, and the hook other apps extend it through.

How a domain adds its own demo data: give the app a ``demo`` module (``parkops/<app>/demo.py``
or a package) with

    def build(context: DemoContext) -> None: ...       # required
    def exists(context: DemoContext) -> bool: ...      # optional

``parkops demo`` imports every ParkOps app's ``demo`` module in INSTALLED_APPS order (core's
first) and calls ``build`` in one transaction. ``context`` carries the park, the operator,
the operator administrator (``context.admin``, the author of every write), the enterprises,
a seeded ``rng`` of the app's own and ``today``; write rows with ``context.create(Model,
field=value, …)`` so each leaves an audit entry. On a later run, when the demo park already
exists, a part is built only if it has ``exists`` and that returns False: so a domain added
after the park was built can fill in its part, and a complete demo is left untouched.

This module is core's own part.
"""

from __future__ import annotations

from parkops.core.demo.context import DemoContext


def build(context: DemoContext) -> None:
    from parkops.core.demo import accounts, organisation, park, records

    accounts.check_usernames_free()
    accounts.create_platform_admin(context)
    units, enterprises = park.build_park(context)
    accounts.create_operator_admin(context)
    park.build_spaces_and_tenants(context, units, enterprises)
    organisation.build(context)
    records.build(context)
    accounts.create_outside_logins(context)


def exists(context: DemoContext) -> bool:
    return context.park is not None


__all__ = ["DemoContext", "build", "exists"]
