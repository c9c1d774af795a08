"""Investment pages and API: signing from the page, the tenant's own archive only, masked
phones with an audited reveal, and a public page with nothing private on it."""

from django.urls import reverse

from parkops.audit.models import AuditEntry
from parkops.core import models as core
from parkops.investment import services
from parkops.investment.models import Customer, EnterpriseContact, Lease, PolicyLink, Stage
from parkops.testing.world import credit_code


def test_officer_signs_a_lease_from_the_page(client, world):
    customer = services.create_customer(
        data={"park": world.alpha, "name": "页面签约公司", "stage": Stage.INTENT}, by=world.staff_invest
    )
    unit = core.Unit.objects.get(code="A-103")
    client.force_login(world.staff_invest)
    page = client.get(reverse("investment:sign_lease", args=[customer.pk])).content.decode()
    assert "A-103" in page and "A-101" not in page  # only units that can be let are offered
    data = {
        "units": [unit.pk],
        "start": "2026-01-01",
        "end": "2028-12-31",
        "rent_per_m2": "88",
        "escalation_pct": "3",
        "deposit": "20000",
        "credit_code": "",
    }
    response = client.post(reverse("investment:sign_lease", args=[customer.pk]), data)
    assert response.status_code == 200 and "统一社会信用代码" in response.content.decode()
    assert not Lease.objects.exists()
    data["credit_code"] = credit_code(950)
    response = client.post(reverse("investment:sign_lease", args=[customer.pk]), data)
    lease = Lease.objects.get()
    assert response.status_code == 302 and response["Location"] == lease.get_absolute_url()
    customer.refresh_from_db()
    assert customer.stage == Stage.RESIDENT
    assert client.get(lease.get_absolute_url()).status_code == 200
    assert client.get(reverse("investment:customer_detail", args=[customer.pk])).status_code == 200


def test_tenant_sees_its_own_archive_only(client, world):
    EnterpriseContact.objects.create(enterprise=world.ent_a, name="王五", role="总经理", phone="13711112222")
    EnterpriseContact.objects.create(enterprise=world.ent_b, name="赵六", role="总经理", phone="13733334444")
    client.force_login(world.tenant_a)
    own = client.get(reverse("investment:archive", args=[world.ent_a.pk]))
    assert own.status_code == 200 and "王五" in own.content.decode() and "137****2222" in own.content.decode()
    assert "13711112222" not in own.content.decode()
    assert client.get(reverse("investment:archive", args=[world.ent_b.pk])).status_code == 404
    assert client.get(reverse("investment:archive_list"))["Location"].endswith(
        f"/enterprises/{world.ent_a.pk}/"
    )
    data = client.get("/api/investment/contacts/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [(r["name"], r["phone"]) for r in rows] == [("王五", "137****2222")]
    assert client.get(reverse("investment:customer_list")).content.decode().count("甲企业") == 0


def test_staff_reveal_of_a_phone_is_audited(client, world):
    contact = EnterpriseContact.objects.create(
        enterprise=world.ent_a, name="王五", role="总经理", phone="13711112222"
    )
    client.force_login(world.tenant_a)
    assert client.post(reverse("investment:reveal_phone", args=[contact.pk])).status_code == 403
    client.force_login(world.staff_invest)
    response = client.post(reverse("investment:reveal_phone", args=[contact.pk]))
    assert "13711112222" in response.content.decode()
    entry = AuditEntry.objects.filter(
        object_type="investment.enterprisecontact", object_id=str(contact.pk)
    ).latest("seq")
    assert entry.event == "reveal_phone" and entry.actor_name == "staff_invest"


def test_public_page_shows_vacancies_policies_and_residents_but_nothing_private(client, world):
    PolicyLink.objects.create(park=world.alpha, kind="policy", title="南山区租金补贴", published=True)
    PolicyLink.objects.create(park=world.alpha, kind="policy", title="内部草稿政策", published=False)
    Customer.objects.create(park=world.alpha, name="保密意向客户", contact_phone="13912345678")
    page = client.get(reverse("investment:public", args=["ALPHA"])).content.decode()
    assert "A-103" in page and "甲企业" in page and "南山区租金补贴" in page
    for private in (
        "内部草稿政策",
        "保密意向客户",
        "13800138000",
        "138****8000",
        "A-101",
        world.ent_a.credit_code,
        "丙企业",
    ):
        assert private not in page


def test_pages_answer_staff_and_refuse_tenants(client, world):
    client.force_login(world.admin)
    for name in (
        "occupancy",
        "team",
        "grading",
        "entry_check",
        "archive_list",
        "customer_list",
        "lease_list",
    ):
        assert client.get(reverse(f"investment:{name}")).status_code == 200, name
    client.force_login(world.tenant_a)
    for name in ("occupancy", "entry_check"):
        assert client.get(reverse(f"investment:{name}")).status_code == 403, name


def test_api_customer_stage_is_read_only(client, world):
    client.force_login(world.staff_invest)
    response = client.post(
        "/api/investment/customers/",
        {"park": world.alpha.pk, "name": "接口客户", "stage": "resident"},
        content_type="application/json",
    )
    assert response.status_code == 201
    customer = Customer.objects.get(name="接口客户")
    assert customer.stage == Stage.TARGET and customer.stage_changes.count() == 1
    assert client.post("/api/investment/leases/", {}, content_type="application/json").status_code == 405


def test_people_pickers_offer_only_staff_of_my_parks(client, world):
    client.force_login(world.staff_invest)
    page = client.get(reverse("investment:investmenttarget_add")).content.decode()
    assert "staff_invest" in page or "staff_safety" in page
    assert "admin_beta" not in page and "tenant_a" not in page
    response = client.post(
        "/api/investment/customers/",
        {"park": world.alpha.pk, "name": "越权客户", "owner": world.admin_beta.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "owner" in response.json()
