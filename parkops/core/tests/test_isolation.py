"""Nobody reads or changes what is not theirs, through ANY page or API route.

The routes are enumerated from the URL configuration (parkops.testing.routes), not picked by hand: every route that
takes an object id is tried with objects the user may not see, and every list route is read
and searched for the names and codes of such objects. A new route is covered automatically;
a route whose model cannot be found must be listed in UNCLASSIFIED with a reason.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from parkops.audit.services import snapshot
from parkops.testing.routes import OTHER_KWARGS, UNCLASSIFIED, client_for, forbidden_objects, routes, text_of

OUTSIDERS = ["tenant_a", "tenant_c", "admin_beta", "assessor", "staff_safety"]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_object_routes_refuse_what_is_not_yours(world, username):
    user = world.users[username]
    objects, _ = forbidden_objects(user)
    client = client_for(user)
    tried = 0
    for route in routes():
        if route.name in UNCLASSIFIED or "pk" not in route.kwargs:
            continue
        assert route.model is not None, f"{route.name}: cannot tell its model; classify it in UNCLASSIFIED"
        obj = objects.get(route.model)
        if obj is None:
            continue
        before = snapshot(obj)
        url = reverse(
            route.name, kwargs={"pk": obj.pk, **{k: OTHER_KWARGS[k] for k in route.kwargs if k != "pk"}}
        )
        response = client.get(url)
        assert response.status_code in (403, 404), (
            f"{username} GET {url} ({route.name}) -> {response.status_code}"
        )
        if route.api:
            for method in ("put", "patch", "delete"):
                response = getattr(client, method)(url, data={}, content_type="application/json")
                assert response.status_code in (403, 404), (
                    f"{username} {method.upper()} {url} -> {response.status_code}"
                )
        else:
            response = client.post(url, data={})
            assert response.status_code in (403, 404, 405), f"{username} POST {url} -> {response.status_code}"
        obj.refresh_from_db()
        assert snapshot(obj) == before, f"{route.name} changed {obj!r} for {username}"
        tried += 1
    assert tried >= 10, "too few object routes were exercised: the enumeration is broken"


@pytest.mark.parametrize("username", OUTSIDERS)
def test_list_routes_and_exports_leak_nothing(world, username):
    user = world.users[username]
    _, markers = forbidden_objects(user)
    assert markers, "the world should hold objects this user may not see"
    client = client_for(user)
    listed = 0
    for route in routes():
        if (
            route.kwargs
            or route.model is None
            or not (route.name.endswith("_list") or route.name.endswith("-list"))
        ):
            continue
        url = reverse(route.name)
        # Pages: the list, its export and its search; API lists: the list, its search and the
        # JSON format (a page ignores ``format``, so asking a page for it rendered it again).
        for suffix in ("", "?q=企业", "?format=json") if route.api else ("", "?export=xlsx", "?q=企业"):
            response = client.get(url + suffix)
            # An API list may refuse the request outright and so show nothing: an unknown ``q``
            # or a list that needs its filters (readings need a device and a point) answers 400,
            # the open-data lists want an open-data key (401), the ingest answers no GET (405).
            allowed = (200, 403, 400, 401, 405) if route.api else (200, 403)
            assert response.status_code in allowed, f"{username} GET {url}{suffix} -> {response.status_code}"
            if response.status_code == 200:
                body = text_of(response)
                # ASCII markers (usernames, codes) are looked for in the text, not the markup,
                # where they collide with attribute values such as <option value="assessor">.
                text = re.sub(r"<[^>]+>", " ", body)
                leaked = sorted(m for m in markers if m in (text if m.isascii() else body))
                assert not leaked, f"{username} sees {leaked} at {url}{suffix}"
        listed += 1
    assert listed >= 10


def test_tenant_home_shows_own_enterprise_only(world):
    body = client_for(world.tenant_a).get("/").content.decode()
    assert "甲企业" in body
    assert "乙企业" not in body and "丙企业" not in body
