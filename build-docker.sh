#!/usr/bin/env bash
# Builds the OpenAgent image with Docker Buildx.
#   ./build-docker.sh                         all architectures, openagent:latest
#   ./build-docker.sh --arch amd64|arm64|all
#   ./build-docker.sh --tag v1.0.0
#   ./build-docker.sh --registry docker.io/username --tag v1.0.0 --push
set -euo pipefail

arch=all
tag=latest
registry=""
push=false

usage() {
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arch="${2:?--arch needs amd64, arm64 or all}"; shift 2 ;;
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    --registry) registry="${2:?--registry needs a value}"; shift 2 ;;
    --push) push=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

case "$arch" in
  amd64) platforms=linux/amd64 ;;
  arm64) platforms=linux/arm64 ;;
  all) platforms=linux/amd64,linux/arm64 ;;
  *) echo "--arch must be amd64, arm64 or all" >&2; exit 2 ;;
esac

image="openagent:${tag}"
[ -n "$registry" ] && image="${registry%/}/openagent:${tag}"

if [ "$push" = false ] && [ "$platforms" = "linux/amd64,linux/arm64" ]; then
  echo "note: a multi-architecture image can only be kept by pushing it (--push); building without loading it" >&2
  output="--output=type=image"
elif [ "$push" = true ]; then
  output="--push"
else
  output="--load"
fi

cd "$(dirname "$0")"
docker buildx build --platform "$platforms" -t "$image" $output .
echo "built $image for $platforms"
