#!/usr/bin/env bash
# Builds Dispotify's demo library: ten short synthesized pieces (a plucked pentatonic melody over a
# I-vi-IV-V pad), each encoded to one of the supported formats with full tags. Deterministic: the
# melodies come from a fixed LCG seed per track, sox runs with -R, encoders with -bitexact.
# Needs: sox, ffmpeg (Debian: apt-get install sox ffmpeg). Output: this folder.
set -euo pipefail
cd "$(dirname "$0")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RATE=44100
ALBUM="Dispotify Demo Sessions"

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

# encode IN OUT TITLE ARTIST GENRE YEAR TRACK CODEC-OPTIONS...
encode() {
  local in=$1 out=$2 title=$3 artist=$4 genre=$5 year=$6 track=$7
  shift 7
  ffmpeg -v error -y -i "$in" -bitexact -map_metadata -1 "$@" \
    -metadata "title=$title" -metadata "artist=$artist" -metadata "album=$ALBUM" \
    -metadata "genre=$genre" -metadata "date=$year" -metadata "track=$track/10" "$out"
}

track() { # NUMBER FILE TITLE ARTIST GENRE YEAR SEED BPM ROOT SECONDS CODEC-OPTIONS...
  local number=$1 file=$2 title=$3 artist=$4 genre=$5 year=$6 seed=$7 bpm=$8 root=$9 seconds=${10}
  shift 10
  compose "$seed" "$bpm" "$root" "$seconds" "$WORK/track.wav"
  encode "$WORK/track.wav" "$file" "$title" "$artist" "$genre" "$year" "$number" "$@"
  echo "$file"
}

rm -f ./*.mp3 ./*.flac ./*.ogg ./*.opus ./*.wav
track 1 01-morning-pluck.mp3 "Morning Pluck" "The Sine Waves" Ambient 2021 11 96 -9 30 \
  -c:a libmp3lame -b:a 128k -id3v2_version 4
track 2 02-harbor-lights.mp3 "Harbor Lights" "The Sine Waves" Folk 2021 23 84 -7 25 \
  -c:a libmp3lame -b:a 96k -id3v2_version 3 -write_id3v1 1
track 3 03-slow-tide.mp3 "Slow Tide" "Oscillator Club" Chillout 2022 37 72 -12 35 \
  -c:a libmp3lame -q:a 4 -id3v2_version 4
track 4 04-night-bus.mp3 "Night Bus" "Oscillator Club" Electronic 2022 41 110 -5 45 \
  -ac 1 -c:a libmp3lame -q:a 6 -id3v2_version 3
track 5 05-glass-garden.flac "Glass Garden" "Lowpass Quartet" Classical 2020 53 66 -2 20 \
  -ac 1 -ar 22050 -c:a flac -sample_fmt s16
track 6 06-copper-fields.flac "Copper Fields" "Lowpass Quartet" Classical 2020 67 90 -10 25 \
  -ac 1 -ar 22050 -c:a flac -sample_fmt s16
track 7 07-paper-moon.ogg "Paper Moon" "Vorbis Street Band" Jazz 2019 71 100 -4 40 \
  -c:a libvorbis -q:a 3
track 8 08-lantern.ogg "Lantern" "Vorbis Street Band" Jazz 2019 83 76 -14 30 \
  -ac 1 -c:a libvorbis -q:a 2
track 9 09-drift.opus "Drift" "Opus Ensemble" Lo-Fi 2023 97 80 -8 60 \
  -c:a libopus -b:a 64k
track 10 10-low-sun.wav "Low Sun" "Wave Collective" Blues 2018 101 70 -11 20 \
  -ac 1 -ar 22050 -c:a pcm_s16le
du -ch ./*.mp3 ./*.flac ./*.ogg ./*.opus ./*.wav | tail -1
