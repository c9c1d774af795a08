"""Every link a page offers leads somewhere the user may go.

Signs in as each demo role (the operator administrator, each department's staff login, both
tenants, the assessor and the platform administrator) in a demo park built in the test
database, starts at the home page and follows every same-origin link it is shown (GET only),
and records any 403, 404 or 5xx behind a link. Bounded: each URL pattern is visited at most
``PER_PATTERN`` times per role (sorting, filtering and paging links of one list count as the
same pattern), and at most ``MAX_PAGES`` pages per role.

Not followed, and why:
- ``?export=…`` and import template downloads: files, not pages; the export and import tests
  cover them, and building a workbook per list would cost the crawl minutes;
- ``/files/`` (uploaded files behind their object's view right), ``/media/`` and ``/static/``:
  downloads, not pages; the file tests cover who may fetch them;
- ``/api/…`` (the schema and JSON endpoints): the API tests cover them with their own keys;
- ``/logout/`` and ``/i18n/setlang/``: POST-only actions reached through forms, never links.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from parkops.accounts.models import User
from parkops.testing.demo_db import DemoParkTestCase

ROLES = (
    "admin",
    "zhaoshang",
    "qiye",
    "anquan",
    "gongcheng",
    "kefu",
    "huanjing",
    "pinpai",
    "shuzi",
    "zonghe",
    "tenant",
    "tenant2",
    "assessor",
    "platform",
)
PER_PATTERN = 1
TRACE = False
MAX_PAGES = 200

# href="…" and hx-get="…" (what htmx fetches when the element loads or is clicked).
LINK = re.compile(r"""(?:\shref|\shx-get)\s*=\s*["']([^"']+)["']""")
SKIP_PREFIXES = ("/static/", "/media/", "/files/", "/api/", "/logout/", "/i18n/")


def skipped(path: str, query: str) -> bool:
    if path.startswith(SKIP_PREFIXES):
        return True
    if "export=" in query:
        return True
    return path.startswith("/imports/") and path.rstrip("/").endswith("/template")


def pattern_of(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.view_name or match.route


def links(html: str, base: str) -> list[str]:
    out = []
    for raw in LINK.findall(html):
        href = unescape(raw).strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            continue
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "testserver":
            continue  # another site
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def crawl(client: Client) -> tuple[list[tuple[str, int, str]], int]:
    """(broken links as (url, status, page that offered it), pages visited)."""
    seen: set[str] = set()
    per_pattern: Counter[str] = Counter()
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    broken = []
    visited = 0
    while queue and visited < MAX_PAGES:
        url, referrer = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        parts = urlsplit(url)
        if skipped(parts.path, parts.query):
            continue
        pattern = pattern_of(parts.path)
        if per_pattern[pattern] >= PER_PATTERN:
            continue
        per_pattern[pattern] += 1
        visited += 1
        if TRACE:
            print("  ", url, flush=True)  # noqa: T201
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if response.status_code in (301, 302):
            location = response.headers["Location"]
            if "/login/" in location:
                broken.append((url, 302, referrer))
            elif location not in seen:
                queue.append((urljoin(url, location), referrer))
            continue
        if response.status_code >= 400:
            broken.append((url, response.status_code, referrer))
            continue
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        for link in links(response.content.decode(), url):
            if link not in seen:
                queue.append((link, url))
    return broken, visited


# No xdist_group: the roles spread over both workers, each loading the demo park built once
# (in the background from the start of `make test`) in a second or two.
@pytest.mark.single_db
class CrawlTests(DemoParkTestCase):
    """One test per role, so a report names the role and one role can be rerun alone; the
    detail pages' readable history is checked on the same demo."""

    def test_each_apps_detail_page_reads_its_history(self):
        from parkops.audit.tests.test_app_history_pages import PAGES, history_problems

        client = Client()
        client.force_login(User.objects.get(username="admin"))
        problems = [problem for label in PAGES for problem in history_problems(client, label)]
        assert problems == [], "\n".join(map(str, problems))

    def crawl_as(self, username: str) -> None:
        client = Client()
        client.force_login(User.objects.get(username=username))
        broken, visited = crawl(client)
        # A crawl that stopped at the door would find nothing wrong; each role reaches its pages.
        assert visited >= 15, f"{username} reached only {visited} pages"
        assert not broken, f"{username}: links that lead nowhere:\n" + "\n".join(
            f"  {status} {url}  (linked from {referrer})" for url, status, referrer in broken
        )


def _role_test(username: str):
    def test(self):
        self.crawl_as(username)

    test.__name__ = f"test_links_open_for_{username}"
    test.__doc__ = f"Every link {username} is shown opens for {username}."
    return test


for _username in ROLES:
    setattr(CrawlTests, f"test_links_open_for_{_username}", _role_test(_username))
