"""Compile the project's and apps' ``locale/*/LC_MESSAGES/*.po`` to ``.mo`` without GNU gettext.

``make`` runs this so a fresh clone shows Mongolian on a machine that has only
Python; ``makemessages`` (which needs gettext) is only for developers adding strings.
Fuzzy entries are left out, as msgfmt does.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def compile_all(root: Path = ROOT) -> int:
    count = 0
    catalogues = [*root.glob("locale/*/LC_MESSAGES/*.po"), *root.glob("locale/overrides/*/LC_MESSAGES/*.po")]
    for po_path in sorted(catalogues):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        po = polib.pofile(str(po_path))
        for entry in po.fuzzy_entries():
            po.remove(entry)
        po.save_as_mofile(str(mo_path))
        count += 1
    return count


if __name__ == "__main__":
    n = compile_all()
    print(f"compiled {n} catalogue(s)", file=sys.stderr)
