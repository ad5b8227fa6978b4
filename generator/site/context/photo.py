"""What the ID-photo tool page adds to its context: which material is the photo, and the rules the
tool applies (from the program in force), with our own defaults only where the notice is silent —
and marked as ours, so the page can say so."""

from __future__ import annotations

from policy import naming, sizes

# The common 2-inch size, print resolution, a size that keeps a good JPEG quality.
DEFAULTS = {
    "width_mm": 35,
    "height_mm": 49,
    "dpi": 300,
    "max_bytes": 100 * 1024,
}


def photo_spec(material: dict) -> dict:
    """The photo tool's rules for one material: sizes in mm and px, byte bounds, naming pattern
    and background, each with whether the notice gives it (``*_from_notice``).

    Pixels the notice gives are made exactly (``exact_px``: the tool never shrinks them); else
    the millimetres at 300 dpi. Without a naming rule the photo is named as the upload check
    recognises it (a keyword), and the tool asks for no name or ID number."""
    photo = material.get("photo") or {}
    sized = bool(photo.get("width_mm") and photo.get("height_mm"))
    ratio = DEFAULTS["height_mm"] / DEFAULTS["width_mm"]
    # A notice that gives one side only: that side, the other in our default proportions.
    w_mm = photo.get("width_mm") or round(photo.get("height_mm", 0) / ratio) or DEFAULTS["width_mm"]
    h_mm = photo.get("height_mm") or round(w_mm * ratio)
    dpi = DEFAULTS["dpi"]
    w_px, h_px = round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi)
    px_w, px_h = photo.get("width_px"), photo.get("height_px")
    exact = bool(px_w or px_h)
    if exact:  # one side only: the other in the millimetres' proportions (or our default ones)
        w_px = px_w or round(px_h * w_mm / h_mm)
        h_px = px_h or round(px_w * h_mm / w_mm)
    rule = material.get("naming") or {}
    pattern = rule.get("pattern")
    least = material.get("min_bytes")
    most = material.get("max_bytes") or max(DEFAULTS["max_bytes"], 2 * (least or 0))
    return {
        "width_mm": w_mm,
        "height_mm": h_mm,
        "size_from_notice": sized,
        "dpi": dpi,
        "width_px": w_px,
        "height_px": h_px,
        "px_from_notice": exact,
        "exact_px": exact,
        "ratio": w_px / h_px if exact else w_mm / h_mm,
        "max_bytes": most,
        "aim_bytes": sizes.aim_bytes(most, least),
        "max_bytes_from_notice": bool(material.get("max_bytes")),
        "min_bytes": least,
        "pattern": pattern,
        "naming_from_notice": bool(pattern),
        "needs_name": bool(pattern) and naming.has_name(pattern),
        "needs_id": bool(pattern) and naming.has_id_number(pattern),
        "uppercase_x": bool(rule.get("uppercase_x")),
        "file_name": None if pattern else naming.example_file({**material, "formats": ["jpeg"]}),
        "background": photo.get("background"),
    }


def page_context(place, program: dict, programs: list[dict]) -> dict:
    material = naming.photo_material(program)
    return {
        "asset": place.asset,
        "mat": material,
        "spec": photo_spec(material) if material else None,
    }
