"""The workspace index: definitions of every Python file (``definitions``), their one-pass
fingerprints and shingles (``fingerprint``), near-miss clone search (``similarity``), the
index itself (``workspace``), its persistence in the aidecay database (``persist``) and the
process pool that builds it (``pool``). Import the submodules; this package imports nothing."""
