"""Image checks and thumbnails with Pillow (pure: file objects in, bytes out).

The header is read first and the pixel count checked before anything is decoded, so a
file that claims 50,000 × 50,000 pixels is refused without allocating gigabytes.
"""

import io

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .detection import UnacceptableFile

THUMBNAIL_SIZE = (320, 320)


def _too_large(name: str, max_pixels: int) -> UnacceptableFile:
    return UnacceptableFile(
        _("图片“%(name)s”的像素数超过上限（%(limit)s 万像素）") % {"name": name, "limit": max_pixels // 10_000}
    )


def check_image(fileobj, name: str, *, max_pixels: int) -> tuple[int, int]:
    """(width, height) from the header; refuses images above `max_pixels` or unreadable."""
    fileobj.seek(0)
    try:
        with Image.open(fileobj) as image:
            width, height = image.size
    except Image.DecompressionBombError as exc:
        raise _too_large(name, max_pixels) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise UnacceptableFile(_("图片“%(name)s”已损坏，无法读取") % {"name": name}) from exc
    finally:
        fileobj.seek(0)
    if width * height > max_pixels:
        raise _too_large(name, max_pixels)
    return width, height


def make_thumbnail(fileobj, name: str) -> bytes:
    """A JPEG of at most 320 × 320 pixels, upright (EXIF orientation applied)."""
    fileobj.seek(0)
    try:
        with Image.open(fileobj) as image:
            image.draft("RGB", (THUMBNAIL_SIZE[0] * 2, THUMBNAIL_SIZE[1] * 2))  # JPEG: decode scaled down
            image = ImageOps.exif_transpose(image)
            image.thumbnail(THUMBNAIL_SIZE)
            if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
                rgba = image.convert("RGBA")
                image = Image.new("RGB", rgba.size, "white")
                image.paste(rgba, mask=rgba.getchannel("A"))
            elif image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            output = io.BytesIO()
            image.save(output, format="JPEG", quality=80)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise UnacceptableFile(_("图片“%(name)s”已损坏，无法读取") % {"name": name}) from exc
    finally:
        fileobj.seek(0)
    return output.getvalue()
