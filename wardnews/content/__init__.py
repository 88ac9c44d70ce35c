"""Reading the source: mkdocs.yml's ``extra.wardnews``, the criteria catalog, the cadence rules
and the posts, validated at the door (every problem collected, with file, line, key, expected and
found) and normalised (NFC text, aware dates, codes as written). Nothing here renders anything."""
