"""Visual harness: every page of the URL map × role × width × language, in Debian's Chromium.

For each page it asserts: no sideways scroll, every navbar item inside the viewport (menus are
opened one by one on the home page), no pinned table cell covers another at the first view,
chart legends and axis labels stay on the screen and inside their chart, a chart wider than its
box scrolls in it, scrolling insights tables keep their label columns in view, no serious or
critical axe-core violation (at 360 and 1280 px: the collapsed and the expanded layout). The
printable pages (``PRINTED``: the participation report, the convention and a progress report,
a meeting's registrations, a certificate's check page) are printed to PDF on A4 portrait
(tests/browser/printing.py: nothing wider than the paper, headings repeated, totals once,
folded parts unfolded, no text off the page), and the member's certificates of attendance are
downloaded in both languages (file name, language, A4, nothing off the page, links large enough
to tap). A summary goes to ``var/screenshots/report.json``. With ``VISUAL_SCREENSHOTS=1`` it also saves a screenshot under
``var/screenshots/<role>/<lang>/<width>/<page>.jpg`` (360 and 1280 px) for a human to review
(``make screens``); the suite's own run checks without saving pictures nobody looks at.

One browser; the ten role × language sessions run three at a time (async Playwright in a
thread of its own), so the whole matrix takes a few minutes on two cores.

To look at a few pages only (the report and the screenshots of the others are left alone):
``VISUAL_PAGES="proposal-*,verify-*" VISUAL_ROLES=member,visitor pytest tests/browser/test_visual.py``
(comma-separated page names of ``url_map()``, shell-style patterns allowed).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import fnmatch
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.printing import pdf_problems, print_page_async
from tests.browser.support import COLLAPSE_BELOW, LAYOUT_JS, session_cookies
from tests.conftest import CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 1920, 768, 360)
# The collapsed (360) and the expanded (1280) layout: axe-core and screenshots there, layout checks at all.
AXE_WIDTHS = (1280, 360)
# Pictures for reviewers only when asked (``make screens``): they cost the suite half a minute.
SCREENSHOT_WIDTHS = (1280, 360) if os.environ.get("VISUAL_SCREENSHOTS") == "1" else ()
LANGUAGES = ("mn", "en")
PARALLEL = 3
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
AXE_URL = "/static/vendor/axe-core/axe.min.js"
# Printable pages, printed to A4 in one role's sessions (both languages): page name -> role.
PRINTED = {
    "annual-report": "coordinator",
    "convention": "member",
    "convention-report": "contact",
    "verify-valid": "member",
    "branch-meeting-registrations": "focal",
}
# Where the certificates of attendance are downloaded (one mn and one en PDF per session).
CERTIFICATES_PAGE = ("member", "participation")
TAP_PX = 44
# Pages whose answer is meant to be an error page (checked like any other page).
EXPECTED_STATUS = {"verify-invalid": 404}

# Tables: a pinned cell never lies over another cell of its row at the first view, and a table
# that scrolls keeps its label column in its box. Charts: the legend's items are inside the
# screen and apart (real text widths), and a chart wider than its box scrolls inside it.
TABLES_JS = """
() => {
  const out = [];
  const vw = document.documentElement.clientWidth;
  const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  for (const table of document.querySelectorAll('main table')) {
    const name = table.dataset.testid || table.className;
    for (const row of table.rows) {
      const cells = [...row.cells].filter((c) => c.getBoundingClientRect().width > 0);
      const pinned = cells.filter((c) => getComputedStyle(c).position === 'sticky');
      for (const p of pinned) {
        for (const c of cells) {
          if (c !== p && !pinned.includes(c) && overlap(p.getBoundingClientRect(), c.getBoundingClientRect())) {
            out.push(`${name}: pinned "${p.innerText.trim()}" covers "${c.innerText.trim()}"`);
          }
        }
      }
    }
  }
  for (const box of document.querySelectorAll('.table-responsive')) {
    if (box.scrollWidth <= box.clientWidth) continue;
    const b = box.getBoundingClientRect();
    const table = box.querySelector('.insights-table');
    if (!table) continue;
    box.scrollLeft = box.scrollWidth;
    const cell = table.querySelector('tbody th[scope=row]');
    if (cell) {
      const r = cell.getBoundingClientRect();
      if (r.left < b.left - 1 || r.right > b.right + 1) {
        out.push(`${table.dataset.testid}: column "${cell.innerText.trim()}" out of its box (scrolled to the end)`);
      }
    }
    box.scrollLeft = 0;
  }
  for (const legend of document.querySelectorAll('main svg .chart-legend')) {
    const items = [...legend.querySelectorAll('text, rect, line')].map((e) => e.getBoundingClientRect());
    for (const r of items) {
      if (r.right > vw + 1 || r.left < -1) out.push(`chart legend outside the screen (${Math.round(r.right)} > ${vw})`);
    }
    const texts = [...legend.querySelectorAll('text')];
    for (const t of texts) {
      const r = t.getBoundingClientRect();
      for (const other of items) {
        if (other !== r && other.left > r.left && overlap(r, other)) {
          out.push(`chart legend "${t.textContent}" runs into the next item`);
        }
      }
    }
  }
  // Axes: every label of a chart (ticks, categories) inside the chart's own box, and at the first
  // view inside the screen unless the chart scrolls in its box.
  for (const svg of document.querySelectorAll('main svg.insights-chart, main svg.results-chart')) {
    const s = svg.getBoundingClientRect();
    if (!s.width) continue;
    const scrolls = svg.closest('.insights-figure, .table-responsive');
    const box = scrolls && scrolls.scrollWidth > scrolls.clientWidth ? scrolls.getBoundingClientRect() : null;
    for (const t of svg.querySelectorAll('text')) {
      if (t.closest('.chart-legend')) continue;
      const r = t.getBoundingClientRect();
      if (!r.width) continue;
      if (r.left < s.left - 1 || r.right > s.right + 1 || r.top < s.top - 1 || r.bottom > s.bottom + 1) {
        out.push(`chart ${svg.dataset.testid} axis label "${t.textContent}" cut off by the chart's edge`);
      } else if (!box && (r.left < -1 || r.right > vw + 1)) {
        out.push(`chart ${svg.dataset.testid} axis label "${t.textContent}" outside the screen`);
      }
    }
  }
  for (const figure of document.querySelectorAll('main .insights-figure')) {
    const svg = figure.querySelector('svg');
    if (!svg) continue;
    const style = getComputedStyle(figure);
    if (svg.getBoundingClientRect().width > figure.clientWidth + 1 && style.overflowX !== 'auto' && style.overflowX !== 'scroll') {
      out.push(`chart ${svg.dataset.testid} clipped: wider than its box, which does not scroll`);
    }
  }
  return out;
}
"""

AXE_RUN = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
}
"""


