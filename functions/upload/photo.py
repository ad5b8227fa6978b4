"""Checks on ID photos: real image, pixel-flood guard, white background and proportions.

Pillow is imported here, inside the function, so the handler starts fast and only bundles with
photos pay for it.
"""

from __future__ import annotations

import io
import warnings

from .problems import problem

MAX_PIXELS = 40_000_000  # far above any ID photo, far below what would exhaust memory
PROPORTION_TOLERANCE = 0.06  # relative; phones and crop tools round a few pixels either way
WHITE_MIN = 200  # mean channel value of the border
WHITE_MAX_SPREAD = 40  # colour cast allowed between channels
BACKGROUNDS = {"white": ("白色", "white")}  # words for the YAML's photo.background values


def inspect(
    data: bytes, path: str, spec: dict | None, want_jpeg: bool, params: dict | None = None
) -> list[dict]:
    params = params or {}
    from PIL import Image, ImageStat

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    problems: list[dict] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))  # reads the header only
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return [problem("photo-too-many-pixels", path=path, width="?", height="?", **params)]
    except Exception:
        return [problem("photo-not-jpeg" if want_jpeg else "photo-unreadable", path=path, **params)]
    with im:
        width, height = im.size
        if width * height > MAX_PIXELS or width <= 0 or height <= 0:
            return [
                problem("photo-too-many-pixels", path=path, width=width, height=height, **params)
            ]
        if want_jpeg and im.format != "JPEG":
            return [problem("photo-not-jpeg", path=path, **params)]
        try:
            if im.format == "JPEG":
                im.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            im.load()
            rgb = im.convert("RGB")
        except Exception:
            return [problem("photo-unreadable", path=path, **params)]
    spec = spec or {}
    if spec.get("width_mm") and spec.get("height_mm"):
        expected = spec["width_mm"] / spec["height_mm"]
        actual = width / height
        if abs(actual - expected) / expected > PROPORTION_TOLERANCE:
            problems.append(
                problem(
                    "photo-proportions",
                    path=path,
                    width=width,
                    height=height,
                    w_mm=spec["width_mm"],
                    h_mm=spec["height_mm"],
                    **params,
                )
            )
    if spec.get("background") == "white" and not _white_border(rgb, ImageStat):
        problems.append(
            problem(
                "photo-background",
                path=path,
                background_zh=BACKGROUNDS.get(spec["background"], (spec["background"],) * 2)[0],
                background_en=BACKGROUNDS.get(spec["background"], (spec["background"],) * 2)[1],
                **params,
            )
        )
    return problems


def _white_border(rgb, image_stat) -> bool:
    """The top band and the upper sides: the bottom of an ID photo is shoulders, not background."""
    w, h = rgb.size
    band_w, band_h = max(1, w // 12), max(1, h // 12)
    regions = [(0, 0, w, band_h), (0, 0, band_w, h // 2), (w - band_w, 0, w, h // 2)]
    for box in regions:
        stat = image_stat.Stat(rgb.crop(box))
        means = stat.mean
        if min(means) < WHITE_MIN or max(means) - min(means) > WHITE_MAX_SPREAD:
            return False
    return True
