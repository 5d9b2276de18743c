"""Importing members from CSV: every row checked first, then all rows or none."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate

from .. import permissions, selectors
from ..models import CommunityMembership, Organisation, User
from .invitations import member_invite

IMPORT_HEADERS = ("email", "full_name", "organisation", "position", "phone", "gender", "preferred_language")
REQUIRED_HEADERS = ("email", "full_name", "organisation")
BATCH = 200

IMPORT_REFUSED = _("Only a coordinator can import members.")
IMPORT_NOT_UTF8 = _("The file is not UTF-8 text.")
IMPORT_MISSING_HEADERS = _("The first line must name the columns; missing: %(columns)s.")
IMPORT_EMPTY = _("The file has no rows to import.")
IMPORT_BAD_EMAIL = _("“%(value)s” is not a valid e-mail address.")
IMPORT_DUPLICATE_EMAIL = _("The e-mail address %(value)s appears twice in the file (first on line %(line)s).")
IMPORT_EXISTING_EMAIL = _("A person with the e-mail address %(value)s is already registered.")
IMPORT_REQUIRED = _("The column “%(column)s” is empty.")
IMPORT_UNKNOWN_ORGANISATION = _("No organisation with the slug or short name “%(value)s”.")
IMPORT_BAD_CHOICE = _("“%(value)s” is not a valid %(column)s; use one of: %(choices)s.")
IMPORT_TOO_LONG = _("The column “%(column)s” is longer than %(max)s characters.")
IMPORT_CHANGED = _("The data changed while importing; nothing was imported. Please try again.")


@dataclass(frozen=True)
class ImportRowError:
    line: int
    message: str

    def __str__(self):
        return f"{self.line}: {self.message}"


class MembersImportError(Exception):
    """The file has errors; nothing was imported."""

    def __init__(self, errors: list[ImportRowError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MembersImportError([ImportRowError(0, str(IMPORT_NOT_UTF8))]) from exc


def members_import_parse(data: bytes | str) -> list[tuple[int, dict]]:
    """Check every row; return ``(line, values)`` pairs or raise ``MembersImportError`` listing all bad rows."""
    reader = csv.DictReader(io.StringIO(_decode(data)))
    headers = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = headers
    missing = [h for h in REQUIRED_HEADERS if h not in headers]
    if missing:
        raise MembersImportError(
            [ImportRowError(1, str(IMPORT_MISSING_HEADERS % {"columns": ", ".join(missing)}))]
        )
    organisations = {}
    for org in Organisation.objects.all():
        organisations[org.slug.lower()] = org
        if org.short_name:
            organisations.setdefault(org.short_name.lower(), org)
    genders = set(User.Gender.values)
    languages = {code for code, _name in settings.LANGUAGES}
    rows: list[tuple[int, dict]] = []
    errors: list[ImportRowError] = []
    seen: dict[str, int] = {}
    max_lengths = {f: User._meta.get_field(f).max_length for f in ("full_name", "position", "phone")}
    for raw in reader:
        line = reader.line_num
        values = {k: (v or "").strip() for k, v in raw.items() if k in IMPORT_HEADERS}
        if not any(values.values()):
            continue
        row_errors = []
        for column in REQUIRED_HEADERS:
            if not values.get(column):
                row_errors.append(IMPORT_REQUIRED % {"column": column})
        email = values.get("email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row_errors.append(IMPORT_BAD_EMAIL % {"value": email})
            else:
                if email in seen:
                    row_errors.append(IMPORT_DUPLICATE_EMAIL % {"value": email, "line": seen[email]})
                seen.setdefault(email, line)
        values["email"] = email
        org_key = values.get("organisation", "").lower()
        if org_key:
            values["organisation"] = organisations.get(org_key)
            if values["organisation"] is None:
                row_errors.append(IMPORT_UNKNOWN_ORGANISATION % {"value": org_key})
        gender = values.get("gender", "").lower()
        if gender and gender not in genders:
            row_errors.append(
                IMPORT_BAD_CHOICE
                % {"value": gender, "column": "gender", "choices": ", ".join(sorted(genders))}
            )
        values["gender"] = gender
        language = values.get("preferred_language", "").lower() or settings.LANGUAGE_CODE
        if language not in languages:
            row_errors.append(
                IMPORT_BAD_CHOICE
                % {"value": language, "column": "preferred_language", "choices": ", ".join(sorted(languages))}
            )
        values["preferred_language"] = language
        for column, limit in max_lengths.items():
            if len(values.get(column, "")) > limit:
                row_errors.append(IMPORT_TOO_LONG % {"column": column, "max": limit})
        errors.extend(ImportRowError(line, str(message)) for message in row_errors)
        rows.append((line, values))
    existing = dict(
        User.objects.filter(email__in=[v["email"] for _line, v in rows if v["email"]]).values_list(
            "email", "pk"
        )
    )
    for line, values in rows:
        if values["email"] in existing:
            errors.append(ImportRowError(line, str(IMPORT_EXISTING_EMAIL % {"value": values["email"]})))
    if not rows and not errors:
        errors.append(ImportRowError(1, str(IMPORT_EMPTY)))
    if errors:
        raise MembersImportError(sorted(errors, key=lambda e: e.line))
    return rows


def _batches(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def members_import(
    *,
    data: bytes | str,
    actor: User | None,
    progress: Callable[[int, int], None] | None = None,
    invite: bool = True,
) -> int:
    """Create approved members from CSV ``data``: all rows, or none when any row is bad.

    Each new member is e-mailed an invitation to choose a password (``invite``), after commit.
    ``actor`` None means the command line (a technical administrator). Returns the count.
    """
    if actor is not None and not permissions.user_can_decide_branch(actor):
        raise PermissionDenied(IMPORT_REFUSED)
    rows = members_import_parse(data)
    now = timezone.now()
    root = selectors.community_root()
    total, done = len(rows), 0
    for batch in _batches(rows, BATCH):
        people = []
        for _line, values in batch:
            person = User(
                email=values["email"],
                full_name=values["full_name"],
                organisation=values["organisation"],
                position=values.get("position", ""),
                phone=values.get("phone", ""),
                gender=values["gender"],
                preferred_language=values["preferred_language"],
                status=User.Status.APPROVED,
                applied_at=now,
                decided_at=now,
                decided_by=actor,
                decision_reason="",
            )
            person.set_unusable_password()
            people.append(person)
        try:
            with transaction.atomic():
                User.objects.bulk_create(people)
        except IntegrityError as exc:
            raise MembersImportError([ImportRowError(batch[0][0], str(IMPORT_CHANGED))]) from exc
        created = list(
            User.objects.filter(email__in=[p.email for p in people]).only(
                "pk", "email", "password", "last_login"
            )
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=p, email=p.email, verified=True, primary=True) for p in created]
        )
        if root is not None:
            CommunityMembership.objects.bulk_create(
                [CommunityMembership(community=root, user=p, joined_at=now) for p in created]
            )
        if invite:
            for person in created:
                member_invite(user=person)
        done += len(batch)
        if progress:
            progress(done, total)
    # One event for the file: the people themselves are in the table, decided_by the actor.
    audit_record(actor=actor, action="members.import", changes={"count": total})
    organisations = {f"organisation:{values['organisation'].pk}" for _line, values in rows}
    invalidate(
        *organisations, "organisation:all", f"community:{root and root.pk}", "community:all", "insights"
    )
    return total