def url_map() -> dict[str, list[tuple[str, str]]]:
    """Pages per role, from the demo data: the URL contract of PRODUCT.md as built so far."""
    from django.utils import timezone

    from coordinators.models import Election
    from feedback.models import Feedback
    from insights.participation import tokens
    from meetings.models import Attendance, Meeting, SiteVisit
    from members.demo import MEMBER_EMAIL
    from members.models import Community, Organisation
    from proposals.models import Proposal

    now = timezone.now()
    published = Meeting.objects.filter(status=Meeting.Status.PUBLISHED).exclude(
        format__in=[Meeting.Format.CONVENTION, Meeting.Format.SITE_VISIT]
    )
    upcoming = published.filter(starts_at__gte=now).order_by("starts_at").first()
    past = published.filter(starts_at__lt=now).order_by("-starts_at").first()
    convention = Meeting.objects.filter(format=Meeting.Format.CONVENTION).order_by("-starts_at").first()
    visit = SiteVisit.objects.order_by("-pk").first()
    election = Election.objects.order_by("-year").first()
    branch = Community.objects.filter(slug="igg-gender-research").first()
    organisation = Organisation.objects.get(slug="dornod")

    public = [
        ("home", "/"),
        ("meeting-list", "/meetings/"),
        ("visit-list", "/visits/"),
        ("convention-list", "/convention/"),
        ("organisation-list", "/organisations/"),
        ("organisation-detail", organisation.get_absolute_url()),
        ("community-list", "/branches/"),
        ("election-list", "/elections/"),
        ("coordinator-list", "/coordinators/"),
        ("insights-public", "/insights/public/"),
    ]
    if upcoming:
        public.append(("meeting-detail-upcoming", upcoming.get_absolute_url()))
    if past:
        public.append(("meeting-detail-past", past.get_absolute_url()))
    if convention:
        public.append(("convention", f"/convention/{timezone.localtime(convention.starts_at).year}/"))
    if visit:
        public.append(("visit-detail", visit.get_absolute_url()))
    if election:
        public.append(("election-detail", f"/elections/{election.year}/"))
    if branch:
        public.append(("community-detail", f"/branches/{branch.slug}/"))
    public.append(("privacy", "/privacy/"))
    # Gender results: the network, an organisation that published its scorecard, one that did not.
    public += [
        ("results-network", "/results/"),
        ("organisation-results", "/organisations/igg/results/"),
        ("organisation-results-unpublished", "/organisations/dornod/results/"),
    ]
    attended = (
        Attendance.objects.filter(user__email=MEMBER_EMAIL, meeting__ends_at__lt=now)
        .order_by("-meeting__starts_at")
        .first()
    )
    if attended:
        public.append(
            (
                "verify-valid",
                f"/verify/{tokens.attendance_token(holder=attended.user, attendance_id=attended.pk)}/",
            )
        )
    public.append(("verify-invalid", "/verify/not-a-certificate/"))
    signed_in = [
        ("profile", "/profile/"),
        ("meeting-mine", "/meetings/mine/"),
        ("member-list", "/members/"),
        ("participation", "/profile/participation/"),
        # /profile/data/ is a download (JSON or CSV); its page is the privacy page and this one.
        ("account-delete", "/profile/delete/"),
        ("proposal-list", "/proposals/"),
        ("proposal-create", "/proposals/new/"),
    ]
    proposal = Proposal.objects.filter(hidden_at__isnull=True).order_by("pk").first()
    if proposal:
        signed_in.append(("proposal-detail", f"/proposals/{proposal.pk}/"))
    member_only = [("action-list", "/actions/")]
    from results.models import Action, Audit

    own_action = Action.objects.filter(owner__email=MEMBER_EMAIL).order_by("pk").first()
    if own_action:  # the owner's progress form
        member_only.append(("action-detail", own_action.get_absolute_url()))
    contact_only = [
        ("audit-create", "/organisations/dornod/audits/new/"),
        ("action-create", "/organisations/dornod/actions/new/"),
    ]
    if convention:  # the organisation's progress report (frozen once accepted)
        contact_only.append(
            ("convention-report", f"/convention/{timezone.localtime(convention.starts_at).year}/report/")
        )
    draft = Audit.objects.filter(organisation__slug="dornod", status=Audit.Status.DRAFT).first()
    if draft:  # the audit form, filled on a phone
        contact_only.append(("audit-draft", draft.get_absolute_url()))
    if attended:
        from feedback.services import feedback_check_open

        with contextlib.suppress(Exception):  # the demo's latest meeting may be past the feedback window
            feedback_check_open(meeting=attended.meeting, user=attended.user)
            member_only.append(("feedback-form", f"/meetings/{attended.meeting_id}/feedback/"))
    with_feedback = (
        Feedback.objects.order_by("-meeting__starts_at").values_list("meeting_id", flat=True).first()
    )
    coordinator_only = []
    if with_feedback:
        coordinator_only.append(("feedback-results", f"/meetings/{with_feedback}/feedback/results/"))
    open_proposal = (
        Proposal.objects.filter(status=Proposal.Status.OPEN, hidden_at__isnull=True).order_by("pk").first()
    )
    if open_proposal:  # turning a proposal into a meeting: the date and time fields
        coordinator_only.append(("proposal-meeting", f"/proposals/{open_proposal.pk}/meeting/"))
    submitted = Audit.objects.filter(status=Audit.Status.SUBMITTED).first()
    if submitted:  # the review form
        coordinator_only.append(("audit-submitted", submitted.get_absolute_url()))
    coordinator_only.append(("scorecard", "/organisations/igg/results/scorecard/"))
    # Contacts and focal persons see the public pages as a member does, except where their role shows.
    role_dependent = {
        "home",
        "meeting-detail-upcoming",
        "organisation-detail",
        "community-detail",
        "election-detail",
        "convention",
    }
    as_member = [(name, path) for name, path in public if name in role_dependent]
    focal_only = []
    if branch:  # the demo focal person runs this branch: its management pages
        manage = f"/branches/{branch.slug}/manage/"
        focal_only += [
            ("branch-manage", manage),
            ("branch-settings", f"{manage}settings/"),
            ("branch-meeting-create", f"{manage}meetings/new/"),
        ]
        held = (
            Meeting.objects.filter(community=branch, status=Meeting.Status.PUBLISHED, starts_at__lt=now)
            .order_by("-starts_at")
            .first()
        )
        # A held meeting is a record (its edit page answers 409): the edit form is an upcoming one's.
        coming = (
            Meeting.objects.filter(community=branch, status=Meeting.Status.PUBLISHED, starts_at__gt=now)
            .order_by("starts_at")
            .first()
        )
        if coming:
            focal_only.append(("branch-meeting-edit", f"{manage}meetings/{coming.pk}/edit/"))
        if held:
            base = f"{manage}meetings/{held.pk}/"
            focal_only += [
                ("branch-meeting-registrations", f"{base}registrations/"),
                ("branch-meeting-attendance", f"{base}attendance/"),
                ("branch-meeting-materials", f"{base}materials/"),
                ("branch-meeting-minutes", f"{base}minutes/"),
            ]
    return {
        "visitor": [*public, ("login", "/accounts/login/"), ("signup", "/accounts/signup/")],
        "member": [*public, *signed_in, *member_only],
        "contact": [
            *as_member,
            *signed_in,
            ("application-list", "/members/applications/"),
            ("community-register", "/branches/register/"),
            *contact_only,
        ],
        "focal": [*as_member, *signed_in, *focal_only],
        "coordinator": [
            *public,
            *signed_in,
            ("application-list", "/members/applications/"),
            ("insights", "/insights/"),
            ("insights-by-organisation", "/insights/?section=attendance-by-organisation"),
            ("annual-report", "/insights/report/"),
            *coordinator_only,
            ("branch-network", "/insights/network/"),
        ],
    }


