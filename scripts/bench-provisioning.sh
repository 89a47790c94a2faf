#!/usr/bin/env bash
# Time to provision USERS (default 10,000) users into the Graph test server at Graph's documented write quota (3,000
# writes per 150 s per app and tenant), against the least time that quota allows. Runs the throughput test of the suite
# at full size; the test prints one line with both figures and their ratio, and fails if a 429 was needed.
# Usage: [USERS=10000] scripts/bench-provisioning.sh        (about 15 minutes for 10,000 users)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IDPFED_PROVISION_BENCH_USERS="${USERS:-10000}" dotnet test "$repo/tests/IdpFederation.Tests" -c Release -nologo \
  --filter "FullyQualifiedName~ProvisioningThroughputTests" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E "users, [0-9]+ writes|Passed!|Failed!|Error Message" | sed 's/^ *//'
