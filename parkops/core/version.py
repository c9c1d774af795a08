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
