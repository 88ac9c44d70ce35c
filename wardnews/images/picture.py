"""The ``<picture>`` of a processed image: values for ``templates/images/picture.html``."""

from __future__ import annotations

from dataclasses import dataclass

from wardnews.images.model import DEFAULT_SIZES, FALLBACK_SRC_WIDTH, ImageOutput, ProcessedImage
from wardnews.templating import Templates


@dataclass(frozen=True)
class Picture:
    """What the picture template shows: a WebP ``<source>`` and an ``<img>`` fallback."""

    webp_srcset: str
    fallback_srcset: str
    src: str  # the fallback for a browser without srcset
    width: int
    height: int
    sizes: str
    alt: str
    lazy: bool


def picture_values(
    processed: ProcessedImage,
    alt: str,
    sizes: str = DEFAULT_SIZES,
    lazy: bool = True,
    url_prefix: str = "",
) -> Picture:
    """The picture of ``processed``, its files in the folder at ``url_prefix``.

    ``url_prefix`` is the URL of the folder the outputs were written to, relative to the page or
    absolute ('../../anh/'). ``lazy=False`` for the image on the first screen (a post's cover):
    it is fetched at once, with high priority, instead of when scrolled to.
    """
    prefix = url_prefix if not url_prefix or url_prefix.endswith("/") else url_prefix + "/"

    def srcset(outputs: list[ImageOutput]) -> str:
        return ", ".join(f"{prefix}{o.name} {o.width}w" for o in outputs)

    fallback = processed.fallback
    src = ([o for o in fallback if o.width <= FALLBACK_SRC_WIDTH] or fallback)[-1]
    return Picture(
        srcset(processed.webp),
        srcset(fallback),
        prefix + src.name,
        src.width,
        src.height,
        sizes,
        alt,
        lazy,
    )


def picture_html(picture: Picture, templates: Templates | None = None) -> str:
    """``<picture>``: a WebP ``<source>`` and an ``<img>`` fallback, both with srcset and sizes."""
    return (templates or Templates()).render("images/picture.html", p=picture)
