#!/bin/sh
# Fills corpus/<target>/ with ../examples/*.json and the hand-made seeds/<target>/*.
# Every example goes to every target: all readers share the strict JSON parser, and the
# credentials are also near-misses for the other formats. corpus/ is not committed.
set -eu
cd "$(dirname "$0")"
for t in request credential signed_credential presentation keys; do
    mkdir -p "corpus/$t"
    cp ../examples/*.json "corpus/$t/"
    if [ -d "seeds/$t" ]; then cp seeds/"$t"/* "corpus/$t/"; fi
done
