"""Charts are drawn at their own size (one SVG unit = one CSS pixel): 12 px text at every width."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_charts_have_a_fixed_size_so_text_never_scales(client, world):
    body = client.get("/insights/public/").content.decode()
    charts = re.findall(r'<svg [^>]*class="insights-chart"[^>]*>', body)
    assert charts
    for tag in charts:
        _x, _y, w, h = re.search(r'viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)"', tag).groups()
        assert f'width="{w}"' in tag and f'height="{h}"' in tag, tag
        assert 'font-size="12"' in tag


def test_a_chart_wider_than_a_phone_scrolls_in_a_focusable_box(client, world):
    body = client.get("/insights/public/").content.decode()
    figures = re.findall(r'<figure class="insights-figure[^"]*"[^>]*>', body)
    assert figures and all('tabindex="0"' in f and "aria-label=" in f for f in figures)
