"""The CoP's knowledge: curated items and one search index over everything the CoP knows."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel, actor_field
from meetings.validators import validate_document
from members.models import Organisation, Province


class Theme(models.TextChoices):
    """Themes of the CoP's work; an item has any number of them."""

    BUDGETING = "budgeting", _("Gender-responsive budgeting")
    DATA = "data", _("Sex-disaggregated data")
    HARASSMENT = "harassment", _("Harassment prevention")
    LEADERSHIP = "leadership", _("Women's leadership")
    ENVIRONMENT = "environment", _("Environment")
    EDUCATION = "education", _("Education and stereotypes")
    MAINSTREAMING = "mainstreaming", _("Gender mainstreaming")


class Language(models.TextChoices):
    MONGOLIAN = "mn", _("Mongolian")
    ENGLISH = "en", _("English")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0")
    OFFICIAL = "official", _("Official text (free to reuse)")
    RESERVED = "reserved", _("All rights reserved: ask the author")


class Item(TimeStampedModel):
    """A curated piece of knowledge a coordinator or focal person adds: a toolkit, a template,
    a law, an example of gender analysis, a training deck."""

    class Kind(models.TextChoices):
        TOOLKIT = "toolkit", _("Toolkit")
        TEMPLATE = "template", _("Template")
        LAW = "law", _("Law or policy")
        ANALYSIS = "analysis", _("Example of gender analysis")
        TRAINING = "training", _("Training deck")
        PRACTICE = "practice", _("Good practice")

    class Extraction(models.TextChoices):
        NONE = "none", _("No file")
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Text read")
        FAILED = "failed", _("Text could not be read")

    title = models.CharField(_("title"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    summary_en = models.TextField(
        _("summary in English"), blank=True, help_text=_("For readers abroad: a few lines in English.")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TOOLKIT)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.MONGOLIAN
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_items",
    )
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=16, choices=Licence.choices, default=Licence.CC_BY)
    link = models.URLField(
        _("link"), max_length=500, blank=True, help_text=_("Where the original is published.")
    )
    file = models.FileField(
        _("file"),
        upload_to="library/%Y/",
        blank=True,
        validators=[validate_document],
        help_text=_("PDF, office documents or images; checked by content; size-limited."),
    )
    members_only = models.BooleanField(
        _("members only"), default=False, help_text=_("Hide from visitors who are not signed-in members.")
    )
    extracted_text = models.TextField(_("text read from the file"), blank=True, editable=False)
    extraction = models.CharField(
        _("file text"), max_length=8, choices=Extraction.choices, default=Extraction.NONE, editable=False
    )
    added_by = actor_field(_("added by"))

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=1990, year__lte=2100),
                name="library_item_year_plausible",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:item-detail", kwargs={"pk": self.pk})


class Entry(models.Model):
    """One row of the search index per source object (an item, a visit, a material, …).

    Written only by library's services: its own items directly, the other apps' rows by the
    refresh that reads their selectors. ``search_text`` is normalised (``library.text``); on
    PostgreSQL a stored ``search_vector`` column (``to_tsvector('simple', search_text)``) and a
    trigram index sit beside it (migration 0002)."""

    class Source(models.TextChoices):
        ITEM = "item", _("Library item")
        VISIT = "visit", _("Site visit")
        MATERIAL = "material", _("Meeting material")
        MINUTES = "minutes", _("Meeting minutes")
        REPORT = "report", _("Convention report")
        PLAN = "plan", _("Joint plan action")
        PROPOSAL = "proposal", _("Accepted proposal")

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    source_id = models.PositiveIntegerField(_("source id"))
    kind = models.CharField(_("kind"), max_length=12)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.MONGOLIAN
    )
    has_english = models.BooleanField(_("has English"), default=False)
    members_only = models.BooleanField(_("members only"), default=False)
    themes = models.CharField(_("themes"), max_length=200, blank=True)  # ",slug,slug,"
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.CharField(_("link"), max_length=300)
    dated_at = models.DateTimeField(_("date"))
    source_updated_at = models.DateTimeField(_("source updated at"))
    search_text = models.TextField(_("normalised text"), blank=True)
    # When the source first entered the index (its publication, for the themes' digest); empty
    # for entries older than the digest, which are never announced.
    indexed_at = models.DateTimeField(_("first indexed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        ordering = ["-dated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="library_entry_one_per_source"),
        ]
        indexes = [
            models.Index(fields=["members_only", "-dated_at"], name="library_entry_visible_date"),
            # A member reads every entry: the newest first without the visitors' members_only column.
            models.Index(fields=["-dated_at", "-id"], name="library_entry_date"),
            models.Index(fields=["kind"], name="library_entry_kind"),
            models.Index(fields=["year"], name="library_entry_year"),
            models.Index(fields=["indexed_at"], name="library_entry_indexed_at"),
        ]

    def __str__(self):
        return self.title

    @property
    def theme_list(self) -> list[str]:
        return [t for t in self.themes.split(",") if t]


