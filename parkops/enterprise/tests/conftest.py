import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from parkops.accounts.services import create_user
from parkops.core.scope import DepartmentKind, Role

NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday morning


@pytest.fixture
def es(world, clock_at):
    """ALPHA's world with an enterprise-service staff member (``world.qiye``), at a set moment."""
    clock_at(NOW)
    world.qiye = create_user(
        by=world.admin,
        username="qiye_li",
        password=world.password,
        role=Role.STAFF,
        department=DepartmentKind.ENTERPRISE,
        operator=world.alpha.operator,
        parks=[world.alpha],
        display_name="李专员",
    )
    return world


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads of these tests go to a temporary folder, not the project's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
