"""The first load of a page on a phone: its size budget, and the built Bootstrap subset it rests on.

A first visit fetches the page's HTML and every file it links from static/ (stylesheets, scripts,
the icon, and the fonts or images the stylesheets point to). The budget counts them gzipped: the
HTML at level 6 (the page cache's gzip), the static files exactly as WhiteNoise precompresses
them for production (``collectstatic``: level 9). Sizes, not times: no browser, no clock.

The CSS and JS are built from the vendored Bootstrap sources by ``make assets`` (README,
"Front-end assets"); these tests need no npm: they read what the build committed.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone
from whitenoise.compress import Compressor

from tests.factories import MeetingFactory, RegistrationFactory

BUDGET = 40_000  # bytes, gzipped: HTML + CSS + JS + icon + fonts of one first load
ROOT = Path(settings.BASE_DIR)
ASSETS = ROOT / "assets"
BUILT_CSS = ROOT / "static/vendor/bootstrap/css/bootstrap.portal.min.css"
REBUILD = "rebuild with `make assets` (README, 'Front-end assets')"


class _Links(HTMLParser):
    """The URLs a browser fetches on its own while loading the page."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = set((attrs.get("rel") or "").split())
        if tag == "link" and rel & {"stylesheet", "icon", "preload", "modulepreload"} and attrs.get("href"):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def static_file(url: str) -> Path:
    path = urlparse(url).path
    assert path.startswith(settings.STATIC_URL), f"{url}: a first load fetches nothing but static files"
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"{url}: no such static file"
    return Path(found)


def linked_files(html: str) -> dict[str, Path]:
    """Every static file the page makes the browser fetch, followed through the stylesheets."""
    parser = _Links()
    parser.feed(html)
    files: dict[str, Path] = {}
    queue = list(parser.urls)
    while queue:
        url = queue.pop(0)
        if url in files:
            continue
        files[url] = static_file(url)
        if url.endswith(".css"):
            for match in CSS_URL.finditer(files[url].read_text()):
                ref = match.group(1) or match.group(2)
                if not ref.startswith(("data:", "#")):
                    queue.append(urljoin(url, ref))
    return files


def first_load(client, path: str) -> tuple[int, list[str]]:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content
    total = len(gzip.compress(html, compresslevel=6, mtime=0))
    lines = [f"{total:7d}  {path} (HTML)"]
    for url, file in linked_files(html.decode()).items():
        size = len(Compressor.compress_gzip(file.read_bytes()))
        total += size
        lines.append(f"{size:7d}  {url}")
    return total, lines


@pytest.fixture
def busy_meeting(db, member):
    """A meeting with a long description, among a full home page's worth of others; the member
    is registered for a few, so their home lists their next meetings."""
    description = "Жендэрийн эрх тэгш байдлыг хангах бодлого, төлөвлөлт, төсвийн уялдааны талаар. " * 12
    meetings = [MeetingFactory(description_mn=description, description_en=description) for _ in range(8)]
    for i, meeting in enumerate(meetings[:3]):
        meeting.starts_at = timezone.now() + dt.timedelta(days=2 + i)
        meeting.save(update_fields=["starts_at"])
        RegistrationFactory(meeting=meeting, user=member)
    return meetings[0]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["mn", "en"])
