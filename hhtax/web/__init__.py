"""`hhtax serve`: a local web app and JSON API over one ledger, or an accountant's folder of ledgers.

Needs the optional extra `serve` (FastAPI, uvicorn, Jinja2, python-multipart). Nothing outside this
package and `hhtax/cli/serve_cmds.py` imports them, so the CLI and the library work without it.
The design both halves follow (API and pages) is in docs/api.md and docs/security.md.
"""
