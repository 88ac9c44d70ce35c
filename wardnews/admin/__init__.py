"""The web editor: a Decap CMS admin page generated from the project (config.py, site.py)."""
