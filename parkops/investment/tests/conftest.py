"""``committed_world``: the named world with real commits, for the two-signers test.

The root ``tworld`` fixture asks for ``django_db_serialized_rollback`` before
``transactional_db``, so pytest-django has already chosen a rolled-back (atomic) test by
the time ``transactional_db`` is requested: other threads never see its rows. And a truly
transactional test would end by TRUNCATE, which PostgreSQL's audit protection refuses. So
this fixture commits for real (autocommit on the session's test database) and afterwards
removes the business rows the test made; the audit entries stay, as the append-only log
they are (they remain a valid hash chain).
"""

from __future__ import annotations

import pytest

from parkops.testing.world import world as load_world


@pytest.fixture
def committed_world(django_db_setup, django_db_blocker):
    from parkops.core.models import Enterprise, Unit
    from parkops.investment.models import Customer, Lease

    with django_db_blocker.unblock():
        enterprises = set(Enterprise.objects.values_list("pk", flat=True))
        units = {u.pk: (u.state, u.enterprise_id) for u in Unit.objects.all()}
        yield load_world()
        for lease in Lease.objects.all():
            lease.lease_units.all().delete()
            lease.free_periods.all().delete()
            lease.reminders.all().delete()
        Lease.objects.all().delete()
        Customer.objects.all().delete()
        for pk, (state, enterprise_id) in units.items():
            Unit.objects.filter(pk=pk).update(state=state, enterprise_id=enterprise_id)
        Enterprise.objects.exclude(pk__in=enterprises).delete()
