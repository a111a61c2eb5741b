#!/usr/bin/env bash
# kill -9 a tiny training run KILLS times at random moments (half of them during checkpoint writes),
# resuming after each, and check that it ends exactly as an uninterrupted run (KillTest; the test
# suite runs the same test with 4 kills). Usage: scripts/kill-test.sh [KILLS, default 50]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log=$(mktemp)
mvn -B -Dstyle.color=never test -Dtest=KillTest -Dgen4j.kills="${1:-50}" > "$log" 2>&1
rc=$?
grep -E "kill test:|Tests run:.*KillTest|FAIL" "$log"
[ $rc -eq 0 ] || echo "kill test failed; the whole log is $log"
exit $rc
