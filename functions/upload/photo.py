"""Checks on ID photos: real image, pixel-flood guard, white background, proportions, and the exact
pixel size where the notice gives one.

Pillow is imported here, inside the function, so the handler starts fast and only bundles with
photos pay for it.
"""

from __future__ import annotations

import io
import warnings

from .budget import Budget
from .problems import BundleError, problem

# A PNG (or any photo but a JPEG) is decoded whole, at 4 bytes a pixel and more: 12 MP is far
# above any ID photo and about 50 MB.
MAX_PIXELS = 12_000_000
# Baseline JPEGs are decoded at 1/8 scale (draft mode), so a 48-megapixel phone photo costs
# 0.75 MP, and libjpeg keeps a few rows of blocks only.
MAX_JPEG_PIXELS = 200_000_000
# A progressive JPEG is different: libjpeg keeps every DCT coefficient of the whole image
# (2 bytes a coefficient, 64 a block) until the last scan, whatever the draft scale. Its size
# is judged from the header before decoding: 96 MB is a 32 MP photo in 4:2:0 (a phone's), 16 MP
# in 4:4:4; a forged header claiming 14000x14000 is refused, not allocated.
MAX_COEFFICIENT_BYTES = 96 << 20
JPEG_FORMATS = ("JPEG", "MPO")
PROPORTION_TOLERANCE = 0.06  # relative; phones and crop tools round a few pixels either way
# Where the notice gives pixels, resizing is the fix only for the same ratio: beyond 1 % a
# resize would visibly stretch the face, so the photo must be cropped to the ratio first.
PIXEL_RATIO_TOLERANCE = 0.01
WHITE_MIN = 200  # mean channel value of the border
WHITE_MAX_SPREAD = 40  # colour cast allowed between channels
BACKGROUNDS = {"white": ("白色", "white")}  # words for the YAML's photo.background values


def inspect(
    data: bytes,
    path: str,
    spec: dict | None,
    want_jpeg: bool,
    params: dict | None = None,
    budget: Budget | None = None,
) -> list[dict]:
    """Problems of one photo; `budget` (the bundle's) is charged the pixels decoded."""
    budget = budget or Budget()
    params = params or {}
    from PIL import Image, ImageFile, ImageOps, ImageStat

    Image.MAX_IMAGE_PIXELS = None  # sizes are judged here, from the header, before decoding
    ImageFile.LOAD_TRUNCATED_IMAGES = False  # a photo cut short is unreadable, never grey-filled
    problems: list[dict] = []
    try:
        im = Image.open(io.BytesIO(data))  # reads the header only
    except Exception:
        return [problem("photo-not-jpeg" if want_jpeg else "photo-unreadable", path=path, **params)]
    with im:
        width, height = im.size
        # A phone's "MPO" is a JPEG with extra pictures after the first: a JPEG by content.
        jpeg = im.format in JPEG_FORMATS
        limit = MAX_JPEG_PIXELS if jpeg else MAX_PIXELS
        blocks = jpeg_blocks(im) if jpeg else 0
        progressive = jpeg and bool(im.info.get("progressive") or im.info.get("progression"))
        if (
            width * height > limit
            or width <= 0
            or height <= 0
            or (progressive and blocks * 128 > MAX_COEFFICIENT_BYTES)
        ):
            return [
                problem("photo-too-many-pixels", path=path, width=width, height=height, **params)
            ]
        if want_jpeg and not jpeg:
            return [problem("photo-not-jpeg", path=path, **params)]
        if jpeg and len(data) * 8 < blocks:
            # Every block of every component costs at least one bit of Huffman code: fewer
            # bytes than that cannot hold the image the header declares (a forged size).
            return [problem("photo-unreadable", path=path, **params)]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                if jpeg:  # decoded at 1/8 scale or less: plenty to judge a border by
                    im.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                # a progressive JPEG is worked through at full size, whatever the scale
                budget.decode(width * height if progressive else im.size[0] * im.size[1], path)
                im.load()
                upright = ImageOps.exif_transpose(im)  # a phone's rotation, as viewers apply it
                border_ok = spec_white(spec) and _white_border(upright, ImageStat)
        except BundleError:
            raise  # the bundle's budget is spent: the whole check stops
        except Exception:
            return [problem("photo-unreadable", path=path, **params)]
        if upright.size != im.size and (upright.width > upright.height) != (width > height):
            width, height = height, width  # turned a quarter: judge it as people see it
    spec = spec or {}
    if spec.get("width_px") or spec.get("height_px"):
        found = pixel_problem(width, height, spec.get("width_px"), spec.get("height_px"))
        if found:
            problems.append(
                problem(found[0], path=path, width=width, height=height, **found[1], **params)
            )
    elif spec.get("width_mm") and spec.get("height_mm"):
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
    if spec_white(spec) and not border_ok:
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


def spec_white(spec: dict | None) -> bool:
    return (spec or {}).get("background") == "white"


def jpeg_blocks(im) -> int:
    """8x8 blocks the JPEG's header declares, over all its components (each at its sampling)."""
    import math

    layers = getattr(im, "layer", None) or [("", 1, 1, 0)] * len(im.getbands())
    h_max = max(h for _, h, _, _ in layers) or 1
    v_max = max(v for _, _, v, _ in layers) or 1
    width, height = im.size
    return sum(
        math.ceil(math.ceil(width * h / h_max) / 8) * math.ceil(math.ceil(height * v / v_max) / 8)
        for _, h, v, _ in layers
    )


def pixel_problem(
    width: int, height: int, want_w: int | None, want_h: int | None
) -> tuple[str, dict] | None:
    """A notice that gives pixels: the exact size passes; the same ratio (within 1 %) at another
    size is a warning (resizing makes it; the tool makes the exact size); another ratio is an
    error whose fix is to crop to the ratio first, then resize (resizing alone would distort
    the face). With one side only, that side."""
    if want_w and want_h:
        if (width, height) == (want_w, want_h):
            return None
        words = {"wanted_zh": f"{want_w}×{want_h} 像素", "wanted_en": f"{want_w}×{want_h} pixels"}
        expected, actual = want_w / want_h, width / height
        if abs(actual - expected) / expected > PIXEL_RATIO_TOLERANCE:
            return "photo-pixel-size", {**words, "ratio": ratio(want_w, want_h)}
        return "photo-pixel-scale", words
    if want_w and width != want_w:
        words = {"wanted_zh": f"宽 {want_w} 像素", "wanted_en": f"{want_w} pixels wide"}
        return "photo-pixel-scale", words
    if want_h and height != want_h:
        words = {"wanted_zh": f"高 {want_h} 像素", "wanted_en": f"{want_h} pixels high"}
        return "photo-pixel-scale", words
    return None


def ratio(width: int, height: int) -> str:
    """240, 320 -> '3:4'; 358, 441 -> '358:441' (a ratio people can set in a crop tool)."""
    import math

    d = math.gcd(width, height)
    return f"{width // d}:{height // d}"


def _white_border(image, image_stat) -> bool:
    """The top band and the upper sides: the bottom of an ID photo is shoulders, not background.
    Only those bands are turned into RGB: no copy of the whole picture."""
    w, h = image.size
    band_w, band_h = max(1, w // 12), max(1, h // 12)
    regions = [(0, 0, w, band_h), (0, 0, band_w, h // 2), (w - band_w, 0, w, h // 2)]
    for box in regions:
        stat = image_stat.Stat(image.crop(box).convert("RGB"))
        means = stat.mean
        if min(means) < WHITE_MIN or max(means) - min(means) > WHITE_MAX_SPREAD:
            return False
    return True
