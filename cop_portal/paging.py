"""One page of a list for a view that renders it outside Django's ListView (a cached fragment):
the page number as asked ("last" included), or a 404 naming what was wrong, as ListView does."""

from __future__ import annotations

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404


def page_or_404(items, per_page: int, number) -> Page:
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(paginator.num_pages if number == "last" else number)
    except InvalidPage as error:
        raise Http404(str(error)) from error
