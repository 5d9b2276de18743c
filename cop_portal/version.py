"""The portal's version, as ``pyproject.toml`` states it (backups and error reports carry it)."""

from functools import cache
from pathlib import Path


@cache
def portal_version() -> str:
    import tomllib

    try:
        with open(Path(__file__).resolve().parent.parent / "pyproject.toml", "rb") as fh:
            return tomllib.load(fh)["project"]["version"]
    except (OSError, KeyError, ValueError):
        return "unknown"
