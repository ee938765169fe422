"""The `hhtax` command line: Click only. Parse, call the library, print. Nothing here computes."""