@pytest.mark.parametrize("role", ["visitor", "member"])
def test_first_load_of_home_and_meeting_pages_fits_the_budget(client, member, busy_meeting, role, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if role == "member":
        client.force_login(member)
    for path in ("/", busy_meeting.get_absolute_url()):
        total, lines = first_load(client, path)
        report = "\n".join([*lines, f"{total:7d}  total (budget {BUDGET})"])
        assert total <= BUDGET, f"{role}, {language}, {path}: first load over budget\n{report}"


def test_pages_link_the_built_bootstrap_subset_only():
    base = (ROOT / "templates/base.html").read_text()
    assert "vendor/bootstrap/css/bootstrap.portal.min.css" in base
    assert "vendor/bootstrap/js/bootstrap.portal.min.js" in base
    linked = re.compile(r"bootstrap(\.bundle)?(\.min)?\.(css|js)['\"]")
    offenders = [
        str(p.relative_to(ROOT)) for p in ROOT.glob("templates/**/*.html") if linked.search(p.read_text())
    ]
    assert offenders == [], "link the built subset, vendor/bootstrap/*/bootstrap.portal.min.*"


def test_built_files_are_the_build_s_own():
    """assets/build.sha256 is written by the build: a hand edit of a built file shows here."""
    recorded = dict(
        reversed(line.split("  ", 1)) for line in (ASSETS / "build.sha256").read_text().splitlines() if line
    )
    assert set(recorded) == {
        "static/vendor/bootstrap/css/bootstrap.portal.min.css",
        "static/vendor/bootstrap/js/bootstrap.portal.min.js",
        "assets/bootstrap-classes.txt",
    }
    for path, digest in recorded.items():
        assert hashlib.sha256((ROOT / path).read_bytes()).hexdigest() == digest, (
            f"{path} edited by hand: {REBUILD}"
        )


TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
# col-lg-{% if … %}4{% else %}2{% endif %}: col-lg-4 and col-lg-2 (as assets/build.mjs reads it).
COMPLETED = re.compile(r"([A-Za-z0-9_-]+-)\{%\s*if\b[^%]*%\}(.*?)\{%\s*endif\s*%\}", re.S)
BRANCH = re.compile(r"\{%\s*(?:elif\b[^%]*|else\s*)%\}")
CLASS_ATTR = re.compile(r"""class=(?:"([^"]*)"|'([^']*)')""")
PYTHON_CLASS = re.compile(r"""["']class["']\s*:\s*["']([^"']*)["']""")


def class_names(attribute: str) -> list[str]:
    """The classes a template's class attribute can give, each completion of a class included."""
    names = TEMPLATE_TAG.sub(" ", attribute).split()
    for match in COMPLETED.finditer(attribute):
        for branch in BRANCH.split(match.group(2)):
            piece = re.match(r"[A-Za-z0-9_-]+", branch)
            if piece:
                names.append(match.group(1) + piece.group(0))
    return names


def test_class_names_reads_completions():
    attribute = "col-12 col-lg-{% if a == 'q' %}4{% elif b %}3{% else %}2{% endif %} {{ extra }}"
    assert {"col-12", "col-lg-4", "col-lg-3", "col-lg-2"} <= set(class_names(attribute))


def _project_files(suffix: str, under: tuple[str, ...] = ()):
    """The portal's own files ending in ``suffix`` (the build's content, less crispy-forms')."""
    skip = {"var", "node_modules", "tests", "bench", "assets", "locale", "docs", "static"}
    for folder in sorted(ROOT.iterdir()):
        own = folder.is_dir() and not folder.name.startswith(".") and folder.name not in skip
        if own and (not under or folder.name in under):
            yield from sorted(folder.rglob(f"*{suffix}"))


def test_every_bootstrap_class_the_templates_use_is_in_the_build():
    """The build drops the Bootstrap classes no template uses; a template that starts using one
    needs a rebuild (and a component the build leaves out needs adding to bootstrap-portal.scss)."""
    bootstrap = set((ASSETS / "bootstrap-classes.txt").read_text().split())
    built = set(re.findall(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)", BUILT_CSS.read_text()))
    used: dict[str, str] = {}
    for path in _project_files(".html"):
        for match in CLASS_ATTR.finditer(path.read_text()):
            for name in class_names(match.group(1) or match.group(2)):
                used.setdefault(name, str(path.relative_to(ROOT)))
    for path in _project_files(".py"):
        for match in PYTHON_CLASS.finditer(path.read_text()):
            for name in match.group(1).split():
                used.setdefault(name, str(path.relative_to(ROOT)))
    missing = sorted(
        f"{name} ({where})" for name, where in used.items() if name in bootstrap and name not in built
    )
    assert missing == [], f"Bootstrap classes missing from the built CSS: {', '.join(missing)}; {REBUILD}"


def test_forms_use_crispy_templates_the_build_read():
    """The build keeps what crispy-forms' Bootstrap 5 templates use for ``|crispy``, less the
    layout objects of a FormHelper (FloatingField, Switch …), which the portal does not use."""
    helpers = [
        str(path.relative_to(ROOT))
        for path in _project_files(".py")
        if re.search(r"crispy_forms\.(helper|layout|bootstrap)\b", path.read_text())
    ]
    assert helpers == [], f"crispy layout objects need their classes in assets/build.mjs: {helpers}"


def test_bootstrap_plugins_in_templates_are_the_bundled_ones():
    """The bundle has collapse and dropdown only, and dropdown without Popper: every dropdown is
    in the navbar, where Bootstrap places menus with CSS (assets/popper-static.js)."""
    toggles: dict[str, set[str]] = {}
    others = []
    for path in _project_files(".html", under=("templates",)):
        text = path.read_text()
        name = str(path.relative_to(ROOT / "templates"))
        for kind in re.findall(r'data-bs-toggle="([^"]+)"', text):
            toggles.setdefault(kind, set()).add(name)
        others += [f"{name}: {attr}" for attr in re.findall(r"data-bs-(?:dismiss|slide|spy|ride)\b", text)]
    assert set(toggles) <= {"collapse", "dropdown"}, (
        f"add the plugin to assets/bootstrap-portal.js: {toggles}"
    )
    assert others == []
    # Each part is rendered into the navbar by its tag (members/templatetags/access.py), which
    # renders the template of that name.
    navbar_parts = {"nav_items": "_partials/nav_items.html", "account_menu": "_partials/account_menu.html"}
    assert toggles.get("dropdown", set()) <= set(navbar_parts.values()), (
        "a dropdown outside the navbar needs Popper"
    )
    navbar = (ROOT / "templates/_partials/navbar.html").read_text()
    tags = (ROOT / "members/templatetags/access.py").read_text()
    assert 'class="navbar ' in navbar
    assert all("{% " + tag + " %}" in navbar for tag in navbar_parts)
    assert all(f'"{part}"' in tags for part in navbar_parts.values())
