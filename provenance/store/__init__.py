"""The archive: documents kept in a file and added to (:class:`Archive`)."""

from provenance.store.archive import Added, Archive

__all__ = ["Added", "Archive"]
