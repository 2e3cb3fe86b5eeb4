#!/usr/bin/env bash
# npm test — everything CI runs, in dependency order. Every stage runs even when an earlier one fails,
# so one run shows every problem; the exit code is non-zero if any stage failed.
set -uo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-system-packages.sh

stages=(
	"schema:check"
	"types:check"
	"docs:check"
	"test:db"
	"test:unit"
	"check"
	"build"
	"test:integration"
	"test:e2e"
)
failed=()
passed=0
start_all=$(date +%s)
for stage in "${stages[@]}"; do
	echo
	echo "━━━ npm run ${stage} ━━━"
	start=$(date +%s)
	if npm run --silent "${stage}"; then
		passed=$((passed + 1))
		echo "━━━ ${stage}: ok ($(( $(date +%s) - start )) s)"
	else
		failed+=("${stage}")
		echo "━━━ ${stage}: FAILED ($(( $(date +%s) - start )) s)"
	fi
done
echo
echo "stages run in $(( $(date +%s) - start_all )) s; failed: ${failed[*]:-none}"
echo "stages: ${passed} passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
