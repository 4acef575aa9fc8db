#!/usr/bin/env python3
"""Writes the corpus's binary and XML inputs (ABIF, images, kit XML) from the baseline files and tests/data: python3 tests/corpus/make_binary.py.

Deterministic: running it again rewrites the same bytes. Each file is named what-it-attacks.refuse.EXT (must be refused with
a coded error, nothing written), .accept.EXT (must be accepted, and the registry still assessed and reported) or .either.EXT
(valid input whose answer may be a coded refusal).
"""
import struct
import sys
import zlib

sys.dont_write_bytecode = True  # no __pycache__ among the corpus files

from corpus_io import data, write

# ---------------------------------------------------------------- ABIF files (str analyze FILE --ladder … --kit Identifiler --patient P-CORPUS)
def abif(entries, version=101, count=None, dir_offset=None, dir_size=None):
    """A big-endian ABIF file: header, the tags' data, then the directory (28-byte entries)."""
    body = b''
    directory = b''
    offset = 128
    for name, number, etype, esize, values in entries:
        size = len(values)
        if size <= 4:  # small data sits in the offset field itself
            directory += struct.pack('>4sihhii', name, number, etype, esize, size // esize, size) + values.ljust(4, b'\0') + struct.pack('>i', 0)
        else:
            directory += struct.pack('>4sihhiiii', name, number, etype, esize, size // esize, size, offset, 0)
            body += values
            offset += size
    n = len(entries) if count is None else count
    header = b'ABIF' + struct.pack('>H', version) + struct.pack('>4sihhiiii', b'tdir', 1, 1023, 28, n,
                                                                 len(directory) if dir_size is None else dir_size,
                                                                 offset if dir_offset is None else dir_offset, 0)
    header = header.ljust(128, b'\xff')
    return header + body + directory


def trace(number, length=200):
    return (b'DATA', number, 4, 2, b''.join(struct.pack('>h', (i * 7 + number) % 50) for i in range(length)))


minimal = [trace(1), trace(2), trace(3), trace(4), trace(105), (b'DyeN', 1, 18, 1, b'\x046FAM'), (b'TUBE', 1, 18, 1, b'\x02A1')]
positive = data('str/osiris/identifiler/Positive_Control.fsa')
write('abif/empty-file.refuse.fsa', b'')
write('abif/wrong-magic.refuse.fsa', b'ABCD' + abif(minimal)[4:])
write('abif/png-bytes-named-fsa.refuse.fsa', b'\x89PNG\r\n\x1a\n' + bytes(200))
write('abif/truncated-header-10-bytes.refuse.fsa', positive[:10])
write('abif/truncated-before-directory.refuse.fsa', positive[:4096])
write('abif/version-500.refuse.fsa', abif(minimal, version=500))
write('abif/directory-count-2147483647.refuse.fsa', abif(minimal, count=0x7FFFFFFF))
write('abif/directory-offset-negative.refuse.fsa', abif(minimal, dir_offset=-28))
write('abif/directory-offset-past-end.refuse.fsa', abif(minimal, dir_offset=0x7FFFFF00))
write('abif/directory-pointing-at-header.refuse.fsa', abif(minimal, dir_offset=0))
write('abif/trace-declaring-2-GB.refuse.fsa', abif([(b'DATA', 1, 4, 2, b'\0' * 8)] + minimal[1:]).replace(struct.pack('>4sihhii', b'DATA', 1, 4, 2, 4, 8), struct.pack('>4sihhii', b'DATA', 1, 4, 2, 0x3FFFFFFF, 0x7FFFFFFE), 1))
write('abif/element-size-zero.refuse.fsa', abif(minimal).replace(struct.pack('>4sihh', b'DATA', 2, 4, 2), struct.pack('>4sihh', b'DATA', 2, 4, 0), 1))
write('abif/no-traces.refuse.fsa', abif([(b'TUBE', 1, 18, 1, b'\x02A1'), (b'SMPL', 1, 18, 1, b'\x04test')]))
write('abif/traces-of-one-scan.refuse.fsa', abif([trace(n, 1) for n in (1, 2, 3, 4, 105)]))
write('abif/noise-only-no-size-standard.refuse.fsa', abif(minimal))

# ---------------------------------------------------------------- images (array quantify FILE --layout ARY022B.csv --patient P-CORPUS)


def png_chunk(kind, payload):
    return struct.pack('>I', len(payload)) + kind + payload + struct.pack('>I', zlib.crc32(kind + payload) & 0xffffffff)


def png(width, height, idat, depth=8, colour=0):
    return (b'\x89PNG\r\n\x1a\n' + png_chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, depth, colour, 0, 0, 0))
            + png_chunk(b'IDAT', idat) + png_chunk(b'IEND', b''))


