import hashlib
import io
import unittest

from archives.storage import HashingReader, hash_stream


class HashingReaderTests(unittest.TestCase):
    DATA = bytes(range(256)) * 100

    def test_sequential_reads_hash_every_byte_once(self):
        reader = HashingReader(io.BytesIO(self.DATA), "application/octet-stream")
        while reader.read(1000):
            pass
        self.assertTrue(reader.complete)
        self.assertEqual(reader.hexdigest(), hashlib.sha256(self.DATA).hexdigest())

    def test_seeking_to_measure_the_size_and_re_reading_does_not_hash_twice(self):
        reader = HashingReader(io.BytesIO(self.DATA), "application/octet-stream")
        reader.read(500)
        reader.seek(0, io.SEEK_END)
        reader.seek(0)
        while reader.read(700):
            pass
        self.assertEqual((reader.complete, reader.hashed), (True, len(self.DATA)))
        self.assertEqual(reader.hexdigest(), hashlib.sha256(self.DATA).hexdigest())

    def test_skipping_ahead_marks_the_hash_incomplete(self):
        reader = HashingReader(io.BytesIO(self.DATA), "application/octet-stream")
        reader.seek(100)
        reader.read(100)
        self.assertFalse(reader.complete)

    def test_hash_stream_counts_bytes(self):
        self.assertEqual(hash_stream(io.BytesIO(self.DATA), block_size=999),
                         (hashlib.sha256(self.DATA).hexdigest(), len(self.DATA)))
