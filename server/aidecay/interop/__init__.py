"""Other tools writing into aidecay: ``aidecay mark``, agent hooks and git-ai notes import and
export. Each records regions through the tracker, like the editor does."""
