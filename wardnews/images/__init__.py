"""Images of posts for phones on mobile data: checked, upright, without metadata, in a few widths.

Editors drop 5 MB phone photos, with GPS coordinates in their EXIF, next to their posts. This
package turns each into small WebP files plus a JPEG (or PNG) fallback at a few widths, and gives
the values of the ``<picture>`` element that lets a phone fetch only the width it needs
(``templates/images/picture.html``). It is a pure core
(Pillow, no MkDocs): read -> build -> write, as the rest of the package.

API for a site builder (the MkDocs hook or any other engine)::

    from wardnews.images import cache, encode, inspect, model, picture

    limits = model.ImageLimits.from_config(config)
    settings = model.ImageSettings.from_config(config)

    # 1. Read: inspect every image every post refers to, collecting all problems of the build.
    infos, problems = [], []
    for post in posts:
        refs = [(post.image, post.image_alt, "image", None)] if post.image else []
        refs += inline_images(post)  # (path as written, alt, None, line), parsed by the caller
        for written, alt, key, line in refs:
            info, found = inspect.inspect_image(written, post.path, limits, alt=alt, key=key,
                                               line=line)
            problems += found
            if info is not None:
                infos.append(info)
    if errors_only(problems):
        raise WardnewsError(problems)

    # 2. Build: encode, or reuse the cache (.cache/wardnews/images/ under the project root).
    processed, found = encode.process_images(infos, settings, model.default_cache_dir(config))

    # 3. Write: copy the files into the site, and put the HTML in the page.
    site_folder = "tin-tuc/anh/"                      # one flat folder: names are unique
    for item in processed.values():
        cache.write_images(item, site_dir / site_folder)   # or hand output.path to the engine
    values = picture.picture_values(processed[info.path], info.alt, lazy=not first_screen,
                                    url_prefix=relative_url(page_url, site_folder))
    html = picture.picture_html(values, templates)     # or hand the values to a page template

Modules: ``model`` (settings, limits and results as values), ``inspect`` (reading and checking a
file), ``encode`` (resizing, encoding WebP and fallback), ``cache`` (the encoded files in
``.cache/`` and in the site), ``picture`` (the values of the ``<picture>`` template).

``inspect_image`` takes the path as the editor wrote it, relative to the post's folder
(``anh/cao-son.jpg``); ``ImageInfo.path`` is the project-relative path (``posts/2024/anh/...``),
the key of ``process_images``' result. Output names (``cao-son-3f9c2a1b7e-960.webp``) carry a hash
of the source bytes and the settings, so they never collide and a changed image or setting never
serves a stale file: the folder can be cached forever by browsers.

Decisions, for the reader of the code:
- Orientation: ``ImageOps.exif_transpose``; outputs are upright and carry no orientation tag.
- Metadata: none at all in any output (no EXIF, GPS, XMP, comments, ICC). Pixels of an image with
  a non-sRGB ICC profile (iPhone's Display P3, a CMYK print file) are converted to sRGB first, so
  dropping the profile does not change the colours browsers show (they assume sRGB).
- Formats: photos -> lossy WebP (quality 75) + progressive JPEG (quality 80, 4:2:0). Images with
  real transparency -> lossy WebP with alpha + PNG. Graphics (a PNG or GIF with at most 256
  colours: posters, charts, screenshots) -> lossless WebP + PNG, so text stays sharp. An animated
  GIF or WebP keeps its first frame only.
- Widths: each configured width smaller than or equal to the original; never upscaled. When the
  original is narrower than the largest configured width, it is also produced at its own width.
- Determinism: fixed encoder options, no timestamps, no metadata: same input, same bytes.
"""