def demo_users() -> dict:
    from members.demo import CONTACT_EMAIL, COORDINATOR_EMAIL, FOCAL_EMAIL, MEMBER_EMAIL
    from members.models import User

    return {
        "visitor": None,
        "member": User.objects.get(email=MEMBER_EMAIL),
        "contact": User.objects.get(email=CONTACT_EMAIL),
        "focal": User.objects.get(email=FOCAL_EMAIL),
        "coordinator": User.objects.get(email=COORDINATOR_EMAIL),
    }


async def _navbar_menus(page) -> list[str]:
    """Open the collapsed menu (narrow) and each dropdown in turn; what sticks out of the viewport."""
    problems = []

    async def check(where):
        state = await page.evaluate(LAYOUT_JS)
        problems.extend(f"navbar {where}: {item}" for item in state["outside"])
        if state["scrollWidth"] > state["viewport"]:
            problems.append(f"navbar {where}: page scrolls sideways ({state['scrollWidth']}px)")

    toggler = page.locator(".navbar-toggler")
    if await toggler.is_visible():
        await toggler.click()
        await page.locator("#nav-main.collapse.show").wait_for()
        await check("open menu")
    toggles = page.locator("[data-testid=navbar] [data-bs-toggle=dropdown]")
    for i in range(await toggles.count()):
        toggle = toggles.nth(i)
        if not await toggle.is_visible():
            problems.append(f"navbar menu {i}: toggle not visible")
            continue
        await toggle.click()
        await page.locator("[data-testid=navbar] .dropdown-menu.show").first.wait_for()
        await check(f"menu {(await toggle.inner_text()).strip() or i}")
        await page.keyboard.press("Escape")
    return problems


