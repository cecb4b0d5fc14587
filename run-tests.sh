#!/usr/bin/env bash
# Runs every test. The targets-page test drives Debian's headless Chromium: installed here when
# missing (needs root and apt); everything else needs only Java 17 and Maven.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
mvn -B verify
