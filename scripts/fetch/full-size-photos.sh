#!/usr/bin/env bash
# Real camera photos at full size, for the full-resolution work: three from Debian's pinned package
# lomiri-wallpapers-16.04 20.04.0-2 (Ubuntu Touch wallpapers; both checksums verified, the .deb's and
# each photo's; idempotent), with the package's copyright file beside them:
#   Dragonfly_by_Bolly.jpg                 4224 x 3168 (13.4 MP, 4:3 like a phone's)  CC BY-SA 4.0, "Bolly"
#   sunset_by_Aitzol_Berasategi.jpg        4272 x 2848 (12.2 MP)                      CC BY 4.0, Aitzol Berasategi
#   seeding_by_Clements_Engelhardt.jpg     5312 x 2988 (15.9 MP)                      CC0 1.0, Clemens Engelhardt
# Output: ${ACE_CACHE:-$HOME/.cache/ace}/full-size-photos/ (4 MB of JPEG; not in git).
set -euo pipefail
dir="${ACE_CACHE:-$HOME/.cache/ace}/full-size-photos"
deb=lomiri-wallpapers-16.04_20.04.0-2_all.deb
deb_sha256=a99ff6a3bfe451e4cc0682ecb3cc82e71740626d59e4845ae34a0a0e45421eab
photos=(
  "Dragonfly_by_Bolly.jpg af5af17841009732def24b09bb1e669a1b09d2b4bdeee7812c371101c30d2bb3"
  "sunset_by_Aitzol_Berasategi.jpg 474dab6a4b9f94dc76c29dfe30e9f5db4af0fd2e33fe5d695f8152b371efca18"
  "seeding_by_Clements_Engelhardt.jpg a5634d1ab5e41a3568e92d4a894a500c92b891f9ff734e50bd224d6e185a605f"
)
verified() { echo "$2  $dir/$1" | sha256sum -c --status 2>/dev/null; }
missing=0
for entry in "${photos[@]}"; do verified $entry || missing=1; done
if [ $missing = 0 ]; then echo "present and verified: $dir"; exit 0; fi

mkdir -p "$dir" /tmp/ace-apt-lists/partial
if [ ! -f "$dir/$deb" ] || ! echo "$deb_sha256  $dir/$deb" | sha256sum -c --status; then
  apt=(apt-get -q -o APT::Sandbox::User=root -oDir::State::Lists=/tmp/ace-apt-lists)
  "${apt[@]}" update > /dev/null
  (cd "$dir" && "${apt[@]}" download "lomiri-wallpapers-16.04=20.04.0-2" > /dev/null)
fi
echo "$deb_sha256  $dir/$deb" | sha256sum -c --quiet || { echo "$deb: checksum mismatch" >&2; exit 1; }
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$dir/$deb" "$unpacked"
for entry in "${photos[@]}"; do
  set -- $entry
  cp "$unpacked/usr/share/backgrounds/$1" "$dir/$1"
  verified "$1" "$2" || { echo "$1: checksum mismatch" >&2; rm -f "$dir/$1"; exit 1; }
done
cp "$unpacked/usr/share/doc/lomiri-wallpapers-16.04/copyright" "$dir/COPYRIGHT"
rm -f "$dir/$deb"
echo "fetched and verified: $dir"
