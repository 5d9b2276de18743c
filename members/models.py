"""People, member organisations and the CoP network (root CoP and branch CoPs)."""

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cop_portal.models import Decision, TimeStampedModel, actor_field, localised
from cop_portal.powers import PowersWaitForSecondFactor, powers_unlocked


class Province(models.TextChoices):
    """Mongolia's 21 aimags and the capital."""

    ULAANBAATAR = "ulaanbaatar", _("Ulaanbaatar")
    ARKHANGAI = "arkhangai", _("Arkhangai")
    BAYAN_OLGII = "bayan-olgii", _("Bayan-Ölgii")
    BAYANKHONGOR = "bayankhongor", _("Bayankhongor")
    BULGAN = "bulgan", _("Bulgan")
    DARKHAN_UUL = "darkhan-uul", _("Darkhan-Uul")
    DORNOD = "dornod", _("Dornod")
    DORNOGOVI = "dornogovi", _("Dornogovi")
    DUNDGOVI = "dundgovi", _("Dundgovi")
    GOVI_ALTAI = "govi-altai", _("Govi-Altai")
    GOVISUMBER = "govisumber", _("Govisümber")
    KHENTII = "khentii", _("Khentii")
    KHOVD = "khovd", _("Khovd")
    KHOVSGOL = "khovsgol", _("Khövsgöl")
    OMNOGOVI = "omnogovi", _("Ömnögovi")
    ORKHON = "orkhon", _("Orkhon")
    OVORKHANGAI = "ovorkhangai", _("Övörkhangai")
    SELENGE = "selenge", _("Selenge")
    SUKHBAATAR = "sukhbaatar", _("Sükhbaatar")
    TOV = "tov", _("Töv")
    UVS = "uvs", _("Uvs")
    ZAVKHAN = "zavkhan", _("Zavkhan")


