#!/usr/bin/env bash
# Builds Dispotify's demo library: ten short synthesized pieces (a plucked pentatonic melody over a
# I-vi-IV-V pad), each encoded to one of the supported formats with full tags, in four album folders
# with synthesized cover art: embedded in the files (ID3v2 APIC, FLAC PICTURE, Vorbis/Opus
# METADATA_BLOCK_PICTURE) for some, a folder cover.jpg / cover.png for the others (which
# `dispotify upload` sends with the songs that embed none). Deterministic: the melodies come from a
# fixed LCG seed per track, the covers from fixed formulas, sox runs with -R, encoders with -bitexact.
# Needs: sox, ffmpeg (Debian: apt-get install sox ffmpeg). Output: this folder.
set -euo pipefail
cd "$(dirname "$0")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RATE=44100

# compose SEED BPM ROOT SECONDS OUT.wav: melody + pad, stereo 44.1 kHz
compose() {
  local seed=$1 bpm=$2 root=$3 seconds=$4 out=$5
  local beat bar bars scale progression melody=() pad=() lcg=$seed i n note chord
  beat=$(awk -v b="$bpm" 'BEGIN { printf "%.4f", 60 / b }')
  bar=$(awk -v b="$beat" 'BEGIN { printf "%.4f", 4 * b }')
  bars=$(awk -v s="$seconds" -v b="$bar" 'BEGIN { printf "%d", s / b + 1 }')
  scale=(0 2 4 7 9 12 14 16)
  progression=(0 9 5 7)
  n=$((bars * 8))
  for ((i = 0; i < n; i++)); do
    lcg=$(( (lcg * 1103515245 + 12345) % 2147483648 ))
    note=$(( root + scale[(lcg >> 16) % 8] ))
    if (( (lcg >> 8) % 5 == 0 )); then
      melody+=(synth "$(awk -v b="$beat" 'BEGIN { printf "%.4f", b / 2 }')" sine 1 vol 0.001 :)   # a rest
    else
      melody+=(synth "$(awk -v b="$beat" 'BEGIN { printf "%.4f", b / 2 }')" pluck "%$note" fade 0 0 0.08 :)
    fi
  done
  for ((i = 0; i < bars; i++)); do
    chord=$(( root - 12 + progression[i % 4] ))
    if (( progression[i % 4] == 9 )); then third=3; else third=4; fi
    pad+=(synth "$bar" triangle "%$chord" sine mix "%$((chord + third))" sine mix "%$((chord + 7))" fade 0.2 "$bar" 0.4 :)
  done
  unset 'melody[${#melody[@]}-1]' 'pad[${#pad[@]}-1]'
  sox -R -n -r $RATE -c 1 "$WORK/melody.wav" "${melody[@]}"
  sox -R -n -r $RATE -c 1 "$WORK/pad.wav" "${pad[@]}"
  sox -R -M -v 0.55 "$WORK/melody.wav" -v 0.35 "$WORK/pad.wav" "$out" \
    remix 1v0.8,2v0.5 1v0.3,2v0.5 reverb 40 50 60 trim 0 "$seconds" fade 0 "$seconds" 1.5 gain -n -3
}

# cover OUT.(jpg|png) SIZE EXPRESSION-R EXPRESSION-G EXPRESSION-B: one still picture from ffmpeg's geq
# (per-pixel formulas of X, Y, W, H): deterministic, no fonts, no source images.
cover() {
  local out=$1 size=$2
  local -a quality=() pixels=rgb24
  [[ $out == *.jpg ]] && quality=(-q:v 4) && pixels=yuvj444p
  ffmpeg -v error -y -f lavfi -i "color=black:s=${size}x${size}:d=1,format=rgb24" \
    -vf "geq=r='$3':g='$4':b='$5',format=$pixels" -frames:v 1 -bitexact "${quality[@]}" "$out"
}

# flac_picture IMAGE MIME: a FLAC PICTURE block (front cover), base64, as Vorbis comments carry it
flac_picture() {
  local image=$1 mime=$2 size
  size=$(stat -c %s "$image")
  be32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(( ($1 >> 24) & 255 )) $(( ($1 >> 16) & 255 )) $(( ($1 >> 8) & 255 )) $(( $1 & 255 )); }
  { printf "$(be32 3)$(be32 ${#mime})"; printf %s "$mime"; printf "$(be32 0)$(be32 0)$(be32 0)$(be32 24)$(be32 0)$(be32 "$size")"
    cat "$image"; } | base64 -w0
}

# encode IN OUT TITLE ARTIST ALBUM GENRE YEAR TRACK/TOTAL CODEC-OPTIONS...
encode() {
  local in=$1 out=$2 title=$3 artist=$4 album=$5 genre=$6 year=$7 track=$8
  shift 8
  ffmpeg -v error -y -i "$in" "${PICTURE_INPUT[@]}" -bitexact -map_metadata -1 -map 0:a "${PICTURE_MAP[@]}" "$@" \
    -metadata "title=$title" -metadata "artist=$artist" -metadata "album=$album" \
    -metadata "genre=$genre" -metadata "date=$year" -metadata "track=$track" "${EXTRA_TAGS[@]}" "$out"
}

track() { # FILE TITLE ARTIST ALBUM GENRE YEAR TRACK/TOTAL SEED BPM ROOT SECONDS CODEC-OPTIONS...
  local file=$1 title=$2 artist=$3 album=$4 genre=$5 year=$6 number=$7 seed=$8 bpm=$9 root=${10} seconds=${11}
  shift 11
  compose "$seed" "$bpm" "$root" "$seconds" "$WORK/track.wav"
  encode "$WORK/track.wav" "$file" "$title" "$artist" "$album" "$genre" "$year" "$number" "$@"
  echo "$file"
}