class Expert(TimeStampedModel):
    """Someone the CoP can ask: a member who opted in, or an outside person a coordinator
    added. Their e-mail address is never shown: members write through the site."""

    class Role(models.TextChoices):
        EXPERT = "expert", _("Gender expert")
        TRAINER = "trainer", _("Trainer")
        ADVISOR = "advisor", _("Advisor")

    class Speaks(models.TextChoices):
        MONGOLIAN = "mn", _("Mongolian")
        ENGLISH = "en", _("English")
        RUSSIAN = "ru", _("Russian")
        CHINESE = "zh", _("Chinese")
        KOREAN = "ko", _("Korean")
        JAPANESE = "ja", _("Japanese")
        GERMAN = "de", _("German")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="expert_profile",
        help_text=_("Empty for a person from outside the CoP."),
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("For a person from outside the CoP.")
    )
    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("For a person from outside the CoP; never shown on the site."),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EXPERT)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experts",
    )
    affiliation = models.CharField(
        _("affiliation"), max_length=200, blank=True, help_text=_("An organisation outside the CoP.")
    )
    bio = models.TextField(_("about"), blank=True)
    bio_en = models.TextField(_("about, in English"), blank=True)
    topics = models.CharField(_("topics"), max_length=200, blank=True)  # ",theme,theme,"
    languages = models.CharField(_("languages"), max_length=100, blank=True)  # ",mn,en,"
    provinces = models.CharField(_("provinces"), max_length=400, blank=True)  # ",dundgovi,"
    is_listed = models.BooleanField(_("listed on the roster"), default=True)
    added_by = actor_field(_("added by"))

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""), name="library_expert_named"
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return (self.user.full_name if self.user_id else "") or self.name

    def get_absolute_url(self):
        return reverse("library:expert-detail", kwargs={"pk": self.pk})

    @staticmethod
    def split(value: str) -> list[str]:
        return [v for v in (value or "").split(",") if v]

    @staticmethod
    def join(values) -> str:
        values = [v for v in values if v]
        return "," + ",".join(values) + "," if values else ""


class Word(models.Model):
    """Every normalised word of the index (PostgreSQL only): a query's misspelt word is matched
    to its near spellings here (trigram index), then searched by full text."""

    word = models.CharField(_("word"), max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("indexed word")
        verbose_name_plural = _("indexed words")

    def __str__(self):
        return self.word


class ExpertMessage(models.Model):
    """That a member wrote to an expert through the site, and when (the rate limit counts
    these). The text itself travels in the outbox only, forgotten once sent."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message to an expert")
        verbose_name_plural = _("messages to experts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["sender", "created_at"], name="library_message_sender_time")]

    def __str__(self):
        return f"{self.sender_id} → {self.expert_id}"


class FacetCount(models.Model):
    """The search's counts without words, kept by the index services beside the entries: how
    many entries (public or members-only) have ``facet`` = ``value`` among those with
    ``filter`` = ``filter_value`` (``filter`` "" for all entries; ``facet`` "" for the total).
    A page with no words and at most one filter reads its count and facets here in one query
    instead of counting every entry."""

    members_only = models.BooleanField(_("members only"))
    filter = models.CharField(_("filter"), max_length=12, blank=True)
    filter_value = models.CharField(_("filter value"), max_length=24, blank=True)
    facet = models.CharField(_("facet"), max_length=12, blank=True)
    value = models.CharField(_("value"), max_length=24, blank=True)
    n = models.IntegerField(_("entries"), default=0)

    class Meta:
        verbose_name = _("search count")
        verbose_name_plural = _("search counts")
        constraints = [
            models.UniqueConstraint(
                fields=["filter", "filter_value", "members_only", "facet", "value"],
                name="library_facetcount_one_per_key",
            ),
        ]

    def __str__(self):
        return f"{self.filter}={self.filter_value} {self.facet}={self.value}: {self.n}"


class ThemeFollow(models.Model):
    """That a member follows a theme: what the library gains in it comes to them in one
    e-mail a day (``services.theme_digest_send``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="library_theme_follows",
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("followed theme")
        verbose_name_plural = _("followed themes")
        ordering = ["user_id", "theme"]
        constraints = [
            models.UniqueConstraint(fields=["user", "theme"], name="library_theme_follow_once"),
        ]
        indexes = [models.Index(fields=["theme"], name="library_theme_follow_theme")]

    def __str__(self):
        return f"{self.user_id} → {self.theme}"


class FileText(models.Model):
    """The text read from the uploaded file of another app's object (a meeting material), for
    the search only: indexed with its entry, never shown. Library items keep theirs on the item.
    ``file_name`` says which file it was read from: a replaced file is read again."""

    source = models.CharField(_("source"), max_length=10, choices=Entry.Source.choices)
    source_id = models.PositiveIntegerField(_("source id"))
    file_name = models.CharField(_("file"), max_length=300)
    text = models.TextField(_("text read from the file"), blank=True)
    state = models.CharField(
        _("file text"), max_length=8, choices=Item.Extraction.choices, default=Item.Extraction.PENDING
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("text read from a file")
        verbose_name_plural = _("texts read from files")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="library_filetext_one_per_source"),
        ]

    def __str__(self):
        return f"{self.source}:{self.source_id}"


# The common words' matches live in their own module (this one is long); the app's models are all here.
from .models_common import CommonWord, CommonWordMatch  # noqa: E402, F401
