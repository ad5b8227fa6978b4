"""What the ID-photo tool page adds to its context: which material is the photo, and the rules the
tool applies (from the program in force), with our own defaults only where the notice is silent —
and marked as ours, so the page can say so."""

from __future__ import annotations

from policy import naming

# The common 2-inch size, print resolution, a size that keeps a good JPEG quality, a name.
DEFAULTS = {
    "width_mm": 35,
    "height_mm": 49,
    "dpi": 300,
    "max_bytes": 100 * 1024,
    "pattern": "{name}_{id_number}.jpg",
}


def photo_spec(material: dict) -> dict:
    """The photo tool's rules for one material: sizes in mm and px, byte limit, naming pattern
    and background, each with whether the notice gives it (``*_from_notice``)."""
    photo = material.get("photo") or {}
    sized = bool(photo.get("width_mm") and photo.get("height_mm"))
    ratio = DEFAULTS["height_mm"] / DEFAULTS["width_mm"]
    # A notice that gives one side only: that side, the other in our default proportions.
    w_mm = photo.get("width_mm") or round(photo.get("height_mm", 0) / ratio) or DEFAULTS["width_mm"]
    h_mm = photo.get("height_mm") or round(w_mm * ratio)
    pattern = (material.get("naming") or {}).get("pattern")
    dpi = DEFAULTS["dpi"]
    return {
        "width_mm": w_mm,
        "height_mm": h_mm,
        "size_from_notice": sized,
        "dpi": dpi,
        "width_px": round(w_mm / 25.4 * dpi),
        "height_px": round(h_mm / 25.4 * dpi),
        "max_bytes": material.get("max_bytes") or DEFAULTS["max_bytes"],
        "max_bytes_from_notice": bool(material.get("max_bytes")),
        "pattern": pattern or DEFAULTS["pattern"],
        "naming_from_notice": bool(pattern),
        "background": photo.get("background"),
    }


def page_context(place, program: dict, programs: list[dict]) -> dict:
    material = naming.photo_material(program)
    return {
        "asset": place.asset,
        "mat": material,
        "spec": photo_spec(material) if material else None,
    }
