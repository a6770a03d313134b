import io
import unittest

from django.conf import settings
from PIL import Image

from archives import demo_files as samples
from archives.detection import UnacceptableFile
from archives.images import check_image, make_thumbnail

from . import samples as bad


class ImageTests(unittest.TestCase):
    def test_header_claiming_50000_by_50000_pixels_is_refused_before_decoding(self):
        with self.assertRaises(UnacceptableFile) as caught:
            check_image(io.BytesIO(bad.png_claiming(50_000, 50_000)), "大图.png", max_pixels=80_000_000)
        self.assertEqual(caught.exception.message, "图片“大图.png”的像素数超过上限（8000 万像素）")

    def test_image_just_above_the_configured_limit_is_refused(self):
        with self.assertRaises(UnacceptableFile):
            check_image(io.BytesIO(bad.png_claiming(1001, 1000)), "a.png", max_pixels=1_000_000)

    def test_dimensions_come_from_the_header(self):
        self.assertEqual(check_image(io.BytesIO(samples.jpeg(640, 480)), "a.jpg", max_pixels=10**8), (640, 480))

    def test_thumbnail_is_a_small_jpeg(self):
        thumbnail = Image.open(io.BytesIO(make_thumbnail(io.BytesIO(samples.jpeg(1600, 1200)), "a.jpg")))
        self.assertEqual((thumbnail.format, thumbnail.size), ("JPEG", (320, 240)))

    def test_transparent_png_gets_a_white_background(self):
        thumbnail = Image.open(io.BytesIO(make_thumbnail(io.BytesIO(samples.png(colour=(0, 0, 0, 0))), "a.png")))
        self.assertEqual(thumbnail.getpixel((5, 5)), (255, 255, 255))

    def test_damaged_image_is_refused(self):
        with self.assertRaises(UnacceptableFile) as caught:
            make_thumbnail(io.BytesIO(samples.jpeg(64, 64)[:300]), "坏.jpg")
        self.assertEqual(caught.exception.message, "图片“坏.jpg”已损坏，无法读取")

    def test_default_limit_is_80_megapixels(self):
        self.assertEqual(settings.ARCHIVE_MAX_IMAGE_PIXELS, 80_000_000)
