"""Insights reads the other apps only through their selectors (and asks their permissions):
no other app's model manager is used here; only insights' own tallies (``insights.models``)
are queried directly."""

import ast
from pathlib import Path

import insights

INSIGHTS_DIR = Path(insights.__file__).parent


def _modules():
    return sorted(INSIGHTS_DIR.glob("*.py"))


OWN_MODELS = {"MeetingTally", "OrganisationTally", "MonthTally", "MemberTally", "MeetingMonthTally"}


def test_insights_never_queries_a_model_directly():
    offenders = [
        f"{path.name}:{node.lineno}"
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute)
        and node.attr in {"objects", "_default_manager", "_base_manager"}
        and not (isinstance(node.value, ast.Name) and node.value.id in OWN_MODELS)
    ]
    assert offenders == []


def test_insights_imports_other_apps_only_through_selectors_or_for_choices():
    allowed_models = {"Meeting", "Community", "Organisation", "Province", "Level", "User"}
    offenders = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
                continue
            app, _, rest = node.module.partition(".")
            if app not in {"members", "meetings", "coordinators"}:
                continue
            names = {a.name for a in node.names}
            if node.module == app and names <= {"selectors", "permissions"}:
                continue
            if rest == "permissions":
                continue
            if rest == "models" and names <= allowed_models:
                continue
            offenders.append(f"{path.name}:{node.lineno} {node.module}")
    assert offenders == []
