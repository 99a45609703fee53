"""The book's build and check tools, run as modules: ``python -m tools.build_book``."""
