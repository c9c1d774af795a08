"""Bad input is refused with a clear answer: nested JSON, oversized bodies, endless free text,
bytes that are not UTF-8."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parkops.core.services import create_object
from parkops.engineering.models import WorkOrder
from parkops.fees.models import BusinessLine

# --- JSON nesting ------------------------------------------------------------------------


def test_50000_nested_brackets_answer_400_not_500(client, world):
    client.force_login(world.admin)
    body = "[" * 50_000 + "]" * 50_000
    response = client.post("/api/fees/business-lines/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON 嵌套超过 64 层，不予处理"}


def test_the_api_parser_refuses_deep_nesting_itself(world):
    """For a body that did not pass the middleware (the parser is used on its own)."""
    from rest_framework.exceptions import ParseError

    from parkops.core.drf import LimitedJSONParser

    with pytest.raises(ParseError, match="JSON 嵌套超过 64 层"):
        LimitedJSONParser().parse(io.BytesIO(b"[" * 50_000 + b"]" * 50_000))
    assert LimitedJSONParser().parse(io.BytesIO(b'{"a": [[1]], "b": "[[[[[["}')) == {
        "a": [[1]],
        "b": "[[[[[[",
    }


def test_ordinary_json_and_brackets_inside_strings_pass(client, world):
    client.force_login(world.admin)
    response = client.post(
        "/api/fees/business-lines/",
        {"park": world.alpha.pk, "kind": "events", "name": "会议室", "description": "[" * 500},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert BusinessLine.objects.get(name="会议室").description == "[" * 500


def test_a_body_over_the_size_limit_answers_413(client, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(world.admin)
    response = client.post(
        "/api/fees/business-lines/",
        {"park": world.alpha.pk, "kind": "events", "name": "x", "description": "y" * 2000},
        content_type="application/json",
    )
    assert response.status_code == 413 and "请求内容超过" in response.json()["detail"]
    assert not BusinessLine.objects.exists()


# --- Free text ---------------------------------------------------------------------------


def test_a_100000_character_description_is_refused_naming_the_field(world):
    with pytest.raises(ValidationError) as refused:
        create_object(
            model=WorkOrder,
            data={
                "park": world.alpha,
                "number": "BX-LONG",
                "category": "other",
                "location": "A1",
                "description": "漏" * 100_000,
            },
            by=world.admin,
        )
    assert refused.value.message_dict == {
        "description": ["“故障描述”不能超过 10000 个字符（现有 100000 个）"]
    }
    assert not WorkOrder.objects.filter(number="BX-LONG").exists()


def test_the_work_order_page_refuses_it_on_the_field(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("engineering:workorder_add"),
        {
            "park": world.alpha.pk,
            "category": "other",
            "priority": "normal",
            "location": "A1",
            "description": "漏" * 100_000,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["description"] == [
        "“故障描述”不能超过 10000 个字符（现有 100000 个）"
    ]
    assert not WorkOrder.objects.exists()


def test_the_api_refuses_it_naming_the_field(client, world):
    client.force_login(world.admin)
    response = client.post(
        "/api/fees/business-lines/",
        {"park": world.alpha.pk, "kind": "events", "name": "长文", "description": "字" * 100_000},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"description": ["“经营内容”不能超过 10000 个字符（现有 100000 个）"]}
    assert not BusinessLine.objects.exists()


def test_the_limit_is_configurable_per_field_and_in_settings(world, settings, monkeypatch):
    data = {"park": world.alpha, "kind": "events", "name": "n", "description": "字" * 300}
    settings.PARKOPS_TEXT_MAX_LENGTH = 200
    with pytest.raises(ValidationError) as refused:
        BusinessLine(**data).full_clean()
    assert "“经营内容”不能超过 200 个字符（现有 300 个）" in refused.value.message_dict["description"]
    monkeypatch.setattr(BusinessLine, "text_max_lengths", {"description": 500}, raising=False)
    BusinessLine(**data).full_clean()  # the model's own limit wins
    settings.PARKOPS_TEXT_MAX_LENGTH = 10_000
    monkeypatch.setattr(BusinessLine, "text_max_lengths", {"description": 100}, raising=False)
    with pytest.raises(ValidationError):
        BusinessLine(**data).full_clean()


# --- Encoding ----------------------------------------------------------------------------


def test_form_bytes_that_are_not_utf8_answer_400_and_store_nothing(client, world):
    client.force_login(world.admin)
    url = reverse("engineering:workorder_add")
    head = f"park={world.alpha.pk}&category=other&priority=normal&location=A1&description=".encode()
    for body in (head + b"\xff\xfe\xfa", head + b"%FF%FE%FA"):
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 400
        assert response.content.decode() == "请求内容不是有效的 UTF-8 编码，不予处理：请使用 UTF-8 提交"
    response = client.post(
        url, head + b"abc", content_type="application/x-www-form-urlencoded; charset=latin-1"
    )
    assert response.status_code == 400
    assert not WorkOrder.objects.exists()
    api = client.post("/api/fees/business-lines/", b'{"name": "\xff"}', content_type="application/json")
    assert api.status_code == 400 and "UTF-8" in api.json()["detail"]


def test_utf8_form_bytes_pass(client, world):
    client.force_login(world.admin)
    body = (
        f"park={world.alpha.pk}&category=other&priority=normal&location=A1&description=".encode()
        + "水管漏水".encode()
    )
    response = client.post(
        reverse("engineering:workorder_add"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    assert WorkOrder.objects.get().description == "水管漏水"


def test_multipart_fields_that_are_not_utf8_answer_400(client, world):
    client.force_login(world.admin)
    boundary = "XyZ"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\n'.encode()
        + b"\xff\xfe\xfa\r\n"
        + f"--{boundary}--\r\n".encode()
    )
    response = client.post(
        reverse("engineering:workorder_add"), body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 400
    assert not WorkOrder.objects.exists()
