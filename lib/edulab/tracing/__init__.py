"""Deep knowledge tracing (lecture 01_dkt)."""