class Clock:
    """Seconds spent per kind of step (all sessions together), for the closing report."""

    def __init__(self):
        self.spent: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, kind):
        started = time.monotonic()
        try:
            yield
        finally:
            self.spent[kind] = self.spent.get(kind, 0) + time.monotonic() - started


async def _certificates(page, language) -> list[str]:
    """The page's certificate links (at a phone's width) and the first certificate in both
    languages: its file name, its language, A4 portrait and nothing off the paper."""
    from django.utils import translation

    problems = []
    links = page.locator("[data-testid=certificate-mn], [data-testid=certificate-en]")
    if not await links.count():
        return ["no certificate link on the participation record"]
    for i in range(min(await links.count(), 4)):
        box = await links.nth(i).bounding_box()
        if box and box["height"] < TAP_PX:
            problems.append(f"certificate link {i} is {box['height']:.0f} px high, under {TAP_PX} px to tap")
    for lang in ("mn", "en"):
        href = await page.locator(f"[data-testid=certificate-{lang}]").first.get_attribute("href")
        response = await page.request.get(href)
        body = await response.body()
        disposition = response.headers.get("content-disposition", "")
        if response.status != 200 or response.headers.get("content-type") != "application/pdf":
            problems.append(
                f"certificate ({lang}): HTTP {response.status} {response.headers.get('content-type')}"
            )
            continue
        if f"-{lang}.pdf" not in disposition or "certificate-" not in disposition:
            problems.append(f"certificate ({lang}) file name: {disposition!r}")
        found, runs = pdf_problems(body)
        problems += [f"certificate ({lang}): {p}" for p in found]
        with translation.override(lang):
            title = translation.gettext("Certificate of attendance")
        if title not in " ".join(t for *_rest, t in runs):
            problems.append(f"certificate ({lang}) is not in its language: no “{title}”")
    return problems


