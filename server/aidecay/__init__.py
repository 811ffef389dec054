"""aidecay: follow AI-written code regions through later edits and flag their decay."""

__version__ = "0.1.0"
