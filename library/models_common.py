"""The matches of words searched for that are found in very many entries (PostgreSQL only),
kept beside the entries: a search for such a word reads the newest of them through an ordered
index instead of having the full-text index list every match first (``library.common_words``
keeps them exact, ``services.common_words`` chooses the words and fills each one)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommonWord(models.Model):
    """A search word (normalised, found as a prefix) that had more results than the search
    counts; ``filled_at`` once its matches are kept (``CommonWordMatch``) and read by the search."""

    word = models.CharField(_("word"), max_length=40, unique=True)
    asked = models.PositiveIntegerField(_("times searched"), default=0)
    filled_at = models.DateTimeField(_("matches kept since"), null=True, blank=True)

    class Meta:
        verbose_name = _("common search word")
        verbose_name_plural = _("common search words")

    def __str__(self):
        return self.word


# What a match keeps of its entry: what the search filters, counts and orders by.
MATCH_COLUMNS = (
    "members_only",
    "dated_at",
    "kind",
    "province",
    "year",
    "organisation_id",
    "themes",
    "has_english",
    "language",
)


class CommonWordMatch(models.Model):
    """An entry that ``word`` finds, with the entry's facts the search reads (copied by the
    entries' trigger on every write of the entry, removed with it) and whether the word is in
    its title (a word in the title ranks first)."""

    # Read by word through the index of the newest (also the one that a word's removal reads).
    word = models.ForeignKey(
        CommonWord, verbose_name=_("word"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # No constraint: the entries' trigger removes an entry's matches with it.
    entry = models.ForeignKey(
        "library.Entry",
        verbose_name=_("search index entry"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    members_only = models.BooleanField(_("members only"))
    dated_at = models.DateTimeField(_("date"))
    kind = models.CharField(_("kind"), max_length=12)
    province = models.CharField(_("province"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True)
    themes = models.CharField(_("themes"), max_length=200, blank=True)
    has_english = models.BooleanField(_("has English"))
    language = models.CharField(_("language"), max_length=2)
    in_title = models.BooleanField(_("in the title"))

    class Meta:
        verbose_name = _("common word's match")
        verbose_name_plural = _("common words' matches")
        indexes = [
            # The newest first, with everything the search reads (an index-only scan).
            models.Index(
                fields=["word", "-dated_at", "-entry"],
                include=[c for c in MATCH_COLUMNS if c != "dated_at"] + ["in_title"],
                name="library_commonword_newest",
            )
        ]

    def __str__(self):
        return f"{self.word_id}: {self.entry_id}"
