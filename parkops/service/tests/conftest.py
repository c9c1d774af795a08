import pytest

from parkops.accounts.services import create_user
from parkops.core.scope import DepartmentKind, Role


@pytest.fixture
def svc(world):
    """A customer-service staff member of ALPHA."""
    world.kefu = create_user(
        by=world.admin,
        username="kefu_chen",
        password=world.password,
        role=Role.STAFF,
        department=DepartmentKind.SERVICE,
        operator=world.alpha.operator,
        parks=[world.alpha],
        display_name="陈客服",
    )
    return world


@pytest.fixture
def sent(monkeypatch):
    calls = []
    monkeypatch.setattr("parkops.service.services.notify", lambda **kw: calls.append(kw))
    return calls


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads of these tests go to a temporary folder, not the project's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
