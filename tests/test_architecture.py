"""The arrows of the README's "Architecture" section, read from the code itself (``ast``).

    floor 6  api                       the open data: reads every app below; nothing imports it
    floor 5  insights   library        read every app below; only api imports them
    floor 4  branches   feedback   results   features with their own pages and rules
    floor 3  proposals  coordinators
    floor 2  meetings
    floor 1  members
    floor ½  notices                   the one e-mail outbox
    floor 0  cop_portal                wiring and the pieces every app shares

Each app imports only the apps its row of ``ALLOWED`` names, all on lower floors, never one
on its own floor, so the arrows form a DAG. Every app may use cop_portal's shared pieces;
cop_portal imports apps only in its wiring; only the api imports insights and library; nothing imports the api; no app imports another
app's views.

Every ``import``/``from … import`` of every ``.py`` file of the apps counts, also inside a
function (a deferred import is still a dependency), except under ``if TYPE_CHECKING:``.
A failure names the file, the line and the import that goes the wrong way.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each app may import besides itself, from the top of the house down.
ALLOWED: dict[str, set[str]] = {
    # insights reads every app below it (through their selectors); only the api imports insights.
    "insights": {
        "branches",
        "feedback",
        "results",
        "proposals",
        "coordinators",
        "meetings",
        "members",
        "notices",
        "cop_portal",
    },
    # api: the open data, reading every app below through its selectors (insights' public
    # sections and the library's search too); nothing imports api.
    "api": {
        "insights",
        "library",
        "results",
        "branches",
        "feedback",
        "proposals",
        "coordinators",
        "meetings",
        "members",
        "notices",
        "cop_portal",
    },
    # results: gender audits, indicators, actions; on the floor of branches and feedback.
    "results": {"proposals", "meetings", "members", "notices", "cop_portal"},
    # library: the CoP's knowledge and its search; reads the apps below through their
    # selectors (its index refresh), nothing but the open-data api imports it.
    "library": {
        "results",
        "branches",
        "feedback",
        "proposals",
        "coordinators",
        "meetings",
        "members",
        "notices",
        "cop_portal",
    },
    "branches": {"proposals", "meetings", "members", "notices", "cop_portal"},
    "feedback": {"proposals", "meetings", "members", "notices", "cop_portal"},
    "proposals": {"meetings", "members", "notices", "cop_portal"},
    "coordinators": {"members", "notices", "cop_portal"},
    "meetings": {"members", "notices", "cop_portal"},
    "members": {"notices", "cop_portal"},
    # The one outbox, just above cop_portal: every app registers its e-mails with it.
    "notices": {"cop_portal"},
    "cop_portal": set(),  # except its wiring (below)
}
APPS = tuple(ALLOWED)

# cop_portal holds wiring and the pieces every app shares. The shared pieces (errors, csv,
# ical, abstract models, middleware, …) import no app; only the wiring does: the URL
# conf and settings name the apps, Celery discovers their tasks, and project-wide management
# commands (seed_demo) drive several apps at once.
COP_PORTAL_WIRING = ("cop_portal/urls.py", "cop_portal/settings.py", "cop_portal/celery.py")
COP_PORTAL_WIRING_DIRS = ("cop_portal/management/",)

MAX_LINES = 400


@dataclass(frozen=True)
class Import:
    path: str  # relative to the repository, with forward slashes
    line: int
    target: str  # absolute dotted module name

    def __str__(self):
        return f"{self.path}:{self.line} imports {self.target}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package_of(path: Path) -> str:
    name = _module_name(path)
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _python_files(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "__pycache__" not in p.parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of nodes under ``if TYPE_CHECKING:`` (imports for annotations only)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for child in node.body:
                    skipped.update(id(n) for n in ast.walk(child))
    return skipped


def imports_of(path: Path, known_modules: set[str]) -> list[Import]:
    """Absolute modules ``path`` imports. ``from pkg import sub`` counts as ``pkg.sub`` when
    that is a module of ours, else as ``pkg``; ``apps.get_model("app", …)`` counts as ``app``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = _type_checking_nodes(tree)
    rel = path.relative_to(ROOT).as_posix()
    found: list[Import] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [Import(rel, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package_of(path).split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.append(Import(rel, node.lineno, sub if sub in known_modules else module))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and "/migrations/" not in rel
        ):
            label = node.args[0].value.partition(".")[0]
            found.append(Import(rel, node.lineno, label))
    return found


def _all_imports() -> dict[str, list[Import]]:
    files = {app: _python_files(app) for app in APPS}
    known = {_module_name(p) for paths in files.values() for p in paths}
    return {app: [i for p in paths for i in imports_of(p, known)] for app, paths in files.items()}


IMPORTS = _all_imports()


def _app_of(module: str) -> str:
    return module.split(".")[0]


def test_the_allowed_arrows_form_a_dag():
    """Every app named in ``ALLOWED`` is an app, and following the arrows never comes back."""
    assert all(targets <= set(APPS) for targets in ALLOWED.values())
    graph = {app: set(targets) for app, targets in ALLOWED.items()}
    assert _cycles(graph) == []


@pytest.mark.parametrize("app", [a for a in APPS if a != "cop_portal"])
def test_app_imports_only_downhill(app):
    others = set(APPS) - {app}
    wrong = sorted(
        {str(i) for i in IMPORTS[app] if _app_of(i.target) in others - ALLOWED[app]},
    )
    assert wrong == [], f"{app} may import only {sorted(ALLOWED[app])}:\n" + "\n".join(wrong)


# Apps read by few: each may be imported only by itself and the apps named here.
READ_ONLY_BY = {
    "library": ({"api"}, "library is read by the api only"),
    "insights": ({"api"}, "insights is read by the api only (its public figures)"),
    "api": (set(), "api is the top floor: nothing imports it"),
}


@pytest.mark.parametrize("target", sorted(READ_ONLY_BY))
def test_apps_read_by_few_are_imported_only_by_them(target):
    readers, why = READ_ONLY_BY[target]
    wrong = [
        str(i)
        for app, imports in IMPORTS.items()
        if app not in {target} | readers
        for i in imports
        if _app_of(i.target) == target
    ]
    assert wrong == [], f"{why}\n" + "\n".join(wrong)


def test_no_app_imports_another_apps_views():
    """An app reaches another through its selectors and services, never through its pages."""
    wrong = [
        str(i)
        for app, imports in IMPORTS.items()
        for i in imports
        if _app_of(i.target) in set(APPS) - {app} and "views" in i.target.split(".")[1:]
    ]
    assert wrong == [], "import another app's selectors or services, not its views:\n" + "\n".join(wrong)


def test_cop_portal_imports_apps_only_in_its_wiring():
    apps = set(APPS) - {"cop_portal"}
    wrong = [
        str(i)
        for i in IMPORTS["cop_portal"]
        if _app_of(i.target) in apps
        and i.path not in COP_PORTAL_WIRING
        and not i.path.startswith(COP_PORTAL_WIRING_DIRS)
    ]
    assert wrong == [], "cop_portal's shared pieces must not import an app:\n" + "\n".join(wrong)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module, or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("app", APPS)
def test_no_import_cycle_inside_an_app(app):
    modules = {_module_name(p) for p in _python_files(app)}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    lines: dict[tuple[str, str], str] = {}
    for i in IMPORTS[app]:
        source = _module_name(ROOT / i.path)
        if i.target in modules and i.target != source:
            graph[source].add(i.target)
            lines.setdefault((source, i.target), str(i))
    cycles = _cycles(graph)
    detail = [
        " → ".join(cycle)
        + "\n    "
        + "\n    ".join(lines[(a, b)] for a in cycle for b in cycle if (a, b) in lines)
        for cycle in cycles
    ]
    assert cycles == [], f"import cycles inside {app}:\n" + "\n".join(detail)


def _counted(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "migrations" not in parts and not any(p in ("demo", "demo.py") for p in parts)


def test_no_module_over_400_lines():
    too_long = [
        f"{p.relative_to(ROOT).as_posix()}: {n} lines"
        for app in APPS
        for p in _python_files(app)
        if _counted(p) and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert too_long == [], f"split into a package (over {MAX_LINES} lines):\n" + "\n".join(too_long)


def test_the_architecture_test_sees_the_code():
    """Guard against a vacuous pass: the files and the known arrows are really read."""
    assert all(_python_files(app) for app in APPS)
    assert any(_app_of(i.target) == "members" for i in IMPORTS["meetings"])
    assert any(_app_of(i.target) == "members" for i in IMPORTS["coordinators"])
    assert any(_app_of(i.target) == "proposals" for i in IMPORTS["feedback"])
    assert any(_app_of(i.target) == "meetings" for i in IMPORTS["branches"])