def tiff(width, height, rows_per_strip=None, bits=16, pixels=None, next_ifd=0, strip_bytes=None, pages=1):
    """A little-endian grey TIFF: one strip per page, uncompressed."""
    pixels = pixels if pixels is not None else bytes(width * height * bits // 8 if width * height < 10**6 else 16)
    out = bytearray(b'II*\x00' + struct.pack('<I', 8))
    for page in range(pages):
        ifd_at = len(out)
        tags = [(256, 4, width), (257, 4, height), (258, 3, bits), (259, 3, 1), (262, 3, 1), (273, 4, 0),
                (277, 3, 1), (278, 4, height if rows_per_strip is None else rows_per_strip), (279, 4, len(pixels) if strip_bytes is None else strip_bytes)]
        size = 2 + 12 * len(tags) + 4
        data_at = ifd_at + size
        out += struct.pack('<H', len(tags))
        for tag, kind, value in tags:
            value = data_at if tag == 273 else value
            out += struct.pack('<HHI', tag, kind, 1) + (struct.pack('<HH', value, 0) if kind == 3 else struct.pack('<I', value))
        last = page == pages - 1
        following = data_at + len(pixels) if not last else ifd_at if next_ifd == 'self' else next_ifd
        out += struct.pack('<I', following)
        out += pixels
    return bytes(out)


blank = zlib.compress(b''.join(b'\0' + bytes(64) for _ in range(64)))
write('images/empty-file.refuse.png', b'')
write('images/truncated-signature.refuse.png', b'\x89PN')
write('images/png-20000x20000-declared-idat-of-a-few-bytes.refuse.png', png(20000, 20000, zlib.compress(bytes(20001 * 4))))
write('images/png-1x1.refuse.png', png(1, 1, zlib.compress(b'\0\0')))
write('images/png-crc-wrong.refuse.png', png(64, 64, blank)[:-20] + b'\0\0\0\0' + png(64, 64, blank)[-16:])
write('images/png-idat-garbage.refuse.png', png(64, 64, b'\x78\x9c' + bytes(range(200))))
write('images/tiff-rows-per-strip-0.refuse.tif', tiff(64, 64, rows_per_strip=0))
write('images/tiff-20000x20000-declared-tiny-strip.refuse.tif', tiff(20000, 20000, pixels=bytes(16)))
write('images/tiff-zero-width.refuse.tif', tiff(0, 64, pixels=bytes(16)))
write('images/tiff-bits-per-sample-3.refuse.tif', tiff(64, 64, bits=3, pixels=bytes(64 * 64 * 3 // 8)))
write('images/tiff-strip-byte-count-past-end.refuse.tif', tiff(64, 64, strip_bytes=0x7FFFFFF0))
write('images/tiff-ifd-chain-loops-to-itself.refuse.tif', tiff(64, 64, next_ifd='self'))
write('images/tiff-300-pages.refuse.tif', tiff(2, 2, pages=300))
write('images/wrong-magic-tiff-header.refuse.tif', b'MX*\x00' + bytes(100))
write('images/jpeg-65500x65500-declared-truncated.refuse.jpg',
      b'\xff\xd8' + b'\xff\xc0' + struct.pack('>HBHHB', 11, 8, 65500, 65500, 1) + b'\x01\x11\x00' + b'\xff\xda' + struct.pack('>HB', 8, 1) + b'\x01\x00\x00\x3f\x00' + bytes(32))
write('images/gif-1x1-unsupported-format.refuse.gif', b'GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;')

# ---------------------------------------------------------------- kit XML (str analyze … --kit FILE)
kit = data('str/kits/osiris/Identifiler_LadderInfo.xml')
write('kit/empty-file.refuse.xml', b'')
write('kit/truncated.refuse.xml', kit[:3000])
write('kit/not-xml.refuse.xml', b'kit,locus\nIdentifiler,D8S1179\n')
write('kit/billion-laughs-entity-expansion.refuse.xml', '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
      + ''.join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
      + ']>\n<KitData><Kits><Set><Name>&lol9;</Name></Set></Kits></KitData>\n')
write('kit/external-entity-etc-passwd.refuse.xml', '<?xml version="1.0"?>\n<!DOCTYPE kit [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
      '<KitData><Kits><Set><Name>&xxe;</Name></Set></Kits></KitData>\n')

