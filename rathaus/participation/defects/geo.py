"""Places in the town without an online service: whether a point lies inside the town
boundary (GeoJSON, ray casting), distances, and addresses looked up in the street
directory."""

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

EARTH_RADIUS_M = 6_371_000

Ring = list[tuple[float, float]]  # (longitude, latitude) as GeoJSON orders them


def polygons_of(geojson) -> list[list[Ring]]:
    """The polygons (outer ring, then holes) of a GeoJSON Polygon, MultiPolygon,
    Feature or FeatureCollection; ``ValueError`` for anything else."""
    if not isinstance(geojson, dict):
        raise ValueError("not an object")
    kind = geojson.get("type")
    if kind == "Feature":
        return polygons_of(geojson.get("geometry"))
    if kind == "FeatureCollection":
        found = []
        for feature in geojson.get("features") or []:
            found.extend(polygons_of(feature))
        if not found:
            raise ValueError("no polygons")
        return found
    if kind == "Polygon":
        return [_polygon(geojson.get("coordinates"))]
    if kind == "MultiPolygon":
        coordinates = geojson.get("coordinates")
        if not isinstance(coordinates, list) or not coordinates:
            raise ValueError("no polygons")
        return [_polygon(part) for part in coordinates]
    raise ValueError(f"unsupported type {kind!r}")


def _polygon(rings) -> list[Ring]:
    if not isinstance(rings, list) or not rings:
        raise ValueError("a polygon needs rings")
    result = []
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4:
            raise ValueError("a ring needs at least four positions")
        points = []
        for position in ring:
            if not isinstance(position, list | tuple) or len(position) < 2:
                raise ValueError("a position is [longitude, latitude]")
            longitude, latitude = float(position[0]), float(position[1])
            if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
                raise ValueError("position out of range")
            points.append((longitude, latitude))
        result.append(points)
    return result


def _in_ring(longitude: float, latitude: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > latitude) != (yj > latitude):
            crossing = (xj - xi) * (latitude - yi) / (yj - yi) + xi
            if longitude < crossing:
                inside = not inside
        j = i
    return inside


def point_in_boundary(latitude, longitude, geojson) -> bool:
    """Whether the point lies in one of the polygons (and in none of its holes)."""
    lat, lon = float(latitude), float(longitude)
    for outer, *holes in polygons_of(geojson):
        if _in_ring(lon, lat, outer) and not any(_in_ring(lon, lat, hole) for hole in holes):
            return True
    return False


def boundary_box(geojson) -> tuple[float, float, float, float]:
    """(south, west, north, east) of the boundary."""
    points = [point for polygon in polygons_of(geojson) for point in polygon[0]]
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lats), min(lons), max(lats), max(lons)


def distance_m(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi = phi2 - phi1
    dlambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def box_around(latitude, longitude, radius_m: float) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """A latitude/longitude box containing the circle, for an indexed pre-filter."""
    lat = float(latitude)
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 0.01)))
    lon = float(longitude)
    q = Decimal("0.000001")
    return (
        Decimal(lat - dlat).quantize(q),
        Decimal(lon - dlon).quantize(q),
        Decimal(lat + dlat).quantize(q),
        Decimal(lon + dlon).quantize(q),
    )


def parse_coordinate(value) -> Decimal | None:
    """A decimal degree from text ("49,9076" or "49.9076"); None when empty."""
    if value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).quantize(Decimal("0.000001"))
    text = str(value).strip().replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return number.quantize(Decimal("0.000001"))


# ------------------------------------------------------------------ addresses

_HOUSE_NUMBER = re.compile(r"\s+(\d+\s*[a-zA-Z]?(?:\s*[-/]\s*\d+\s*[a-zA-Z]?)?)\s*$")
_POSTCODE = re.compile(r"(?:^|[\s,])(\d{5})(?=\s|,|$)")


def normalise_street(name: str) -> str:
    """A street name for comparing: lower case, ß and 'strasse' and 'str.' the same."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    for letter, spelled in (("ß", "ss"), ("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(letter, spelled)
    text = re.sub(r"str\.?(?=\s|$|-)", "strasse", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def split_address(text: str) -> tuple[str, str, str]:
    """(street, house number, postcode) from "Darmstädter Str. 12, 64331 Weiterstadt"."""
    text = " ".join((text or "").split())
    postcode = ""
    found = _POSTCODE.search(text)
    if found:
        postcode = found.group(1)
        text = text[: found.start()].strip(" ,")
    else:
        text = text.split(",")[0].strip()
    number = ""
    match = _HOUSE_NUMBER.search(text)
    if match:
        number = re.sub(r"\s+", "", match.group(1))
        text = text[: match.start()].strip()
    return text.strip(" ,"), number, postcode
