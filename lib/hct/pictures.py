"""The pixel cap of every picture the pack opens, sends or saves, read before decoding.

A small file can declare a huge canvas: a 190 KB PNG decodes to 196 Mpixel, a 420 KB one to
144 Mpixel (1.7 GB of memory). Pillow only warns above 89 Mpixel and refuses above 179, far
more than a face, vehicle, driver or snapshot picture ever needs. So a picture is measured
from its header first (Pillow's `Image.open` reads the header and decodes nothing) and
refused above MAX_PIXELS; only then may it be decoded or sent.

    width, height, kind = pictures.measure(path_or_bytes)   # PictureRefused otherwise

The caller turns `PictureRefused` into its own error: exit 2 for a file the user gave, a
per-row failure in a bulk import, `NOT_AN_IMAGE` for a download (nothing written).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs start-up time that `--help` must not pay
if TYPE_CHECKING:
    from typing import BinaryIO

# 40 Mpixel: a 7,700 x 5,200 photo, more than any camera's default resolution, and a
# fifth of what Pillow lets through (RGB decoding costs 120 MB at most).
MAX_PIXELS = 40_000_000


class PictureRefused(ValueError):
    """Not a picture Pillow can read, or more pixels than MAX_PIXELS."""


def measure(source: str | bytes | bytearray | BinaryIO) -> tuple[int, int, str]:
    """(width, height, format) from the picture's header, without decoding it; a path, the
    bytes, or an open binary file. PictureRefused when it is no picture or is too large."""
    import io
    import warnings

    from PIL import Image, UnidentifiedImageError

    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                width, height, kind = image.width, image.height, image.format or ""
    except Image.DecompressionBombError:
        raise PictureRefused(too_large_text(Image.MAX_IMAGE_PIXELS * 2)) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise PictureRefused("it is not a picture that can be read") from None
    if width * height > MAX_PIXELS:
        raise PictureRefused(too_large_text(width * height, f"{width} x {height} pixels, "))
    return width, height, kind


def too_large_text(pixels: int, size: str = "more than ") -> str:
    return (f"it declares {size}{pixels / 1e6:.0f} Mpixel; at most "
            f"{MAX_PIXELS // 1_000_000} Mpixel are accepted (a picture this large is either "
            "a mistake or a decompression bomb)")
