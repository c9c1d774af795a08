"""The restriction point rule by rule (parkops/core/scope.py): each line of its docstring's
table, and the edges a page or an API call reaches (inactive users, API keys narrowed to parks
or to reading, unsaved objects, platform-wide reference data)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models.query import EmptyQuerySet

from parkops.accounts.models import User
from parkops.core import models as core
from parkops.core import scope
from parkops.core.scope import ALL_DEPARTMENTS, DepartmentKind
from parkops.enterprise.models import EnterpriseProfile


def fresh(username: str) -> User:
    """The user as a new request sees it (no park ids cached on the object)."""
    return User.objects.get(username=username)


def codes(qs):
    return sorted(str(o.code) for o in qs)


class Rows:
    """A model's write rules, as a restricted model declares them."""

    write_departments = (DepartmentKind.SAFETY,)
    tenant_actions = ("add",)


class Everyone(Rows):
    write_departments = (ALL_DEPARTMENTS,)


class Nobody(Rows):
    write_departments = ()
    tenant_actions = ()


class PlatformManaged(Rows):
    platform_managed = True


class AdminReadOnly(Rows):
    admin_read_only = True


def test_write_rights_by_role_and_department(world):
    admin, safety, invest = fresh("admin_alpha"), fresh(world.staff_safety.username), fresh("staff_invest")
    tenant, assessor, api = fresh(world.tenant_a.username), fresh("assessor"), fresh("api_alpha")
    platform = fresh("platform")
    table = {
        (who.username, model.__name__, action): scope.can_write_model(who, model, action)
        for who in (platform, admin, safety, invest, tenant, assessor, api)
        for model in (Rows, Everyone, Nobody, PlatformManaged, AdminReadOnly)
        for action in ("add", "change")
    }
    allowed = {key for key, value in table.items() if value}
    expected = set()
    for action in ("add", "change"):
        expected |= {
            ("platform", m, action)
            for m in ("Rows", "Everyone", "Nobody", "PlatformManaged", "AdminReadOnly")
        }
        # Operator administrators: everything in their parks but what the platform manages
        # and what the model keeps read-only for them.
        expected |= {("admin_alpha", m, action) for m in ("Rows", "Everyone", "Nobody")}
        expected |= {(safety.username, m, action) for m in ("Rows", "Everyone", "AdminReadOnly")}
        expected |= {("staff_invest", "Everyone", action)}
        # An integration account writes what some department may write.
        expected |= {("api_alpha", m, action) for m in ("Rows", "Everyone", "AdminReadOnly")}
    expected |= {(tenant.username, m, "add") for m in ("Rows", "Everyone", "AdminReadOnly")}
    assert allowed == expected
    # Reading is every active user's; the rows are narrowed elsewhere.
    assert all(scope.can_write_model(u, Nobody, "view") for u in (tenant, assessor, api))


def test_inactive_and_anonymous_users_reach_nothing(world):
    admin = fresh("admin_alpha")
    admin.is_active = False
    assert scope.visible_park_ids(admin) == set()
    assert not scope.can_write_model(admin, Everyone, "view")
    assert isinstance(core.Park.objects.restrict(admin), EmptyQuerySet)
    assert isinstance(core.Park.objects.restrict(AnonymousUser()), EmptyQuerySet)
    with pytest.raises(ValueError, match="unknown action"):
        core.Park.objects.restrict(fresh("admin_alpha"), "approve")


def test_api_keys_narrow_to_their_parks_and_to_reading(world):
    platform = fresh("platform")
    platform._parkops_key_park_ids = {world.beta.pk}
    assert codes(core.Park.objects.restrict(platform)) == ["BETA"]
    admin = fresh("admin_alpha")
    admin._parkops_key_park_ids = {world.alpha.pk, world.beta.pk}  # a key cannot widen its owner
    assert codes(core.Park.objects.restrict(admin)) == ["ALPHA"]
    narrowed = fresh("admin_alpha")
    narrowed._parkops_key_park_ids = {world.beta.pk}
    assert not core.Park.objects.restrict(narrowed).exists()
    reader = fresh("admin_alpha")
    reader._parkops_read_only = True
    assert codes(core.Park.objects.restrict(reader)) == ["ALPHA"]
    assert isinstance(core.Unit.objects.restrict(reader, "change"), EmptyQuerySet)
    # A read-only key writes nothing, even one of a platform administrator.
    platform_reader = fresh("platform")
    platform_reader._parkops_read_only = True
    assert not scope.can_write_model(platform_reader, Everyone, "add")


def test_tenant_rules(world):
    tenant = fresh(world.tenant_a.username)
    # Rows marked public to the park's tenants: readable, but only in the tenant's own park.
    assert [o.pk for o in core.Operator.objects.restrict(tenant)] == [world.alpha.operator_id]
    # Public for reading only: tenants have no action on buildings.
    assert isinstance(core.Building.objects.restrict(tenant, "change"), EmptyQuerySet)
    # Own enterprise's rows for what the model lets tenants do.
    mine = EnterpriseProfile(enterprise=world.ent_a)
    theirs = EnterpriseProfile(enterprise=world.ent_b)
    assert scope.can(tenant, "add", mine) and not scope.can(tenant, "add", theirs)
    assert not scope.can(tenant, "delete", mine)
    # A tenant account without an enterprise sees nothing.
    tenant.enterprise_id = None
    tenant._parkops_park_ids = None
    assert isinstance(core.Unit.objects.restrict(tenant), EmptyQuerySet)
    assert isinstance(core.Building.objects.restrict(tenant), EmptyQuerySet)