# How the next tracks carry a picture: as an attached picture stream (MP3 APIC, FLAC PICTURE), as a
# METADATA_BLOCK_PICTURE comment (Ogg Vorbis, Opus: ffmpeg 5.1 writes no picture streams to Ogg), or not.
attached() { PICTURE_INPUT=(-i "$1"); PICTURE_MAP=(-map 1:v -c:v copy -disposition:v attached_pic -metadata:s:v "comment=Cover (front)"); EXTRA_TAGS=(); }
commented() { PICTURE_INPUT=(); PICTURE_MAP=(); EXTRA_TAGS=(-metadata "METADATA_BLOCK_PICTURE=$(flac_picture "$1" "$2")"); }
bare() { PICTURE_INPUT=(); PICTURE_MAP=(); EXTRA_TAGS=(); }

rm -rf ./*.mp3 ./*.flac ./*.ogg ./*.opus ./*.wav first-light night-drives glass-works demo-sessions
mkdir -p first-light night-drives glass-works demo-sessions

# Album 1, covers embedded as ID3v2 APIC (v2.4 and v2.3): a sunrise.
cover "$WORK/first-light.jpg" 400 \
  'if(lt(hypot(X-W/2,Y-H*0.62),W/5),255,70+160*Y/H)' 'if(lt(hypot(X-W/2,Y-H*0.62),W/5),200,40+90*Y/H)' \
  'if(lt(hypot(X-W/2,Y-H*0.62),W/5),80,120-60*Y/H)'
attached "$WORK/first-light.jpg"
track first-light/01-morning-pluck.mp3 "Morning Pluck" "The Sine Waves" "First Light" Ambient 2021 1/2 11 96 -9 30 \
  -c:a libmp3lame -b:a 128k -id3v2_version 4
track first-light/02-harbor-lights.mp3 "Harbor Lights" "The Sine Waves" "First Light" Folk 2021 2/2 23 84 -7 25 \
  -c:a libmp3lame -b:a 96k -id3v2_version 3 -write_id3v1 1

# Album 2, no embedded pictures: the folder's cover.jpg (night stripes).
bare
cover night-drives/cover.jpg 400 '20+30*sin(Y/9)+60*gt(mod(X+Y,80),72)' '20+20*sin(Y/9)' '60+60*Y/H+80*gt(mod(X+Y,80),72)'
track night-drives/03-slow-tide.mp3 "Slow Tide" "Oscillator Club" "Night Drives" Chillout 2022 1/2 37 72 -12 35 \
  -c:a libmp3lame -q:a 4 -id3v2_version 4
track night-drives/04-night-bus.mp3 "Night Bus" "Oscillator Club" "Night Drives" Electronic 2022 2/2 41 110 -5 45 \
  -ac 1 -c:a libmp3lame -q:a 6 -id3v2_version 3

# Album 3, a PNG cover in a FLAC PICTURE block: glass rings.
cover "$WORK/glass-works.png" 300 '120+100*sin(hypot(X-W/2,Y-H/2)/7)' '170+60*sin(hypot(X-W/2,Y-H/2)/11)' '200+50*cos(X/23)'
attached "$WORK/glass-works.png"
track glass-works/05-glass-garden.flac "Glass Garden" "Lowpass Quartet" "Glass Works" Classical 2020 1/2 53 66 -2 20 \
  -ac 1 -ar 22050 -c:a flac -sample_fmt s16
track glass-works/06-copper-fields.flac "Copper Fields" "Lowpass Quartet" "Glass Works" Classical 2020 2/2 67 90 -10 25 \
  -ac 1 -ar 22050 -c:a flac -sample_fmt s16

# Album 4, a compilation of four artists ("Various Artists"): two files embed its cover as a
# METADATA_BLOCK_PICTURE, the other two (Ogg without a picture, WAV) get the folder's cover.jpg. The
# Ogg files carry COMPILATION=1; the others nothing: the catalog's rule groups them all the same.
cover demo-sessions/cover.jpg 400 '128+127*sin(X/31)*cos(Y/37)' '128+127*sin(Y/29+1)' '128+127*cos((X+Y)/41)'
commented demo-sessions/cover.jpg image/jpeg
EXTRA_TAGS+=(-metadata "compilation=1")
track demo-sessions/07-paper-moon.ogg "Paper Moon" "Vorbis Street Band" "Dispotify Demo Sessions" Jazz 2019 1/4 71 100 -4 40 \
  -c:a libvorbis -q:a 3
bare
EXTRA_TAGS=(-metadata "compilation=1")
track demo-sessions/08-lantern.ogg "Lantern" "Vorbis Street Band" "Dispotify Demo Sessions" Jazz 2019 2/4 83 76 -14 30 \
  -ac 1 -c:a libvorbis -q:a 2
commented demo-sessions/cover.jpg image/jpeg
track demo-sessions/09-drift.opus "Drift" "Opus Ensemble" "Dispotify Demo Sessions" Lo-Fi 2023 3/4 97 80 -8 60 \
  -c:a libopus -b:a 64k
bare
track demo-sessions/10-low-sun.wav "Low Sun" "Wave Collective" "Dispotify Demo Sessions" Blues 2018 4/4 101 70 -11 20 \
  -ac 1 -ar 22050 -c:a pcm_s16le
du -ch ./*/* | tail -1
