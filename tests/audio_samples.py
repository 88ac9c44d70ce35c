"""Real audio for the tests: a tone encoded to MP3 by LAME (lameenc, the test extra)."""

from __future__ import annotations

import math
import struct

import lameenc

RATE = 16_000  # samples per second, mono
TONE_HZ = 400  # a whole number of samples per period at RATE: the tone repeats exactly


def pcm_tone(seconds: float) -> bytes:
    """``seconds`` of a 400 Hz tone as 16-bit little-endian mono PCM at 16 kHz."""
    period = RATE // TONE_HZ
    wave = b"".join(
        struct.pack("<h", round(9000 * math.sin(2 * math.pi * i / period))) for i in range(period)
    )
    samples = round(seconds * RATE)
    return (wave * (samples // period + 1))[: samples * 2]


def mp3_tone(seconds: float, kbps: int = 32) -> bytes:
    """A real MP3 (MPEG-2 layer III, mono) of ``seconds`` of tone."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(kbps)
    encoder.set_in_sample_rate(RATE)
    encoder.set_channels(1)
    encoder.set_quality(7)
    return bytes(encoder.encode(pcm_tone(seconds)) + encoder.flush())


def html_page() -> bytes:
    """A web page, as an editor might save one under a '.mp3' name by mistake."""
    return (
        b"<!DOCTYPE html>\n<html lang='vi'><head><title>Ch\xc6\xb0\xc6\xa1ng tr\xc3\xacnh</title>"
    )


def ogg_vorbis(seconds: int, rate: int = 16_000, end: bool = True) -> bytes:
    """An Ogg Vorbis stream built page by page with mutagen (no Vorbis encoder on PyPI without
    NumPy): real headers, silent packets, the last page's granule saying ``seconds``."""
    from mutagen.ogg import OggPage

    def page(packets: list[bytes], sequence: int, position: int, **flags: bool) -> bytes:
        made = OggPage()
        made.serial, made.sequence, made.position, made.packets = 7, sequence, position, packets
        made.first, made.last = flags.get("first", False), flags.get("last", False)
        return made.write()

    ident = b"\x01vorbis" + struct.pack("<IBIiiiBB", 0, 1, rate, 0, 32000, 0, 0xB8, 1)
    vendor = b"wardnews tests"
    comment = b"\x03vorbis" + struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", 0)
    setup = b"\x05vorbis" + bytes(40)
    data = page([ident], 0, 0, first=True) + page([comment + b"\x01", setup], 1, 0)
    data += page([bytes(300)] * 5, 2, rate * seconds // 2)
    if end:
        data += page([bytes(300)] * 5, 3, rate * seconds, last=True)
    return data


def m4a(seconds: int, timescale: int = 16_000) -> bytes:
    """An MP4 audio container (ftyp, moov with a sound track's mdhd, mdat) built box by box."""

    def box(name: bytes, payload: bytes) -> bytes:
        return struct.pack(">I4s", 8 + len(payload), name) + payload

    header = struct.pack(">IIII", 0, 0, timescale, timescale * seconds)
    mdhd = box(b"mdhd", bytes(4) + header + b"\x55\xc4\x00\x00")
    hdlr = box(b"hdlr", bytes(8) + b"soun" + bytes(13))
    minf = box(b"minf", box(b"stbl", box(b"stsd", bytes(8))))
    moov = box(b"moov", box(b"trak", box(b"mdia", mdhd + hdlr + minf)))
    return box(b"ftyp", b"M4A " + bytes(4) + b"M4A isom") + moov + box(b"mdat", bytes(2000))
