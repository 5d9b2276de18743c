"""The library's worlds: a coordinator's items, the Dundgovi visit, the index refreshed."""

import pytest

from library import services
from library.models import Item, Theme
from tests.factories import SiteVisitFactory

SEEDLINGS = (
    "Сайнцагаан сумын цэцэрлэгийн эцэг эхчүүд 220 ширхэг мод тарих аянд нэгдэж, "
    "эрэгтэй, эмэгтэй сайн дурынхан хамтран ажиллав."
)


@pytest.fixture
def seedlings_visit(db):
    """The Dundgovi visit whose good practice is the 220 seedlings, in the index."""
    visit = SiteVisitFactory(good_practices=SEEDLINGS, purpose_en="Tree planting with parents in Dundgovi")
    services.index_refresh()
    return visit


@pytest.fixture
def statistics_training(coordinator):
    return services.item_create(
        actor=coordinator,
        title="Хүйсээр ангилсан статистикийн сургалт",
        description="Төрийн албан хаагчдад зориулсан хүйсээр ангилсан мэдээлэл цуглуулах сургалтын слайд.",
        kind=Item.Kind.TRAINING,
        themes=[Theme.DATA],
        year=2024,
    )


@pytest.fixture
def secret_item(coordinator):
    """A members-only item whose title and words appear nowhere else."""
    return services.item_create(
        actor=coordinator,
        title="Нууц зөвлөгөө Зэрлэгтахь",
        description="Зэрлэгтахь гишүүдэд зориулсан дотоод тэмдэглэл",
        kind=Item.Kind.ANALYSIS,
        themes=[Theme.HARASSMENT],
        year=2023,
        province="dornod",
        members_only=True,
    )
