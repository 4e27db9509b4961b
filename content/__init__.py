"""Authored content (YAML and Markdown) and the pydantic models that validate it.

Never imports textual.
"""

from content.loader import ContentError, Library, load_library

__all__ = ["ContentError", "Library", "load_library"]