async def _session(browser, base_url, role, language, cookies, pages, report, printed, semaphore, clock):
    async with semaphore:
        context = await browser.new_context(base_url=base_url, viewport={"width": WIDTHS[0], "height": 900})
        context.set_default_timeout(20_000)
        await context.add_cookies(cookies)
        page = await context.new_page()
        try:
            # The navbar is the same on every page: its menus are opened on the home page only, in
            # the collapsed and the expanded layout (every page's bar is checked at every width).
            for width in AXE_WIDTHS if any(name == "home" for name, _path in pages) else ():
                await page.set_viewport_size({"width": width, "height": 900})
                with clock("navbar menus"):
                    await page.goto("/")
                    for problem in await _navbar_menus(page):
                        report.append((role, language, width, "home", problem))
            for name, path in pages:
                await page.set_viewport_size({"width": WIDTHS[0], "height": 900})
                with clock("load"):
                    response = await page.goto(path)
                expected = EXPECTED_STATUS.get(name, 200)
                if response is None or (response.status >= 400 and response.status != expected):
                    report.append(
                        (role, language, 0, name, f"HTTP {response and response.status} for {path}")
                    )
                    continue
                if await page.locator("html").get_attribute("lang") != language:
                    report.append((role, language, 0, name, "page not in the chosen language"))
                with clock("axe"):
                    # From the site itself: the Content-Security-Policy refuses inline scripts.
                    await page.add_script_tag(url=AXE_URL)
                for width in WIDTHS:
                    with clock("layout"):
                        await page.set_viewport_size({"width": width, "height": 900})
                        state = await page.evaluate(LAYOUT_JS)
                    for item in state["outside"]:
                        report.append(
                            (role, language, width, name, f"navbar item outside the viewport: {item}")
                        )
                    if state["scrollWidth"] > state["viewport"]:
                        report.append(
                            (role, language, width, name, f"scrolls sideways: {state['scrollWidth']}px wide")
                        )
                    if width >= COLLAPSE_BELOW and state["navHeight"] > 80:
                        report.append((role, language, width, name, "navbar wraps onto a second row"))
                    for problem in await page.evaluate(TABLES_JS):
                        report.append((role, language, width, name, problem))
                    if width in AXE_WIDTHS:
                        with clock("axe"):
                            for violation in await page.evaluate(AXE_RUN):
                                report.append((role, language, width, name, f"axe: {violation}"))
                    if width in SCREENSHOT_WIDTHS:
                        with clock("screenshots"):
                            shot = SCREENSHOTS / role / language / str(width) / f"{name}.jpg"
                            await page.screenshot(path=shot, full_page=True, type="jpeg", quality=55)
                if PRINTED.get(name) == role:
                    with clock("print"):
                        problems, _runs = await print_page_async(page)
                    report.extend((role, language, "A4", name, f"print: {p}") for p in problems)
                    printed.append(f"{role}/{language} {name}")
                if (role, name) == CERTIFICATES_PAGE:
                    with clock("print"):
                        for problem in await _certificates(page, language):
                            report.append((role, language, 360, name, problem))
                    printed.append(f"{role}/{language} certificates")
        finally:
            await context.close()


