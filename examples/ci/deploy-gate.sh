#!/bin/sh
# A CI step that asks Andon whether SERVICE may deploy now, and fails the job when not.
#   ANDON_URL=https://andon.example.com ANDON_TOKEN=... SERVICE=checkout examples/ci/deploy-gate.sh
# The token needs the read scope. On a denial Andon answers 409 with the reasons, which are printed.
set -eu
answer=$(mktemp)
trap 'rm -f "$answer"' EXIT
status=$(curl --silent --show-error --output "$answer" --write-out '%{http_code}' \
  -H "Authorization: Bearer $ANDON_TOKEN" "$ANDON_URL/api/v1/gate?service=$SERVICE")
cat "$answer"; echo
if [ "$status" != 200 ]; then
  echo "deploy gate: $SERVICE may not deploy now (HTTP $status)" >&2
  exit 1
fi
echo "deploy gate: $SERVICE may deploy"