def test_rows_through_many_parks_are_not_repeated(world):
    from parkops.core.services import create_object

    create_object(
        model=core.Park,
        data={
            "operator": world.alpha.operator,
            "code": "ALPHA2",
            "name": "阿尔法二园",
            "district": "futian",
            "address": "福田区深南大道 2 号",
            "land_area": 10000,
            "floor_area": 30000,
        },
        by=world.platform,
    )
    admin = fresh("admin_alpha")
    assert codes(core.Park.objects.restrict(admin)) == ["ALPHA", "ALPHA2"]
    assert [o.pk for o in core.Operator.objects.restrict(admin)] == [world.alpha.operator_id]


def test_platform_wide_rows_and_unsaved_objects(world):
    admin, tenant = fresh("admin_alpha"), fresh(world.tenant_a.username)
    # Reference data with an owner filter: every signed-in user reads it; only the platform writes.
    assert core.Industry.objects.restrict(tenant).exists()
    assert isinstance(core.Industry.objects.restrict(admin, "add"), EmptyQuerySet)
    # An unsaved object: the park it would belong to decides.
    beta_floor = core.Floor(building=core.Building.objects.get(code="B"), number=9, area=100)
    alpha_floor = core.Floor(building=core.Building.objects.get(code="A"), number=9, area=100)
    assert scope.can(admin, "add", alpha_floor) and not scope.can(admin, "add", beta_floor)
    assert scope.can(fresh("platform"), "add", beta_floor)
    # An object of no single park (an operator runs several): only the platform creates one.
    operator = core.Operator(name="新运营机构", credit_code=world.alpha.operator.credit_code)
    assert not scope.can(admin, "add", operator) and scope.can(fresh("platform"), "add", operator)
    assert scope.park_of(world.alpha) == world.alpha and scope.park_of(alpha_floor) == world.alpha
    assert scope.park_of(world.alpha.operator) is None  # an operator hangs off several parks


def test_who_reads_a_whole_park(world):
    """``reads_whole_park`` is the rules asked of one park: true exactly where ``restrict`` keeps
    every row of the park, so a result shared between such readers is what each would compute."""
    from parkops.notifications.models import WebhookEndpoint

    models = (core.Building, core.Enterprise, core.Industry, WebhookEndpoint)
    create_webhooks(world)
    readers = [fresh(name) for name in ("platform", "admin_alpha", "admin_beta", "staff_safety", "assessor")]
    readers += [fresh(name) for name in ("tenant_a", "tenant_c", "api_alpha")]
    found = {
        (user.username, park.code, model.__name__)
        for user in readers
        for park in (world.alpha, world.beta)
        for model in models
        if scope.reads_whole_park(user, park.pk, [model])
    }
    every = {"Building", "Enterprise", "WebhookEndpoint"}
    expected = {("platform", park, model) for park in ("ALPHA", "BETA") for model in (*every, "Industry")}
    expected |= {
        (name, "ALPHA", model) for name in ("admin_alpha", "staff_safety", "api_alpha") for model in every
    }
    expected |= {("admin_beta", "BETA", model) for model in every}
    expected |= {("assessor", "ALPHA", "Building"), ("assessor", "ALPHA", "Enterprise")}  # no robot keys
    # A tenant reads the whole park only of what every tenant of its park reads.
    expected |= {("tenant_a", "ALPHA", "Building"), ("tenant_c", "BETA", "Building")}
    assert found == expected
    for user, code, name in found - {f for f in found if f[2] == "Industry"}:
        model = next(m for m in models if m.__name__ == name)
        park = {"ALPHA": world.alpha, "BETA": world.beta}[code]
        rows = model.objects.filter(park=park)
        assert rows.exists() and model.objects.restrict(fresh(user)).filter(park=park).count() == rows.count()
    # Several models: all of them or none; nobody signed out, and no park a key leaves out.
    assessor = fresh("assessor")
    assert not scope.reads_whole_park(assessor, world.alpha.pk, [core.Building, WebhookEndpoint])
    assert scope.reads_whole_park(fresh("staff_safety"), world.alpha.pk, [core.Building, core.Enterprise])
    assessor.is_active = False
    assert not scope.reads_whole_park(assessor, world.alpha.pk, [core.Building])
    narrowed = fresh("platform")
    narrowed._parkops_key_park_ids = {world.beta.pk}
    assert not scope.reads_whole_park(narrowed, world.alpha.pk, [core.Building])
    assert scope.reads_whole_park(narrowed, world.beta.pk, [core.Building, WebhookEndpoint])
    assert not scope.reads_whole_park(narrowed, world.beta.pk, [core.Industry])


def create_webhooks(world):
    from parkops.core.services import create_object
    from parkops.notifications.models import WebhookEndpoint

    for park, admin in ((world.alpha, world.admin), (world.beta, world.admin_beta)):
        create_object(
            model=WebhookEndpoint,
            data={
                "park": park,
                "name": f"{park.code} 工作群",
                "kind": WebhookEndpoint.Kind.WECOM,
                "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test",
            },
            by=admin,
        )
