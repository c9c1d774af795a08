import pytest

from parkops.accounts.services import create_user
from parkops.core.scope import DepartmentKind, Role


@pytest.fixture
def eng(world):
    """Two engineering staff of ALPHA and a notification recorder."""
    world.engineer = create_user(
        by=world.admin,
        username="eng_li",
        password=world.password,
        role=Role.STAFF,
        department=DepartmentKind.ENGINEERING,
        operator=world.alpha.operator,
        parks=[world.alpha],
        display_name="李工",
    )
    world.engineer2 = create_user(
        by=world.admin,
        username="eng_wang",
        password=world.password,
        role=Role.STAFF,
        department=DepartmentKind.ENGINEERING,
        operator=world.alpha.operator,
        parks=[world.alpha],
        display_name="王工",
    )
    return world


@pytest.fixture
def sent(monkeypatch):
    """Notifications the services asked for (kind, recipients)."""
    calls = []

    def record(**kwargs):
        calls.append(kwargs)

    monkeypatch.setattr("parkops.engineering.services.notify", record)
    return calls


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads of these tests go to a temporary folder, not the project's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
