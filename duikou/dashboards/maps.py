"""The map of the dashboards: the boundary file (replaceable) and the points the pairing arcs join.

``DUIKOU_MAP_GEOJSON`` names the boundary file: a static path (``vendor/maps/china.json``, the default) or a
URL path (``/maps/china.json`` or ``https://maps.example.gov.cn/china.json``). The demo ships an openly
licensed file (MIT, see ``duikou/static/vendor/maps/README.md``); a production deployment in China must load
officially approved map data (审图号) instead.

The arcs join a point per side: the seat of the region's government (provincial capital or the city itself).
Those coordinates are facts, not licensed data; a city missing here is drawn at its province's seat, a province missing
here is left off the map (its figures stay in the tables).
"""

from __future__ import annotations

from django.conf import settings
from django.templatetags.static import static

DEFAULT_MAP = "vendor/maps/china.json"

# GB/T 2260 code -> (longitude, latitude) of the seat of government.
SEATS: dict[str, tuple[float, float]] = {
    "110000": (116.41, 39.90),  # 北京
    "120000": (117.20, 39.08),  # 天津
    "150000": (111.75, 40.84),  # 内蒙古 (呼和浩特)
    "210000": (123.43, 41.80),  # 辽宁 (沈阳)
    "210100": (123.43, 41.80),  # 沈阳
    "210200": (121.61, 38.91),  # 大连
    "210700": (121.13, 41.10),  # 锦州
    "220000": (125.32, 43.82),  # 吉林 (长春)
    "220100": (125.32, 43.82),  # 长春
    "230000": (126.53, 45.80),  # 黑龙江 (哈尔滨)
    "230100": (126.53, 45.80),  # 哈尔滨
    "310000": (121.47, 31.23),  # 上海
    "320000": (118.80, 32.06),  # 江苏 (南京)
    "320500": (120.58, 31.30),  # 苏州
    "330000": (120.16, 30.27),  # 浙江 (杭州)
    "440000": (113.26, 23.13),  # 广东 (广州)
    "440300": (114.06, 22.54),  # 深圳
}


def map_url() -> str:
    """The URL of the boundary file, from the ``DUIKOU_MAP_GEOJSON`` setting (its environment variable)."""
    value = settings.DUIKOU_MAP_GEOJSON or DEFAULT_MAP
    if value.startswith(("/", "http://", "https://")):
        return value
    return static(value)


def seat(code: str | None) -> tuple[float, float] | None:
    """Where a side's arc ends: its own seat, else its province's (a city not in the table)."""
    if not code:
        return None
    return SEATS.get(code) or SEATS.get(province_code(code))


def province_code(code: str) -> str:
    """The province a region lies in (its code with the last four digits zeroed): the shaded area."""
    return f"{code[:2]}0000"
