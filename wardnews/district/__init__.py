"""The district's side: its wards' feeds gathered (``wardnews fetch``), kept in a cache inside the
project, and shown as a section of merged news and a supervision board (built offline)."""
