"""A client may not filter, order or search by a field it may not see: applied silently, a
filter on a hidden field would let it probe the hidden values (count the bills above a total,
confirm a phone number). Every list endpoint is enumerated from the router."""

from __future__ import annotations

from rest_framework.test import APIClient

from parkops.core.api_filters import ProtectedOrderingFilter, RestrictedFilterBackend
from parkops.datagov.protection import hidden_reason
from parkops.datagov.registry import Level
from parkops.datagov.tests.api_routes import routes
from parkops.datagov.tests.test_classification_and_protection import general_key


def list_viewsets():
    """(path, viewset class) of every list endpoint except the open-data ones."""
    out = {}
    for path, method, cls, action in routes():
        if method == "get" and action == "list" and not path.startswith("/api/open/"):
            out.setdefault(path, cls)
    return sorted(out.items())


def filterset_of(cls):
    queryset = getattr(cls, "queryset", None)
    if queryset is None:
        return None
    return RestrictedFilterBackend().get_filterset_class(cls(), queryset)


def hidden_params(user):
    """(path, query parameter, filter path) of every filter a reader may not use."""
    out = []
    for path, cls in list_viewsets():
        filterset = filterset_of(cls)
        if filterset is None:
            continue
        model = filterset._meta.model
        for name, flt in filterset.base_filters.items():
            if hidden_reason(user, model, flt.field_name or name):
                out.append((path, name, flt.field_name or name))
    return out


def ordering_terms(cls) -> list[str]:
    """The terms a list's ordering accepts (DRF's own reckoning: ``ordering_fields``, or
    else the serializer's readable fields)."""
    queryset = getattr(cls, "queryset", None)
    if queryset is None or not any(issubclass(b, ProtectedOrderingFilter) for b in cls.filter_backends):
        return []  # a list without ordering (the audit trail, paged by cursor)
    view = cls(action="list", kwargs={}, format_kwarg=None, request=None)
    valid = ProtectedOrderingFilter().get_valid_fields(queryset, view, {"request": None})
    return [name for name, _label in valid]


def hidden_orderings(user):
    """(path, ordering term) for every term a list's ordering accepts that names a field the
    reader may not see."""
    out = []
    for path, cls in list_viewsets():
        queryset = getattr(cls, "queryset", None)
        for term in ordering_terms(cls):
            if hidden_reason(user, queryset.model, term):
                out.append((path, term))
    return out


def test_filters_and_orderings_on_hidden_fields_are_refused_on_every_list(personal_world):
    world = personal_world
    client = general_key(world)
    user = world.api_user  # as the key's requests see it: general data, no unmasking
    user._parkops_api_key = user.api_keys.get(name="一般数据")
    filters = hidden_params(user)
    orderings = hidden_orderings(user)
    # The enumeration reaches hidden business figures and masked personal data alike.
    assert ("/api/safety/monitoring-devices/", "area", "area") in filters, filters
    assert ("/api/investment/contacts/", "phone") in orderings
    assert ("/api/fees/bills/", "total") in orderings
    refused = 0
    closed = {path for path, *_ in filters if client.get(path).status_code == 403}
    assert closed <= {"/api/audit/entries/"}  # the audit log is not an integration's to read
    for path, param, _field_path in filters:
        if path in closed:
            continue
        response = client.get(path, {param: "1"})
        if response.status_code != 400:
            # Range filters read suffixed parameters only (``total_min``).
            for suffix in ("min", "max", "after", "before", "0", "1"):
                response = client.get(path, {f"{param}_{suffix}": "1"})
                if response.status_code == 400:
                    break
        assert response.status_code == 400, (path, param, response.status_code)
        reasons = [m for key, messages in response.json().items() if key.startswith(param) for m in messages]
        assert any("超出可接收的数据级别" in m or "须脱敏" in m for m in reasons), (path, param, reasons)
        refused += 1
    for path, term in orderings:
        for ordering in (term, f"-{term}"):
            response = client.get(path, {"ordering": ordering})
            assert response.status_code == 400, (path, ordering, response.status_code)
            assert "ordering" in response.json(), (path, ordering)
            refused += 1
    opened = [f for f in filters if f[0] not in closed]
    assert refused == 2 * len(orderings) + len(opened) and refused > 20
    # A field it may see still filters and orders.
    assert client.get("/api/safety/monitoring-devices/", {"ordering": "-id"}).status_code == 200


def test_search_runs_over_the_fields_the_reader_may_see(personal_world):
    import datetime as dt
    from decimal import Decimal

    from parkops.datagov.services import set_key_clearance
    from parkops.fees.models import Bill, Payment

    world = personal_world
    bill = Bill.objects.get(number="ZD-P1")
    Payment.objects.create(
        bill=bill, amount=Decimal("99.00"), paid_on=dt.date(2026, 11, 5), method="transfer",
        reference="WX2026110512345", receipt_no="SJ-77",
    )  # fmt: skip
    client = general_key(world)
    # The payment reference (重要数据) matches nothing for a general client; the receipt does.
    assert client.get("/api/fees/payments/", {"q": "WX2026110512345"}).json()["count"] == 0
    assert client.get("/api/fees/payments/", {"q": "SJ-77"}).json()["count"] == 1
    key = world.api_user.api_keys.get(name="一般数据")
    set_key_clearance(api_key=key, level=Level.IMPORTANT, by=world.admin)
    assert client.get("/api/fees/payments/", {"q": "WX2026110512345"}).json()["count"] == 1


def test_a_cleared_reader_may_filter_what_it_sees(personal_world):
    from parkops.datagov.services import set_key_clearance

    world = personal_world
    client = general_key(world)
    refused = client.get("/api/fees/bills/", {"ordering": "-total"})
    assert refused.status_code == 400
    assert "超出可接收的数据级别" in refused.json()["ordering"][0]
    assert client.get("/api/fees/bills/", {"ordering": "-number"}).status_code == 200
    key = world.api_user.api_keys.get(name="一般数据")
    set_key_clearance(api_key=key, level=Level.IMPORTANT, by=world.admin)
    rows = client.get("/api/fees/bills/", {"ordering": "-total"}).json()["results"]
    assert rows and rows[0]["total"] == "99.00"


def test_masked_personal_data_is_neither_ordered_nor_searched_by_readers_who_may_not_unmask(personal_world):
    world = personal_world
    staff = APIClient()
    staff.force_login(world.staff_invest)
    response = staff.get("/api/investment/contacts/", {"ordering": "phone"})
    assert response.status_code == 400 and "个人信息须脱敏" in response.json()["ordering"][0]
    assert staff.get("/api/investment/contacts/", {"ordering": "name"}).status_code == 200
    admin = APIClient()
    admin.force_login(world.admin)
    assert admin.get("/api/investment/contacts/", {"ordering": "phone"}).status_code == 200