async def _run_matrix(base_url, sessions, report, printed, clock):
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        semaphore = asyncio.Semaphore(PARALLEL)
        try:
            await asyncio.gather(
                *(
                    _session(
                        browser, base_url, role, language, cookies, pages, report, printed, semaphore, clock
                    )
                    for role, language, cookies, pages in sessions
                )
            )
        finally:
            await browser.close()


def selected(pages: list[tuple[str, str]], patterns: str) -> list[tuple[str, str]]:
    """The pages whose name matches one of the comma-separated ``patterns`` (all when empty)."""
    wanted = [p.strip() for p in patterns.split(",") if p.strip()]
    if not wanted:
        return pages
    return [(name, path) for name, path in pages if any(fnmatch.fnmatch(name, w) for w in wanted)]


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="layout does not depend on the database: the SQLite run of the suite covers the whole matrix",
)
def test_every_page_fits_every_width_role_and_language(live_server):
    call_command("seed_demo")
    users = demo_users()
    pages_by_role = url_map()
    only_pages, only_roles = os.environ.get("VISUAL_PAGES", ""), os.environ.get("VISUAL_ROLES", "")
    roles = {r.strip() for r in only_roles.split(",") if r.strip()} or set(users)
    sessions = [
        (
            role,
            language,
            session_cookies(user, live_server.url, language),
            selected(pages_by_role[role], only_pages),
        )
        for role, user in users.items()
        if role in roles
        for language in LANGUAGES
    ]
    sessions = [session for session in sessions if session[3]]
    assert sessions, f"no page matches VISUAL_PAGES={only_pages!r} VISUAL_ROLES={only_roles!r}"
    if not (only_pages or only_roles):
        shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    for role, language, _cookies, _pages in sessions:
        for width in SCREENSHOT_WIDTHS:
            (SCREENSHOTS / role / language / str(width)).mkdir(parents=True, exist_ok=True)

    report: list[tuple] = []
    printed: list[str] = []
    clock = Clock()

    started = time.monotonic()
    # Its own thread and event loop: the sync Playwright of the other browser tests keeps its own.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _run_matrix(live_server.url, sessions, report, printed, clock)).result()
    duration = time.monotonic() - started

    checked = sum(len(pages) for *_rest, pages in sessions) * len(WIDTHS)
    report_name = "report.json" if not (only_pages or only_roles) else "report-selection.json"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / report_name).write_text(
        json.dumps(
            {
                "roles": [role for role, *_rest in sessions[:: len(LANGUAGES)]],
                "widths": WIDTHS,
                "languages": LANGUAGES,
                "page_views_checked": checked,
                "printed_on_a4": sorted(printed),
                "seconds": round(duration),
                "seconds_per_step": {kind: round(spent) for kind, spent in clock.spent.items()},
                "problems": [
                    {"role": r, "language": lang, "width": w, "page": n, "problem": p}
                    for r, lang, w, n, p in report
                ],
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    steps = ", ".join(f"{kind} {spent:.0f} s" for kind, spent in clock.spent.items())
    print(
        f"\nvisual harness: {checked} page views in {duration:.0f} s ({steps}); screenshots in {SCREENSHOTS}"
    )
    lines = sorted({f"{r}/{lang}/{w}px {n}: {p}" for r, lang, w, n, p in report})
    if not (only_pages or only_roles):  # every printable page was printed, in both languages
        wanted = {f"{role}/{lang} {name}" for name, role in PRINTED.items() for lang in LANGUAGES}
        wanted |= {f"{CERTIFICATES_PAGE[0]}/{lang} certificates" for lang in LANGUAGES}
        lines += [f"not printed: {item}" for item in sorted(wanted - set(printed))]
    assert lines == [], f"{len(lines)} problems:\n" + "\n".join(lines[:200])
