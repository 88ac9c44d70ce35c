"""The section's pages: which pages exist (plan), the values templates are filled with (render),
post bodies (markup), images of posts, the status page, the theme shells and the writer."""
