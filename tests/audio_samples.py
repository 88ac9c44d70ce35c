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
