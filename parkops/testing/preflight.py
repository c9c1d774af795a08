"""`python -m parkops.testing.preflight`: what `make test` needs from the system, checked in a
second before a run of many minutes rather than found missing at its end.

Debian packages: Chromium (the browser journeys drive Debian's own build, never a downloaded
browser), a CJK font to embed in PDFs (fonts-noto-cjk, or ``PARKOPS_PDF_FONT``) and gettext's
``msgfmt`` (the catalogues). `.ci/run` installs the missing ones; on a workstation the message
says which to install."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from parkops.core.pdf import FontMissing, source_font  # no Django at import


def missing_packages() -> list[str]:
    missing = []
    if not (Path("/usr/bin/chromium").exists() or shutil.which("chromium")):
        missing.append("chromium")
    try:
        source_font()
    except FontMissing:
        missing.append("fonts-noto-cjk")
    if not shutil.which("msgfmt"):
        missing.append("gettext")
    return missing


def main() -> int:
    missing = missing_packages()
    if missing:
        names = " ".join(missing)
        print(
            f"make test needs these Debian packages: {names}\n  apt-get install {names}   (.ci/run installs them)"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
