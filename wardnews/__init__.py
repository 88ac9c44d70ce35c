"""wardnews: the digital-transformation news section of a Vietnamese ward or commune.

The core of the project. It reads posts, validates them and computes the pages of the section as
values; it never imports MkDocs, so the MkDocs hooks in ``hooks/`` stay a thin door.
"""

__version__ = "0.1.0"
