"""The code's identity, for caches that outlive a process (Redis, files under var/): a result
kept under it is never handed to a platform upgraded since."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path


@functools.cache
def code_mark() -> str:
    """A digest of the package's Python sources and translation catalogues (paths and contents)."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.po")]):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def static_mark() -> str:
    """A digest of the static files ``collectstatic`` would copy (each path the first finder
    gives, with its contents) and of the storage that post-processes them."""
    from django.apps import apps
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    ignore = apps.get_app_config("staticfiles").ignore_patterns
    found = {}
    for finder in get_finders():
        for path, storage in finder.list(ignore):
            found.setdefault(path, storage)  # the first finder's file is the one collected
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for path in sorted(found):
        digest.update(path.encode())
        with found[path].open(path) as source:
            digest.update(hashlib.file_digest(source, "sha256").digest())
    return digest.hexdigest()[:16]


def collect_static_if_changed() -> bool:
    """``collectstatic``, unless the files collected last time are those of ``static_mark()``.

    Compressing and hashing the ~600 files (ECharts, the API viewers) takes about 30 s of CPU
    on two cores, which every restart of `parkops serve` paid. True when it collected."""
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    mark = static_mark()
    record = settings.VAR_DIR / "cache" / "static-mark"
    manifest = getattr(staticfiles_storage, "manifest_name", None)  # what pages' {% static %} read
    root = Path(settings.STATIC_ROOT)
    collected = (root / manifest).exists() if manifest else any(p.is_file() for p in root.rglob("*"))
    if collected and record.exists() and record.read_text() == mark:
        return False
    record.unlink(missing_ok=True)  # a collect cut short is done again next time
    # --clear: collectstatic alone keeps a collected file newer than its source, and a release
    # unpacked with its files' dates (tar, cp -p) may well be older.
    call_command("collectstatic", "--noinput", "--clear", verbosity=0)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(mark)
    return True
