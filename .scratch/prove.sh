set -x
cd /work/wt/apphard
cp src/lib/server/api/params.ts /tmp/apphard/params.ts
cp src/hooks.server.ts /tmp/apphard/hooks.ts
git show HEAD~2:src/lib/server/api/params.ts > src/lib/server/api/params.ts
git show HEAD~2:src/hooks.server.ts > src/hooks.server.ts
timeout 900 npx vitest run --project integration tests/integration/api-numbers.test.ts tests/integration/api-hardening.test.ts -t "numbers|malformed|URLs" 2>&1 | grep -E "✓|×|Tests|AssertionError|expected" | head -30
cp /tmp/apphard/params.ts src/lib/server/api/params.ts
cp /tmp/apphard/hooks.ts src/hooks.server.ts
timeout 900 npx vitest run --project integration tests/integration/api-numbers.test.ts tests/integration/api-hardening.test.ts 2>&1 | grep -E "✓|×|Tests|AssertionError|expected" | head -40
