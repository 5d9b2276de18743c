"""Library items, added and changed by coordinators and focal persons: each write checks
the permission, validates, audits and rewrites the item's index entry in one transaction;
the text of an uploaded file is read afterwards by a task."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record

from .. import permissions, sources
from ..models import Entry, Item
from .index import entry_remove, entry_upsert

ERROR_FILE_UNREADABLE = _("The text of this file could not be read; the item is still found by its title.")

FIELDS = (
    "title",
    "title_en",
    "description",
    "summary_en",
    "kind",
    "themes",
    "language",
    "organisation",
    "province",
    "year",
    "licence",
    "link",
    "members_only",
)


def _queue_extraction(item: Item) -> None:
    from .. import tasks

    tasks.item_extract_text.delay_on_commit(item.pk)


def _value(item: Item, name: str):
    value = getattr(item, name)
    return getattr(value, "pk", value)


@transaction.atomic
def item_create(*, actor, file=None, **fields) -> Item:
    """Add an item (fields as ``FIELDS``); it is searchable when the transaction commits."""
    if not permissions.user_can_add_item(actor):
        raise PermissionDenied(permissions.ADD_REFUSAL)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    item = Item(**fields, added_by=actor)
    if file:
        item.file = file
        item.extraction = Item.Extraction.PENDING
    item.full_clean()
    item.save()
    entry_upsert(sources.from_item(item))
    audit_record(actor=actor, action="library.item_create", obj=item, changes={"title": [None, item.title]})
    if file:
        _queue_extraction(item)
    return item


@transaction.atomic
def item_update(*, item: Item, actor, file=None, **fields) -> Item:
    """Change an item; a new file replaces the old one and is read again."""
    if not permissions.user_can_edit_item(actor, item):
        raise PermissionDenied(permissions.EDIT_REFUSAL)
    changes = {}
    for name, value in fields.items():
        if name not in FIELDS:
            raise TypeError(f"unknown field: {name}")
        before = _value(item, name)
        setattr(item, name, value)
        if before != _value(item, name):
            changes[name] = [before, _value(item, name)]
    if file:
        item.file = file
        item.extraction = Item.Extraction.PENDING
        item.extracted_text = ""
        changes["file"] = [None, getattr(file, "name", "")]
    item.full_clean()
    item.save()
    entry_upsert(sources.from_item(item))
    audit_record(actor=actor, action="library.item_update", obj=item, changes=changes)
    if file:
        _queue_extraction(item)
    return item


@transaction.atomic
def item_delete(*, item: Item, actor) -> None:
    """Remove an item, its index entry and (after commit) its file."""
    if not permissions.user_can_edit_item(actor, item):
        raise PermissionDenied(permissions.EDIT_REFUSAL)
    storage, name = item.file.storage, item.file.name
    audit_record(actor=actor, action="library.item_delete", obj=item, changes={"title": [item.title, None]})
    entry_remove(source=Entry.Source.ITEM, source_id=item.pk)
    item.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def item_save(*, item: Item, actor, new_file: bool = False) -> Item:
    """Save an item edited as a whole (the admin's form): the same checks, audit and index."""
    adding = item.pk is None
    allowed = permissions.user_can_add_item(actor) if adding else permissions.user_can_edit_item(actor, item)
    if not allowed:
        raise PermissionDenied(permissions.ADD_REFUSAL if adding else permissions.EDIT_REFUSAL)
    if adding:
        item.added_by = actor
    if new_file and item.file:
        item.extraction, item.extracted_text = Item.Extraction.PENDING, ""
    elif not item.file:
        item.extraction, item.extracted_text = Item.Extraction.NONE, ""
    item.full_clean()
    item.save()
    entry_upsert(sources.from_item(item))
    audit_record(actor=actor, action="library.item_create" if adding else "library.item_update", obj=item)
    if new_file and item.file:
        _queue_extraction(item)
    return item
