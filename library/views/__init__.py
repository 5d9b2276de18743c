"""Views of the library: the search and items (``search``), following themes (``following``),
the experts' roster (``experts``)."""

from .experts import ExpertContactView, ExpertDetailView, ExpertListView, ExpertProfileView  # noqa: F401
from .following import ThemeFollowView, ThemeListView, ThemeUnfollowView  # noqa: F401
from .search import (  # noqa: F401
    ERROR_NO_PAGE,
    ITEM_SAVED,
    ItemCreateView,
    ItemDetailView,
    ItemEditView,
    ItemFileView,
    LibraryFeed,
    LibraryListView,
)
