"""The archive: documents kept in a file and added to (:class:`Archive`)."""

from provenance.store.archive import Added, Archive
from provenance.store.lookup import Lookup, Match

__all__ = ["Added", "Archive", "Lookup", "Match"]
