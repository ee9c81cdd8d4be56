#!/usr/bin/env bash
# Real camera photos at full size, for the full-resolution work, from two of Debian's pinned packages
# of Ubuntu Touch wallpapers (each .deb's and each photo's checksum verified; idempotent), with each
# package's copyright file beside them:
#   lomiri-wallpapers-16.04 20.04.0-2:
#     Dragonfly_by_Bolly.jpg                 4224 x 3168 (13.4 MP, 4:3 like a phone's)  CC BY-SA 4.0, "Bolly"
#     sunset_by_Aitzol_Berasategi.jpg        4272 x 2848 (12.2 MP)                      CC BY 4.0, Aitzol Berasategi
#     seeding_by_Clements_Engelhardt.jpg     5312 x 2988 (15.9 MP)                      CC0 1.0, Clemens Engelhardt
#   lomiri-wallpapers-20.04 20.04.0-2:
#     Kleiber_by_Lukas_Baubkus.jpg           6028 x 3391 (20.4 MP, the largest found)   CC BY-SA 3.0, Lukas Baubkus
# Output: ${ACE_CACHE:-$HOME/.cache/ace}/full-size-photos/ (9 MB of JPEG; not in git).
set -euo pipefail
dir="${ACE_CACHE:-$HOME/.cache/ace}/full-size-photos"
# package version .deb-sha256 copyright-name photo photo-sha256 ...
packages=(
  "lomiri-wallpapers-16.04 20.04.0-2 a99ff6a3bfe451e4cc0682ecb3cc82e71740626d59e4845ae34a0a0e45421eab COPYRIGHT
   Dragonfly_by_Bolly.jpg af5af17841009732def24b09bb1e669a1b09d2b4bdeee7812c371101c30d2bb3
   sunset_by_Aitzol_Berasategi.jpg 474dab6a4b9f94dc76c29dfe30e9f5db4af0fd2e33fe5d695f8152b371efca18
   seeding_by_Clements_Engelhardt.jpg a5634d1ab5e41a3568e92d4a894a500c92b891f9ff734e50bd224d6e185a605f"
  "lomiri-wallpapers-20.04 20.04.0-2 d44e89b8473aafe64a5b678f014862dc31335aaaf18665c544d985d854f1a709 COPYRIGHT-20.04
   Kleiber_by_Lukas_Baubkus.jpg 6572410c09f4492c74ccadde133565a14c0161617d5917d4c820c66d65a44ba7"
)
verified() { echo "$2  $dir/$1" | sha256sum -c --status 2>/dev/null; }
mkdir -p "$dir"
fetched=0
for entry in "${packages[@]}"; do
  set -- $entry
  package=$1 version=$2 deb_sha256=$3 copyright=$4
  shift 4
  photos=("$@")
  missing=0
  for ((i = 0; i < ${#photos[@]}; i += 2)); do verified "${photos[i]}" "${photos[i + 1]}" || missing=1; done
  [ $missing = 1 ] || continue
  deb="${package}_${version}_all.deb"
  if [ ! -f "$dir/$deb" ] || ! echo "$deb_sha256  $dir/$deb" | sha256sum -c --status; then
    mkdir -p /tmp/ace-apt-lists/partial
    apt=(apt-get -q -o APT::Sandbox::User=root -oDir::State::Lists=/tmp/ace-apt-lists)
    "${apt[@]}" update > /dev/null
    (cd "$dir" && "${apt[@]}" download "$package=$version" > /dev/null)
  fi
  echo "$deb_sha256  $dir/$deb" | sha256sum -c --quiet || { echo "$deb: checksum mismatch" >&2; exit 1; }
  unpacked=$(mktemp -d)
  dpkg-deb -x "$dir/$deb" "$unpacked"
  for ((i = 0; i < ${#photos[@]}; i += 2)); do
    cp "$unpacked/usr/share/backgrounds/${photos[i]}" "$dir/${photos[i]}"
    verified "${photos[i]}" "${photos[i + 1]}" || { echo "${photos[i]}: checksum mismatch" >&2; rm -f "$dir/${photos[i]}"; exit 1; }
  done
  cp "$unpacked/usr/share/doc/$package/copyright" "$dir/$copyright"
  rm -rf "$unpacked" "$dir/$deb"
  fetched=1
done
[ $fetched = 1 ] && echo "fetched and verified: $dir" || echo "present and verified: $dir"
