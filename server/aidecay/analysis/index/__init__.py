"""The workspace index: definitions of every Python file, their fingerprints and shingles,
near-miss clone search over them, and their persistence in the aidecay database."""

from .definitions import IndexedDef, decode_python, extract_defs
from .fingerprint import Features, features_of, features_of_source, fingerprint_source
from .workspace import SimilarDef, WorkspaceIndex

__all__ = [
    "Features",
    "IndexedDef",
    "SimilarDef",
    "WorkspaceIndex",
    "decode_python",
    "extract_defs",
    "features_of",
    "features_of_source",
    "fingerprint_source",
]