class Level(models.TextChoices):
    """Level of government: the two constituencies of the coordinators."""

    CENTRAL = "central", _("Central government")
    LOCAL = "local", _("Local government")


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Agency")
        PROVINCIAL = "provincial", _("Provincial government")
        DISTRICT = "district", _("District or soum government")
        RESEARCH = "research", _("Research institute")
        OTHER = "other", _("Other")

    # The level a kind implies; editable on the organisation where it differs.
    KIND_LEVEL = {
        Kind.MINISTRY: Level.CENTRAL,
        Kind.AGENCY: Level.CENTRAL,
        Kind.RESEARCH: Level.CENTRAL,
        Kind.PROVINCIAL: Level.LOCAL,
        Kind.DISTRICT: Level.LOCAL,
    }

    name_mn = models.CharField(_("name in Mongolian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(
        _("level of government"),
        max_length=10,
        choices=Level.choices,
        help_text=_("Derived from the kind when left blank on creation; edit it where it differs."),
    )
    province = models.CharField(_("province"), max_length=20, choices=Province.choices)
    website = models.URLField(_("website"), blank=True)
    member_since = models.DateField(_("member of the CoP since"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_mn"]
        constraints = [models.UniqueConstraint(Lower("name_mn"), name="organisation_name_mn_unique_ci")]
        indexes = [models.Index(fields=["level", "kind"], name="organisation_level_kind")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")

    def get_absolute_url(self):
        return reverse("members:organisation-detail", kwargs={"slug": self.slug})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


UNNAMED_MEMBER = _("Unnamed member")


class User(PowersWaitForSecondFactor, AbstractBaseUser, PermissionsMixin, Decision):
    """A person: signs in with e-mail; becomes a member once their organisation approves."""

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        ANOTHER = "another", _("Another identity")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    class Status(models.TextChoices):
        NEW = "new", _("Not applied yet")
        APPLIED = "applied", _("Applied, awaiting approval")
        APPROVED = "approved", _("Approved member")
        DECLINED = "declined", _("Declined")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Mail servers refuse the address (notices.BouncingAddress): every page shows the notice.
    email_bounced_at = models.DateTimeField(_("e-mail bouncing since"), null=True, blank=True)
    gender = models.CharField(
        _("gender"),
        max_length=12,
        choices=Gender.choices,
        blank=True,
        help_text=_(
            "Optional and self-declared. Used only to count participation by gender; "
            "never shown to other members."
        ),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="mn"
    )
    contact_visible = models.BooleanField(
        _("show my e-mail and phone in the member directory"), default=False
    )
    status = models.CharField(
        _("membership status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    is_organisation_contact = models.BooleanField(
        _("organisation contact"),
        default=False,
        help_text=_("Focal point who approves joiners and registers branch CoPs for their organisation."),
    )
    muted_email_kinds = models.JSONField(_("e-mail kinds switched off"), default=list, blank=True)
    calendar_token = models.CharField(
        _("calendar feed token"), max_length=64, unique=True, default=new_calendar_token
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Can sign in to the admin. Granted with a coordinator's term."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(organisation__isnull=False),
                name="user_approved_has_organisation",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "organisation"], name="user_status_org"),
            models.Index(fields=["full_name", "email"], name="user_directory_order"),  # the directory's order
            models.Index(fields=["date_joined"], name="user_date_joined"),  # insights: a part-year's joiners
        ]

    # A blank name never falls back to the e-mail address: names are shown in the directory,
    # branch pages and results, where an address would leak contact details the person hid.
    def __str__(self):
        return self.get_full_name()

    def get_full_name(self):
        return self.full_name or str(UNNAMED_MEMBER)

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else str(UNNAMED_MEMBER)

    @property
    def is_member(self) -> bool:
        return self.is_active and self.status == self.Status.APPROVED

    @property
    def is_coordinator(self) -> bool:
        """A coordinator or superuser, once a second factor unlocks their powers (cop_portal.powers)."""
        if not self.is_superuser and getattr(self, "_is_coordinator", None) is None:
            self._is_coordinator = self.groups.filter(name=COORDINATORS_GROUP).exists()
        return (self.is_superuser or self._is_coordinator) and powers_unlocked(self)


COORDINATORS_GROUP = "Coordinators"


class Community(TimeStampedModel, Decision):
    """The inter-agency CoP (the root) or a branch CoP registered by an organisation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        CLOSED = "closed", _("Closed")

    name_mn = models.CharField(_("name in Mongolian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent CoP"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
    )
    host_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communities",
    )
    purpose = models.TextField(_("purpose and charter"), blank=True)
    focal_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("focal person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="focal_communities",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    meetings_reviewed = models.BooleanField(
        _("meetings reviewed before publication"),
        default=False,
        help_text=_(
            "When ticked, a meeting the branch publishes waits for a coordinator's review; "
            "otherwise it is published at once."
        ),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    registered_by = actor_field(_("registered by"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        through="CommunityMembership",
        related_name="communities",
        blank=True,
    )

    class Meta:
        verbose_name = _("community of practice")
        verbose_name_plural = _("communities of practice")
        ordering = ["parent_id", "name_mn"]
        constraints = [
            models.UniqueConstraint(Lower("name_mn"), name="community_name_mn_unique_ci"),
            # One root: NULLs never collide in a plain unique index, a constant does.
            models.UniqueConstraint(
                Coalesce("parent", models.Value(0)),
                condition=models.Q(parent__isnull=True),
                name="community_single_root",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def is_root(self) -> bool:
        return self.parent_id is None

    def get_absolute_url(self):
        return reverse("branches:community-detail", kwargs={"slug": self.slug})

    @cached_property
    def manager_ids(self) -> frozenset[int]:
        """Who runs this branch: the focal persons and co-organisers of it and of every branch
        above it (the root CoP is run by the coordinators, so its own people do not count).

        One query per level above; branches are rarely more than two deep."""
        if self.is_root:
            return frozenset()
        ids: set[int] = set()
        chain = []
        node = self
        while node is not None and not node.is_root:
            chain.append(node.pk)
            if node.focal_person_id:
                ids.add(node.focal_person_id)
            node = node.parent
        ids.update(
            CommunityOrganiser.objects.filter(community_id__in=chain).values_list("user_id", flat=True)
        )
        return frozenset(ids)


class CommunityMembership(models.Model):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="community_memberships",
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("branch membership")
        verbose_name_plural = _("branch memberships")
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="community_membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} — {self.community}"


class CommunityOrganiser(models.Model):
    """A co-organiser named by a branch's focal person: same rights over the branch's meetings."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="organisers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-organiser"),
        on_delete=models.CASCADE,
        related_name="organised_communities",
    )
    added_by = actor_field(_("added by"))
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("branch co-organiser")
        verbose_name_plural = _("branch co-organisers")
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="community_organiser_unique"),
        ]

    def __str__(self):
        return f"{self.user} — {self.community}"
