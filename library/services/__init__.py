"""Every write of the library: its items, and the search index over what the CoP knows."""

from .common_words import common_word_asked, common_word_fill, common_word_forget, common_words_fill  # noqa: F401
from .experts import expert_contact, expert_delete, expert_opt_in, expert_opt_out, expert_save  # noqa: F401
from .extraction import item_extract_text  # noqa: F401
from .following import theme_digest_send, theme_follow, theme_unfollow  # noqa: F401
from .index import entry_remove, entry_upsert, index_refresh  # noqa: F401
from .items import (  # noqa: F401
    ERROR_FILE_UNREADABLE,
    item_create,
    item_delete,
    item_save,
    item_update,
)
