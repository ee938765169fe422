"""hhtax: bookkeeping, tax and e-filing for Vietnamese household businesses (hộ kinh doanh)."""

__version__ = "0.1.0"
