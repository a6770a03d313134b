"""The file types the archive knows, by canonical code (pure data, no models).

A type has a MIME type (sent as Content-Type on download), a family (the extensions a
user may give it) and a Chinese label. `ARCHIVE_ALLOWED_TYPES` in settings picks which
codes may be uploaded.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileType:
    code: str  # canonical extension, e.g. "jpg"
    mime: str
    family: str
    label: str

    @property
    def is_image(self) -> bool:
        return self.family == "image"

    @property
    def previewable(self) -> bool:
        """Browsers show these themselves (inline preview)."""
        return self.code in PREVIEWABLE


FAMILY_LABELS = {
    "pdf": _("PDF 文档"),
    "word": _("文字文档"),
    "sheet": _("电子表格"),
    "slides": _("演示文稿"),
    "image": _("图片"),
    "audio": _("音频"),
    "video": _("视频"),
    "archive": _("压缩包"),
}

# Extensions a user may give each family (lower case, without the dot).
FAMILY_EXTENSIONS = {
    "pdf": {"pdf"},
    "word": {"doc", "docx", "wps", "odt", "rtf"},
    "sheet": {"xls", "xlsx", "et", "ods"},
    "slides": {"ppt", "pptx", "dps", "odp"},
    "image": {"jpg", "jpeg", "jpe", "jfif", "png", "gif", "bmp", "tif", "tiff", "webp"},
    "audio": {"mp3", "m4a", "wav", "amr", "aac", "flac", "ogg", "oga", "wma", "aif", "aiff"},
    "video": {"mp4", "m4v", "mov", "avi", "wmv", "asf", "flv", "mkv", "webm", "mpg", "mpeg", "vob", "3gp"},
    "archive": {"zip"},
}

_TYPES = [
    ("pdf", "application/pdf", "pdf", "PDF"),
    ("doc", "application/msword", "word", "Word 97-2003"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word", "Word"),
    ("odt", "application/vnd.oasis.opendocument.text", "word", "ODF"),
    ("rtf", "application/rtf", "word", "RTF"),
    ("xls", "application/vnd.ms-excel", "sheet", "Excel 97-2003"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "sheet", "Excel"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet", "sheet", "ODF"),
    ("ppt", "application/vnd.ms-powerpoint", "slides", "PowerPoint 97-2003"),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "slides", "PowerPoint"),
    ("odp", "application/vnd.oasis.opendocument.presentation", "slides", "ODF"),
    ("jpg", "image/jpeg", "image", "JPEG"),
    ("png", "image/png", "image", "PNG"),
    ("gif", "image/gif", "image", "GIF"),
    ("bmp", "image/bmp", "image", "BMP"),
    ("tif", "image/tiff", "image", "TIFF"),
    ("webp", "image/webp", "image", "WebP"),
    ("mp3", "audio/mpeg", "audio", "MP3"),
    ("m4a", "audio/mp4", "audio", "M4A"),
    ("wav", "audio/wav", "audio", "WAV"),
    ("amr", "audio/amr", "audio", "AMR"),
    ("aac", "audio/aac", "audio", "AAC"),
    ("flac", "audio/flac", "audio", "FLAC"),
    ("ogg", "audio/ogg", "audio", "Ogg"),
    ("aiff", "audio/aiff", "audio", "AIFF"),
    ("wma", "audio/x-ms-wma", "audio", "WMA"),
    ("mp4", "video/mp4", "video", "MP4"),
    ("m4v", "video/x-m4v", "video", "M4V"),
    ("mov", "video/quicktime", "video", "QuickTime"),
    ("avi", "video/x-msvideo", "video", "AVI"),
    ("wmv", "video/x-ms-wmv", "video", "WMV"),
    ("flv", "video/x-flv", "video", "FLV"),
    ("mkv", "video/x-matroska", "video", "Matroska"),
    ("webm", "video/webm", "video", "WebM"),
    ("mpg", "video/mpeg", "video", "MPEG"),
    ("zip", "application/zip", "archive", "ZIP"),
]

TYPES: dict[str, FileType] = {
    code: FileType(code, mime, family, f"{FAMILY_LABELS[family]}（{name}）") for code, mime, family, name in _TYPES
}

PREVIEWABLE = {
    "pdf",
    "jpg",
    "png",
    "gif",
    "bmp",
    "webp",
    "mp3",
    "m4a",
    "wav",
    "ogg",
    "aac",
    "flac",
    "mp4",
    "m4v",
    "webm",
}


def family_of_extension(extension: str) -> str | None:
    extension = extension.lower()
    for family, extensions in FAMILY_EXTENSIONS.items():
        if extension in extensions:
            return family
    return None


def unknown_codes(codes) -> list[str]:
    """Codes in `codes` that are no known type (used by the system check on settings)."""
    return [code for code in codes if code not in TYPES]


def allowed_labels(codes) -> str:
    """ "PDF 文档、文字文档、图片…" for the families among `codes`, in catalogue order."""
    families = {TYPES[c].family for c in codes if c in TYPES}
    return "、".join(str(label) for family, label in FAMILY_LABELS.items() if family in families)
