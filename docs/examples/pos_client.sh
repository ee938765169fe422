#!/bin/sh
# A POS talking to `hhtax serve` with nothing but curl: append the day's sale, read the quarter's
# tax, download the quarter's return as XML. Any language with an HTTP client does the same
# (docs/api.md; the OpenAPI document is docs/api/openapi.json).
#
#   hhtax --ledger shop.sqlite serve --port 8000        # prints the address; token in shop.sqlite.token
#   HHTAX_URL=http://127.0.0.1:8000 HHTAX_TOKEN="$(cat shop.sqlite.token)" sh pos_client.sh
#
# Optional: PERIOD (default 2026-Q1), ON (the filing date, default today), OUT (default .).
set -eu
: "${HHTAX_URL:?set HHTAX_URL to the address hhtax serve printed}"
: "${HHTAX_TOKEN:?set HHTAX_TOKEN to the content of the .token file beside the ledger}"
PERIOD="${PERIOD:-2026-Q1}"
OUT="${OUT:-.}"
AUTH="Authorization: Bearer $HHTAX_TOKEN"

api() {  # api METHOD PATH [curl options…]: one call; a problem (4xx/5xx) is printed and stops the script
    method=$1 path=$2
    shift 2
    curl --silent --show-error --fail-with-body --retry 5 --retry-delay 1 \
         -X "$method" -H "$AUTH" "$@" "$HHTAX_URL/api/v1$path"
}

# 1. The sale, with the POS's own event id as `source`: sending it twice adds it once.
echo "== append"
api POST /entries -H 'Content-Type: application/json' --data-binary @- <<'JSON'
{"entries": [{"date": "2026-02-14", "kind": "sale", "amount": 1250000000, "payment": "bank",
              "description": "Bán sỉ lô hàng tết", "source": "pos:evt-2026-0214-001"}]}
JSON
echo

# 2. The quarter's tax, with each figure's explanation (English).
echo "== assessment"
api GET "/assessment/$PERIOD?lang=en"
echo

# 3. The return as XML for eTax (preparing it locks nothing).
echo "== return"
query=""
if [ -n "${ON:-}" ]; then query="?on=$ON"; fi
api GET "/returns/$PERIOD/xml$query" -o "$OUT/return-$PERIOD.xml"
echo "saved $OUT/return-$PERIOD.xml"
